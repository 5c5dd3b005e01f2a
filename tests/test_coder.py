"""The coder: frames by lemma and role, the positional fallback, cancellation, the ontology."""

from __future__ import annotations

import datetime as dt

import pytest

from diplowatch.frames import frames_for
from diplowatch.model import Document
from diplowatch.ontology import cameo_table, event_type
from diplowatch.pipeline import code_document


def events(
    text: str, lang: str, published: dt.date | None = dt.date(2025, 9, 1)
) -> set[tuple[str, str, str]]:
    doc = Document(doc_id="t", text=text, origin="test", lang=lang, published=published)
    return {(e.source.actor.code, e.cameo, e.target.actor.code) for e in code_document(doc).events}


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("Der türkische Präsident besuchte am Montag Syrien.", "de", ("TURGOV", "042", "SYR")),
        ("Frankreich hat Israel scharf kritisiert.", "de", ("FRA", "111", "ISR")),
        (
            "Am Dienstag empfing Peking den pakistanischen Premierminister.",
            "de",
            ("CHNGOV", "043", "PAKGOV"),
        ),
        ("India's foreign minister visited Austria on Friday.", "en", ("INDGOV", "042", "AUT")),
        ("Poland condemned the Russian attack on Ukraine.", "en", ("POL", "111", "RUS")),
        ("The European Union imposed sanctions on Iran.", "en", ("IGOEUREEC", "163", "IRN")),
    ],
)
def test_events_from_frames(text: str, lang: str, expected: tuple[str, str, str]) -> None:
    assert expected in events(text, lang)


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Der Kanzler traf den polnischen Präsidenten nicht.", "de"),
        ("Japan könnte China kritisieren.", "de"),
        ("Austria did not criticize Serbia.", "en"),
        ("India would never attack Pakistan.", "en"),
    ],
)
def test_negated_and_hypothetical_events_are_not_coded(text: str, lang: str) -> None:
    assert events(text, lang) == set()


def test_one_actor_is_not_an_event() -> None:
    assert events("Russland kritisierte die Entscheidung.", "de") == set()


def test_event_fields_come_from_the_ontology() -> None:
    doc = Document(doc_id="d", text="Serbia criticised Kosovo.", origin="t", lang="en")
    [event] = code_document(doc).events
    kind = event_type("111")
    assert (event.cameo_root, event.goldstein, event.quad_class, event.plover) == (
        kind.root, kind.goldstein, kind.quad_class, kind.plover,
    )  # fmt: skip
    assert event.rule == "frame.en.criticise.1" and event.date is None
    assert event.confidence == 0.9
    assert event.date_precision == "unknown"


def test_event_ids_are_stable() -> None:
    doc = Document(doc_id="d", text="Serbia criticised Kosovo.", origin="t", lang="en")
    assert [e.event_id for e in code_document(doc).events] == [
        e.event_id for e in code_document(doc).events
    ]


@pytest.mark.parametrize("lang", ["de", "en"])
def test_frames_cover_every_root_and_the_main_sub_codes(lang: str) -> None:
    table = cameo_table()
    codes = {f.cameo for frames in frames_for(lang).by_lemma.values() for f in frames}
    assert codes <= set(table)
    assert {c[:2] for c in codes} == {f"{i:02d}" for i in range(1, 21)}
    assert len({c for c in codes if not c.endswith("0")}) >= 100
    assert len(codes) >= 120


def test_ontology_covers_cameo() -> None:
    table = cameo_table()
    assert len(table) >= 300
    assert table["042"].name == "Make a visit" and table["042"].quad_class == 1
    assert table["042"].name_de == "Besuch abstatten"
    assert all(t.name_de for t in table.values())
    assert table["190"].quad_class == 4 and table["190"].goldstein == -10.0
    assert table["106"].name == "Demand withdrawal"
    assert {t.root for t in table.values()} == {f"{i:02d}" for i in range(1, 21)}
    with pytest.raises(KeyError, match="not a CAMEO event code"):
        event_type("999")
