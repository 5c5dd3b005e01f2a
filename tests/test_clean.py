"""Residue cleaning: what goes, what stays, and that offsets still point into the original."""

from __future__ import annotations

import pytest

from diplowatch.clean import clean

GERMAN_PAGE = """Berlin und Paris einigen sich auf Rüstungsprojekt

Artikel teilen Facebook Twitter WhatsApp E-Mail

Berlin (dpa) - Deutschland und Frankreich haben sich am Donnerstag geeinigt.

Anzeige

Lesen Sie auch: Streit um Kampfjet geht in die nächste Runde

3
12 Kommentare
Foto: dpa/Michael Kappeler

Die Verteidigungsminister unterzeichneten das Abkommen (Foto: AFP) in Paris.
Bildunterschrift und Foto: Die Minister vor dem Élysée – ein langer Satz, der zum Artikel gehört und deshalb nicht als Bildnachweis gelten darf, weil er weit über die Länge einer Quellenangabe hinausgeht.
"""

ENGLISH_PAGE = """Kenya and Somalia reopen border

ADVERTISEMENT
Share 14
Read more: Why the border matters
Photo: Reuters/Jane Doe
(Image credit: Getty Images)
Sign up for our daily newsletter
NAIROBI (Reuters) - Kenya and Somalia agreed on Tuesday to reopen their shared border.
Related: East Africa trade talks stall
Comments (27)
"""


@pytest.mark.parametrize(
    "residue",
    [
        "Artikel teilen Facebook Twitter WhatsApp E-Mail",
        "Anzeige",
        "Lesen Sie auch: Streit um Kampfjet geht in die nächste Runde",
        "3",
        "12 Kommentare",
        "Foto: dpa/Michael Kappeler",
    ],
)
def test_german_residue_lines_are_removed(residue: str) -> None:
    assert residue not in clean(GERMAN_PAGE).clean_text()


@pytest.mark.parametrize(
    "residue",
    [
        "ADVERTISEMENT",
        "Share 14",
        "Read more",
        "Photo: Reuters",
        "Image credit",
        "newsletter",
        "Related:",
        "Comments (27)",
    ],
)
def test_english_residue_lines_are_removed(residue: str) -> None:
    assert residue not in clean(ENGLISH_PAGE).clean_text()


def test_article_lines_stay_and_inline_credit_goes() -> None:
    text = clean(GERMAN_PAGE).clean_text()
    assert text.startswith("Berlin und Paris einigen sich auf Rüstungsprojekt")
    assert "Deutschland und Frankreich haben sich am Donnerstag geeinigt." in text
    assert "unterzeichneten das Abkommen" in text and "(Foto: AFP)" not in text
    assert "ein langer Satz, der zum Artikel gehört" in text
    english = clean(ENGLISH_PAGE).clean_text()
    assert "Kenya and Somalia agreed on Tuesday to reopen their shared border." in english


def test_masked_text_keeps_length_and_offsets() -> None:
    cleaned = clean(GERMAN_PAGE)
    assert len(cleaned.masked) == len(GERMAN_PAGE)
    assert cleaned.masked.count("\n") == GERMAN_PAGE.count("\n")
    sentence = "Deutschland und Frankreich haben sich am Donnerstag geeinigt."
    at = cleaned.masked.index(sentence)
    assert GERMAN_PAGE[at : at + len(sentence)] == sentence
    for span in cleaned.removed:
        assert cleaned.masked[span.start : span.end].strip() == ""
        assert GERMAN_PAGE[span.start : span.end].strip() != ""


def test_numbers_inside_sentences_are_not_residue() -> None:
    text = "Die Zahl der Toten stieg auf 12.\n12\nMehr als 3 Dörfer wurden geräumt.\n"
    cleaned = clean(text).clean_text()
    assert cleaned == "Die Zahl der Toten stieg auf 12.\nMehr als 3 Dörfer wurden geräumt."


def test_the_reference_article_loses_its_counters_and_ad_markers(reference_article) -> None:
    original = reference_article.read_text(encoding="utf-8")
    lines = clean(original).clean_text().splitlines()
    assert "Werbung" not in lines
    assert "0" not in lines and "2" not in lines
    assert lines[0].startswith("Nordkorea schickt eine Delegation in den Iran")
    residue_lines = 4  # "0", "2" and "Werbung" twice
    assert sum(1 for line in original.splitlines() if line.strip()) - residue_lines == sum(
        1 for line in lines if line.strip()
    )


@pytest.mark.parametrize(
    ("line", "kept"),
    [
        (
            "ISLAMABAD, Jan. 9 (Frontier Press) – Pakistan recalled its envoy.",
            "Pakistan recalled its envoy.",
        ),
        ("LIMA (AP) - Peru closed the border.", "Peru closed the border."),
        ("Vilnius (dpa) – Litauen verstärkt die Grenze.", "Litauen verstärkt die Grenze."),
        ("NATO (the alliance) said nothing.", "NATO (the alliance) said nothing."),
    ],
)
def test_datelines_are_masked(line: str, kept: str) -> None:
    assert clean(line).clean_text() == kept
