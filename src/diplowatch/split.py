"""Split a (masked) text into sentences with offsets into the original text.

Written by hand because the segmenters on the registry either break German ordinals
and abbreviations ("am 3. Oktober", "u. a." — syntok, spaCy's sentencizer) or are
unmaintained and slow (pysbd). The knowledge (abbreviations, months, ordinal
determiners) is data per language in `data/lang/<lang>/splitting.yaml`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from diplowatch.knowledge import load_yaml
from diplowatch.model import Sentence

# A run of end punctuation is tried once, from its first mark and without backtracking:
# a line of a million dots costs linear time, not quadratic.
_CANDIDATE = re.compile(r"(?<![.!?…])[.!?…]++[\"“”»«'’)\]]*+(?=\s)|\n")
_WORD_BEFORE = re.compile(r"(\w+)\W*$")
_WORD_AFTER = re.compile(r"\s*[\"„“»«'(]*(\w+)")
_BLANK_LINE = re.compile(r"\n[ \t\r\f\v]*\n")


@dataclass(frozen=True, slots=True)
class SplitRules:
    """What a language's splitter must know (see `data/lang/*/splitting.yaml`)."""

    abbreviations: frozenset[str]
    months: frozenset[str]
    ordinal_determiners: frozenset[str]


@lru_cache(maxsize=8)
def rules_for(lang: str) -> SplitRules:
    """The splitting rules of a language, loaded once."""
    data = load_yaml(f"lang/{lang}/splitting.yaml")
    return SplitRules(
        abbreviations=frozenset(map(str, data["abbreviations"])),
        months=frozenset(map(str, data["months"])),
        ordinal_determiners=frozenset(map(str, data["ordinal_determiners"] or [])),
    )


def split_sentences(text: str, lang: str) -> list[Sentence]:
    """Sentences of `text` in order; blank lines and headline line breaks end sentences."""
    rules = rules_for(lang)
    sentences: list[Sentence] = []
    start = 0
    for match in _CANDIDATE.finditer(text):
        end = _boundary(text, match, rules)
        if end is not None:
            _append(sentences, text, start, end)
            start = end
    _append(sentences, text, start, len(text))
    return sentences


def _append(sentences: list[Sentence], text: str, start: int, end: int) -> None:
    chunk = text[start:end]
    stripped = chunk.strip()
    if not stripped or not any(ch.isalnum() for ch in stripped):
        return
    lead = len(chunk) - len(chunk.lstrip())
    first = start + lead
    last = first + len(stripped)
    sentences.append(Sentence(len(sentences), first, last, " ".join(stripped.split())))


def _boundary(text: str, match: re.Match[str], rules: SplitRules) -> int | None:
    """Where the sentence ends if this candidate is a boundary, else None."""
    after = text[match.end() : match.end() + 200]
    gap = len(after) - len(after.lstrip())
    following = after[gap : gap + 1]
    if not following:
        return None
    if match.group() == "\n":
        continues = following.islower() and not _BLANK_LINE.match(text, match.start())
        return None if continues else match.start()
    if _BLANK_LINE.search(after[: gap + 1]) or ("\n" in after[:gap] and not following.islower()):
        return match.end()
    if following.islower() or following in ",;:":
        return None
    if match.group().startswith(".") and _keeps_period(text, match, rules):
        return None
    return match.end()


def _keeps_period(text: str, match: re.Match[str], rules: SplitRules) -> bool:
    """True where the period belongs to an abbreviation, an initial or an ordinal."""
    before = _WORD_BEFORE.search(text, max(0, match.start() - 40), match.start())
    if before is None:
        return False
    word = before.group(1)
    if word in rules.abbreviations or (len(word) == 1 and word.isalpha()):
        return True
    if not (word.isdigit() and len(word) <= 3):
        return False
    after = _WORD_AFTER.match(text, match.end())
    if after and after.group(1) in rules.months and int(word) <= 31 and rules.ordinal_determiners:
        return True
    previous = _WORD_BEFORE.search(text, max(0, before.start() - 40), before.start())
    return previous is not None and previous.group(1) in rules.ordinal_determiners
