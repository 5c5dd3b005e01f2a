"""Actor mentions: names, inflected adjectives, metonyms, sectors, acronyms, boundaries."""

from __future__ import annotations

import pytest

from diplowatch.actors import gazetteer_for
from diplowatch.model import Sentence
from diplowatch.resolve import resolve_document


def resolved(text: str, lang: str) -> list[tuple[str, str]]:
    sentence = Sentence(0, 0, len(text), text)
    mentions = resolve_document(text, [sentence], gazetteer_for(lang), None)
    return [(m.text, m.actor.code) for m in mentions if m.actor]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Die französische Regierung protestierte.", [("französische Regierung", "FRAGOV")]),
        (
            "Ein Sprecher des russischen Militärs widersprach.",
            [("Sprecher des russischen Militärs", "RUSMIL")],
        ),
        ("Japans Ministerpräsident reiste ab.", [("Japans Ministerpräsident", "JPNGOV")]),
        ("Die Regierung Syriens schwieg.", [("Regierung Syriens", "SYRGOV")]),
        ("Eine türkische Handelsdelegation kam an.", [("türkische Handelsdelegation", "TURGOV")]),
        (
            "Das Weiße Haus und der Kreml telefonierten.",
            [("Weiße Haus", "USAGOV"), ("Kreml", "RUSGOV")],
        ),
        ("Die Ukrainer feierten in Kiew.", [("Ukrainer", "UKR"), ("Kiew", "UKRGOV")]),
        ("Die UN und die Nato berieten.", [("UN", "IGOUNO"), ("Nato", "IGOWSTNAT")]),
    ],
)
def test_german_mentions(text: str, expected: list[tuple[str, str]]) -> None:
    assert resolved(text, "de") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Austria's chancellor spoke.", [("Austria's chancellor", "AUTGOV")]),
        ("The Chinese navy sailed past.", [("Chinese navy", "CHNMIL")]),
        ("The government of India agreed.", [("government of India", "INDGOV")]),
        ("U.S. officials met Israelis.", [("U.S. officials", "USAGOV"), ("Israelis", "ISR")]),
        ("The Kremlin and Downing Street", [("Kremlin", "RUSGOV"), ("Downing Street", "GBRGOV")]),
    ],
)
def test_english_mentions(text: str, expected: list[tuple[str, str]]) -> None:
    assert resolved(text, "en") == expected


def test_acronyms_match_only_in_capitals() -> None:
    assert resolved("Herr Kimura traf us alle und die eu-kritischen Wähler.", "de") == []
    assert resolved("the US and the us", "en") == [("US", "USA")]


def test_words_containing_a_name_are_not_mentions() -> None:
    assert resolved("Die Polenta und der Iranologe", "de") == []
    assert resolved("Chinaware and Japanese-style", "en") == [("Japanese", "JPN")]


def test_sector_noun_alone_resolves_to_nothing() -> None:
    assert resolved("Die Regierung kritisierte den Minister.", "de") == []


def test_coordination_does_not_glue_country_and_sector() -> None:
    assert resolved("Polen und die Regierung in Wien", "de") == [
        ("Polen", "POL"),
        ("Wien", "AUTGOV"),
    ]


def test_offsets_are_into_the_document() -> None:
    text = "Titel.\nDie polnische Regierung protestierte."
    sentence = Sentence(1, 7, len(text), text[7:])
    [mention] = resolve_document(text, [sentence], gazetteer_for("de"), None)
    assert text[mention.start : mention.end] == "polnische Regierung"
