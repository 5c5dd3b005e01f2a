"""Which language a document is in.

py3langid (a maintained langid.py) is small, fast and knows 97 languages, so a French
or Russian article is recognised as such and skipped rather than mis-coded as German.
"""

from __future__ import annotations

from functools import lru_cache

from py3langid.langid import MODEL_FILE, LanguageIdentifier

SUPPORTED = ("de", "en")
_ALIASES = {
    "de": "de", "deu": "de", "ger": "de", "german": "de", "deutsch": "de",
    "en": "en", "eng": "en", "english": "en", "englisch": "en",
}  # fmt: skip
_SAMPLE_CHARS = 4000
_MIN_LETTERS = 12


def normalise_lang(value: str | None) -> str | None:
    """'de-AT', 'German', 'deu' -> 'de'; other codes pass through lower-cased."""
    if not value:
        return None
    code = value.strip().lower().replace("_", "-")
    return _ALIASES.get(code) or _ALIASES.get(code.split("-")[0]) or code.split("-")[0]


@lru_cache(maxsize=1)
def _identifier() -> LanguageIdentifier:
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> tuple[str | None, float]:
    """(ISO 639-1 code, probability) for the text; (None, 0.0) when there is too little text."""
    sample = text[:_SAMPLE_CHARS]
    if sum(ch.isalpha() for ch in sample) < _MIN_LETTERS:
        return None, 0.0
    lang, prob = _identifier().classify(sample)
    return str(lang), float(prob)
