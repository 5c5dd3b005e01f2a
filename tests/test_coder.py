"""The shallow coder: roles by position, cancellation, codes checked against the ontology."""

from __future__ import annotations

import datetime as dt

import pytest

from diplowatch.model import Document
from diplowatch.ontology import cameo_table, event_type
from diplowatch.pipeline import code_document
from diplowatch.triggers import lexicon_for


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
def test_events_by_position(text: str, lang: str, expected: tuple[str, str, str]) -> None:
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
    assert event.rule == "roles.en.criticise" and event.date is None
    assert event.confidence == 0.8
    assert event.date_precision == "unknown"


def test_event_ids_are_stable() -> None:
    doc = Document(doc_id="d", text="Serbia criticised Kosovo.", origin="t", lang="en")
    assert [e.event_id for e in code_document(doc).events] == [
        e.event_id for e in code_document(doc).events
    ]


def test_every_trigger_frame_has_a_cameo_code() -> None:
    table = cameo_table()
    for lang in ("de", "en"):
        lexicon = lexicon_for(lang)
        assert set(lexicon.cameo.values()) <= set(table)
        assert len(lexicon.cameo) >= 20


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
