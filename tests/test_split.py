"""Sentence splitting in German and English, with offsets into the original text."""

from __future__ import annotations

import pytest

from diplowatch.split import split_sentences


def texts(text: str, lang: str) -> list[str]:
    return [s.text for s in split_sentences(text, lang)]


@pytest.mark.parametrize(
    "sentence",
    [
        "Am 3. Oktober feiert Deutschland den Tag der Deutschen Einheit.",
        "Die Minister sprachen u. a. über Zölle und z. B. über Visa.",
        "Dr. Schmidt und Prof. Dr. Weber leiteten die Delegation.",
        "Zum 2. Mal in diesem Jahr reiste der Kanzler nach Kiew.",
        "Das Treffen fand am 14. Jan. in Brüssel statt.",
        "Der Vertrag (Nr. 17) tritt am 1. Juli in Kraft.",
        "Die 5. Verhandlungsrunde beginnt ca. Mitte März.",
    ],
)
def test_german_abbreviations_and_ordinals_do_not_split(sentence: str) -> None:
    text = f"Erster Satz. {sentence} Letzter Satz."
    assert texts(text, "de") == ["Erster Satz.", sentence, "Letzter Satz."]


def test_german_sentence_ending_in_a_year_splits() -> None:
    assert texts("Das Abkommen stammt aus dem Jahr 2019. Danach folgte nichts.", "de") == [
        "Das Abkommen stammt aus dem Jahr 2019.",
        "Danach folgte nichts.",
    ]


def test_headline_without_final_punctuation_is_its_own_sentence() -> None:
    text = "Japan und Südkorea vereinbaren Gipfel\n\nTokio (dpa) - Die Regierungen einigten sich."
    assert texts(text, "de") == [
        "Japan und Südkorea vereinbaren Gipfel",
        "Tokio (dpa) - Die Regierungen einigten sich.",
    ]
    assert texts("Kenya, Somalia reopen border\nNairobi - The two agreed.", "en") == [
        "Kenya, Somalia reopen border",
        "Nairobi - The two agreed.",
    ]


def test_wrapped_lines_continue_the_sentence() -> None:
    text = "Der Außenminister sagte, man werde\nweiter verhandeln. Dann ging er."
    assert texts(text, "de") == [
        "Der Außenminister sagte, man werde weiter verhandeln.",
        "Dann ging er.",
    ]


def test_quotes_question_and_exclamation_marks() -> None:
    text = "„Wir bleiben hart!“ Der Minister ging. Wer zahlt? Niemand. „Nein“, sagte sie."
    assert texts(text, "de") == [
        "„Wir bleiben hart!“", "Der Minister ging.", "Wer zahlt?", "Niemand.", "„Nein“, sagte sie.",
    ]  # fmt: skip


@pytest.mark.parametrize(
    "sentence",
    [
        "Mr. Smith met Dr. Jones in Washington.",
        "The U.S. Senate voted on Jan. 5 to extend the sanctions.",
        "Gen. Miller and Lt. Col. Park inspected the troops.",
        "George W. Bush visited Seoul.",
    ],
)
def test_english_abbreviations_do_not_split(sentence: str) -> None:
    assert texts(f"First one. {sentence} Last one.", "en") == ["First one.", sentence, "Last one."]


def test_offsets_point_into_the_original() -> None:
    text = "  Titel ohne Punkt\n\nErster  Satz hier.   Zweiter Satz!\n"
    for sentence in split_sentences(text, "de"):
        assert " ".join(text[sentence.start : sentence.end].split()) == sentence.text
    assert [s.index for s in split_sentences(text, "de")] == [0, 1, 2]


def test_punctuation_only_fragments_are_dropped() -> None:
    assert texts("Ein Satz.\n\n…\n\n– – –\n\nNoch einer.", "de") == ["Ein Satz.", "Noch einer."]
