"""The actor knowledge base: coverage of every state, dated roles, user files, imports."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from diplowatch import actor_eval
from diplowatch.actors import GERMAN_ADJECTIVE_ENDINGS, gazetteer_for
from diplowatch.errors import InputError
from diplowatch.kb import Entity, Role, load_knowledge
from diplowatch.phoenix import read_actors

from .conftest import REPO, SHARED

STATE_KINDS = ("state", "observer", "territory", "historic")


def resolved_country(text: str, lang: str) -> str | None:
    mention = actor_eval.resolve_one(text, lang)
    return mention.actor.country if mention and mention.actor else None


def country_cases() -> list[tuple[str, str, str]]:
    """(code, lang, form) for every listed name, genitive, adjective form and demonym."""
    cases = []
    for code, entry in load_knowledge().countries.items():
        ambiguous = set(entry.get("ambiguous_forms") or [])
        for lang in ("de", "en"):
            fields = entry.get(lang) or {}
            if isinstance(entry.get("ambiguous_forms"), dict):
                ambiguous = set(entry["ambiguous_forms"].get(lang, []))
            forms = [*fields.get("names", []), *fields.get("demonyms", [])]
            endings = GERMAN_ADJECTIVE_ENDINGS if lang == "de" else ("",)
            forms += [
                a + e for a in fields.get("adjectives", []) if a not in ambiguous for e in endings
            ]
            cases += [(code, lang, f) for f in forms if f not in ambiguous]
    return cases


def test_every_state_is_in_the_knowledge_base() -> None:
    countries = load_knowledge().countries
    states = [c for c, e in countries.items() if e.get("kind") == "state"]
    assert len(states) == 193
    for extra in ("PSE", "VAT", "XKX", "TWN", "ESH", "SUN", "YUG"):
        assert extra in countries


def test_every_name_adjective_and_demonym_resolves_to_its_state() -> None:
    cases = country_cases()
    assert len(cases) > 4000
    wrong = [(code, lang, form, found) for code, lang, form in cases
             if (found := resolved_country(form, lang)) != code]  # fmt: skip
    # A form two states share is listed as ambiguous in both; anything else is a data error.
    assert wrong == []


def test_organisations_resolve_in_both_languages() -> None:
    for text, lang in (("Vereinte Nationen", "de"), ("United Nations", "en"), ("Nato", "de"),
                       ("NATO", "en"), ("Europäische Union", "de"), ("IAEA", "en")):  # fmt: skip
        assert resolved_country(text, lang) == "IGO", text


def test_entity_roles_by_date() -> None:
    entity = Entity(
        "x", ("X",), (),
        (Role("ABCGOV", dt.date(2001, 1, 1), dt.date(2004, 12, 31)), Role("ABCELI")),
    )  # fmt: skip
    assert entity.actor_at(dt.date(2002, 6, 1)).code == "ABCGOV"
    assert entity.actor_at(dt.date(2006, 6, 1)).code == "ABCELI"
    assert entity.actor_at(None).code == "ABCGOV"
    bare = Entity("y", ("Y",), (), (Role("DEFGOV", dt.date(2001, 1, 1), dt.date(2002, 1, 1)),))
    assert bare.actor_at(dt.date(2010, 1, 1)).code == "DEF"


def test_user_file_extends_countries_persons_agents(tmp_path: Path) -> None:
    user = tmp_path / "mine.yaml"
    user.write_text(
        "persons:\n"
        "  jana-novak:\n"
        "    names: [Jana Novak]\n"
        "    roles: [{code: SVNGOV, from: 2031-01-01, to: null, title: foreign minister}]\n"
        "countries:\n"
        "  SVN: {de: {names: [Slowenische Republik]}}\n"
        "agents:\n"
        "  de: {GOV: [Staatskanzlei]}\n",
        encoding="utf-8",
    )
    files = (str(user),)
    gazetteer = gazetteer_for("de", files)
    from diplowatch.model import Sentence
    from diplowatch.resolve import resolve_document

    text = "Jana Novak und die Slowenische Republik; die serbische Staatskanzlei."
    found = resolve_document(
        text, [Sentence(0, 0, len(text), text)], gazetteer, dt.date(2032, 1, 1)
    )
    assert [(m.text, m.actor.code) for m in found if m.actor] == [
        ("Jana Novak", "SVNGOV"), ("Slowenische Republik", "SVN"), ("serbische Staatskanzlei", "SRBGOV"),
    ]  # fmt: skip
    assert resolved_country("Slowenien", "de") == "SVN"  # the bundled names stay


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("persons:\n  a: {names: [A], roles: [{code: abc}]}\n", "not a CAMEO actor code"),
        (
            "persons:\n  a: {names: [A], roles: [{code: ABCGOV, from: 31.12.2020}]}\n",
            "is not a date",
        ),
        ("persons:\n  a: {names: [], code: ABC}\n", "at least one name"),
        ("people: {}\n", "sections"),
        ("persons: [unclosed\n", "not valid YAML"),
    ],
)
def test_bad_user_files_are_clear_errors(tmp_path: Path, content: str, message: str) -> None:
    user = tmp_path / "bad.yaml"
    user.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=message) as raised:
        load_knowledge((str(user),))
    assert "bad.yaml" in str(raised.value)


def test_phoenix_reader() -> None:
    text = (
        "HELGA_MUSTER_  # hand-made\n+MUSTER_HELGA_\n\t[ABCGOV 010101-041231]\n\t[ABCELI]\n"
        "ROHAN_  [ROHGOV]\n+ROHANIANS_\nNOBODY_ [---]\n"
    )
    helga, rohan, nobody = read_actors(text, "t")
    assert helga["names"] == ["Helga Muster", "Muster Helga"]
    assert helga["roles"][0] == {
        "code": "ABCGOV",
        "from": dt.date(2001, 1, 1),
        "to": dt.date(2004, 12, 31),
    }
    assert helga["roles"][1] == {"code": "ABCELI", "from": None, "to": None}
    assert rohan["roles"] == [{"code": "ROHGOV", "from": None, "to": None}]
    assert nobody["roles"] == []  # PETRARCH's [---]: a known phrase without a code
    with pytest.raises(InputError, match="t:2"):
        list(read_actors("X_\n\t[ABCGOV 99999-1]\n", "t"))


@pytest.mark.skipif(not SHARED.is_dir(), reason="needs ../shared")
def test_petrarch_validation_actors_import() -> None:
    path = SHARED / "data/petrarch/validation/PETR.Validate.actors.txt"
    problems: list[str] = []
    entries = list(read_actors(path.read_text(encoding="utf-8"), str(path), problems))
    assert len(entries) > 10 and not problems
    knowledge = load_knowledge((str(path),))  # every role it has is a valid code
    assert knowledge.entities["arnor"].roles[0].code == "ARN"


@pytest.mark.skipif(not SHARED.is_dir(), reason="needs ../shared")
def test_german_country_adjectives_from_germeval() -> None:
    measure = actor_eval.locderiv(REPO / "tests/gold/locderiv_countries.tsv")
    assert measure.total > 150
    assert measure.share >= 0.95, measure.misses


@pytest.mark.skipif(not SHARED.is_dir(), reason="needs ../shared")
def test_cldr_country_names() -> None:
    measure = actor_eval.country_names(SHARED)
    assert measure.total > 380
    assert measure.share >= 0.98, measure.misses


@pytest.mark.skipif(not SHARED.is_dir(), reason="needs ../shared")
def test_dated_roles_from_countryinfo() -> None:
    measure = actor_eval.dated_roles(SHARED)
    assert measure.total >= 900  # 500 terms, most with an outside date too
    assert measure.share >= 0.95, measure.misses[:20]


def test_generated_persons_file_is_well_formed() -> None:
    path = REPO / "src/diplowatch/data/actors/persons/phoenix.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    assert "_about" in data and len(data) > 15000
