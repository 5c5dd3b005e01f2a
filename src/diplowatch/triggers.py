"""Find trigger words (verbs and nouns that may report an event) in sentences.

The lexicon is data per language (`data/lang/<lang>/triggers.yaml`); every frame's
CAMEO code is checked against the ontology when the lexicon loads, so a typo in the
data fails at once instead of producing uninterpretable rows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from diplowatch.knowledge import load_yaml
from diplowatch.model import Sentence, Trigger
from diplowatch.ontology import event_type

_WORD = re.compile(r"\w+(?:'\w+)?|n't")


@dataclass(frozen=True, slots=True)
class Lexicon:
    """The trigger words of one language and the words that cancel an event."""

    lang: str
    exact: dict[str, str]
    prefixes: dict[str, str]
    cameo: dict[str, str]
    allegation_markers: frozenset[str]
    allegation_frames: frozenset[str]
    cancellers: frozenset[str]  # negations and hypotheticals: words that cancel an event

    def frame_of(self, word: str) -> str | None:
        """The frame a word form triggers: an exact form first, then the longest prefix."""
        lowered = word.lower()
        frame = self.exact.get(lowered)
        if frame is not None:
            return frame
        for length in range(len(lowered), 2, -1):
            frame = self.prefixes.get(lowered[:length])
            if frame is not None:
                return frame
        return None


@lru_cache(maxsize=4)
def lexicon_for(lang: str) -> Lexicon:
    """The bundled trigger lexicon of a language, loaded and validated once."""
    data = load_yaml(f"lang/{lang}/triggers.yaml")
    exact: dict[str, str] = {}
    prefixes: dict[str, str] = {}
    cameo: dict[str, str] = {}
    for frame, spec in data["frames"].items():
        cameo[frame] = event_type(str(spec["cameo"])).code
        for form in spec["forms"]:
            form = str(form).lower()
            if form.endswith("*"):
                prefixes.setdefault(form[:-1], frame)
            else:
                exact.setdefault(form, frame)
    cancellers = frozenset(w.lower() for w in [*data["negations"], *data["hypotheticals"]])
    return Lexicon(
        lang=lang,
        exact=exact,
        prefixes=prefixes,
        cameo=cameo,
        allegation_markers=frozenset(w.lower() for w in data["allegation_markers"]),
        allegation_frames=frozenset(data["allegation_frames"]),
        cancellers=cancellers,
    )


def words(text: str) -> list[re.Match[str]]:
    """The word tokens of a text, as matches (so offsets stay available)."""
    return list(_WORD.finditer(text))


def find_triggers(sentence: Sentence, source_text: str, lexicon: Lexicon) -> list[Trigger]:
    """Trigger occurrences in a sentence, offsets into the document text."""
    text = source_text[sentence.start : sentence.end]
    found = []
    for match in words(text):
        frame = lexicon.frame_of(match.group())
        if frame is not None:
            found.append(
                Trigger(
                    sentence.index,
                    sentence.start + match.start(),
                    sentence.start + match.end(),
                    match.group(),
                    frame,
                )
            )
    return found
