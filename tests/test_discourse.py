"""Across sentences: pronouns stand for actors named before; headline and lede repeats."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from diplowatch.model import Document, Event
from diplowatch.pipeline import code_document

PUBLISHED = dt.date(2025, 6, 4)  # a Wednesday


def coded(text: str, lang: str) -> list[Event]:
    doc = Document(doc_id="d", text=text, origin="t", lang=lang, published=PUBLISHED)
    return code_document(doc).events


def dyads(events: list[Event]) -> set[tuple[str, str, str]]:
    return {(e.source.actor.country, e.cameo_root, e.target.actor.country) for e in events}


def test_a_person_pronoun_stands_for_the_person_named_before() -> None:
    events = coded("Der französische Präsident traf in Berlin ein. Er kritisierte Russland.", "de")
    assert ("FRA", "11", "RUS") in dyads(events)
    assert next(e for e in events if e.cameo_root == "11").source.text == "Er"
    english = coded("Japan's prime minister arrived in Seoul. He praised South Korea.", "en")
    assert ("JPN", "05", "KOR") in dyads(english)


def test_a_person_pronoun_does_not_take_a_country() -> None:
    assert dyads(coded("Frankreich ist besorgt. Er kritisierte Italien.", "de")) == set()


def test_both_stands_for_the_two_actors_named_together() -> None:
    events = coded("Polen und Litauen sichern ihre Grenzen. Beide kritisierten Belarus.", "de")
    assert {("POL", "11", "BLR"), ("LTU", "11", "BLR")} <= dyads(events)


HEADLINE = (
    "Indiens Außenminister reist nach Japan\n\n"
    "Neu-Delhi – Der indische Außenminister ist am Montag nach Japan gereist. "
    "Dort traf er den japanischen Regierungschef."
)


def test_headline_and_lede_give_one_event_the_other_is_its_mention() -> None:
    visits = [e for e in coded(HEADLINE, "de") if e.cameo_root == "04" and e.cameo != "040"]
    [event] = [e for e in visits if e.mention_of is None]
    assert event.date == dt.date(2025, 6, 2) and event.date_precision == "day"  # the lede's
    assert [e.mention_of for e in visits if e is not event] == [event.event_id]


def test_events_lists_repeats_only_when_asked(cli, tmp_path: Path) -> None:
    db = tmp_path / "m.duckdb"
    assert cli("code", "-", "--db", db, "--published", "2025-06-04", input=HEADLINE).exit_code == 0

    def listed(*flags: str) -> list[dict[str, object]]:
        result = cli("events", "--db", db, "--json", "--root", "04", *flags)
        return [json.loads(line) for line in result.stdout.splitlines()]

    plain, everything = listed(), listed("--mentions")
    assert all(r["mention_of"] is None for r in plain)
    assert len(everything) > len(plain)
    ids = {r["event_id"] for r in plain}
    assert all(r["mention_of"] in ids for r in everything if r["mention_of"])


def mentions_of(text: str, lang: str) -> dict[str, str | None]:
    doc = Document(doc_id="d", text=text, origin="t", lang=lang, published=PUBLISHED)
    return {m.text: m.actor.code if m.actor else None for m in code_document(doc).mentions}


def test_a_bare_sector_noun_belongs_to_the_country_the_document_is_about() -> None:
    text = ("Italien wählt im Herbst. In Italien streiten die Parteien über das Budget. "
            "Die Opposition verließ den Saal.")  # fmt: skip
    assert mentions_of(text, "de")["Opposition"] == "ITAOPP"
    two = "Italien und Spanien streiten. Spanien und Italien verhandeln. Die Opposition tagte."
    assert "Opposition" not in mentions_of(two, "de")  # no one country: left unresolved


def test_a_relative_pronoun_stands_for_its_antecedent() -> None:
    text = "Serbien, das den Kosovo scharf kritisiert hat, verlangt neue Gespräche."
    assert ("SRB", "11", "XKX") in dyads(coded(text, "de"))
    members = "Kanada und Australien zählen zu den Ländern, die Russland kritisiert haben."
    assert {("CAN", "11", "RUS"), ("AUS", "11", "RUS")} <= dyads(coded(members, "de"))
    english = "Chile is one of the few countries that criticised Peru."
    assert ("CHL", "11", "PER") in dyads(coded(english, "en"))
