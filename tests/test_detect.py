"""Language detection and language-code normalisation."""

from __future__ import annotations

import pytest

from diplowatch.detect import detect_language, normalise_lang


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Die Bundesregierung hat am Dienstag neue Hilfen für die Ukraine beschlossen.", "de"),
        ("The European Union agreed on Tuesday to extend its sanctions against Russia.", "en"),
        ("Le gouvernement français a annoncé mardi de nouvelles sanctions contre la Russie.", "fr"),
        ("Правительство России объявило во вторник о новых мерах против Украины.", "ru"),
    ],
)
def test_detects_language(text: str, expected: str) -> None:
    lang, probability = detect_language(text)
    assert lang == expected
    assert probability > 0.5


def test_too_little_text_is_undetermined() -> None:
    assert detect_language("12 3 --") == (None, 0.0)


@pytest.mark.parametrize(
    ("value", "expected"),
    [("de", "de"), ("de-AT", "de"), ("German", "de"), ("deu", "de"), ("EN_us", "en"),
     ("english", "en"), ("fr", "fr"), ("", None), (None, None)],
)  # fmt: skip
def test_normalise_lang(value: str | None, expected: str | None) -> None:
    assert normalise_lang(value) == expected
