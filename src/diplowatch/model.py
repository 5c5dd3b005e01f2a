"""The typed records that flow between pipeline stages.

Each stage takes and returns these dataclasses only, so a stage can be tested alone
and swapped (another reader, another parser) without touching its neighbours.
"""

from __future__ import annotations

import datetime as dt
import sys
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any


@dataclass(frozen=True, slots=True)
class Document:
    """One article as read, before any cleaning.

    `origin` names where it came from (file, and line or item) so every message about
    the document can point the user at it.
    """

    doc_id: str
    text: str
    origin: str
    title: str | None = None
    url: str | None = None
    published: dt.date | None = None
    lang: str | None = None
    source: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ReadProblem:
    """A document (or a whole input) that could not be read, with a message for the user."""

    origin: str
    message: str


@dataclass(frozen=True, slots=True)
class Span:
    """A half-open character range [start, end) into a document's original text."""

    start: int
    end: int


@dataclass(frozen=True, slots=True)
class CleanText:
    """The text with residue masked out.

    `masked` has the same length as the original, residue replaced by spaces (line
    breaks kept), so every offset found in it is an offset into the original text.
    """

    masked: str
    removed: tuple[Span, ...]

    def clean_text(self) -> str:
        """The readable cleaned text: residue lines dropped, paragraph breaks kept single,
        invisible format characters (zero-width spaces, soft hyphens, BOMs) left out."""
        removed_lines = {span.start for span in self.removed}
        kept: list[str] = []
        position = 0
        for line in self.masked.split("\n"):
            stripped = line.translate(_format_characters()).rstrip()
            residue = not stripped and position in removed_lines
            if not residue and (stripped or (kept and kept[-1])):
                kept.append(stripped)
            position += len(line) + 1
        return "\n".join(kept).strip()


@lru_cache(maxsize=1)
def _format_characters() -> dict[int, None]:
    """A translation table deleting Unicode's format characters (category Cf), found once
    from the Unicode database so that characters added to it are covered too."""
    codes = range(sys.maxunicode + 1)
    return dict.fromkeys((c for c in codes if unicodedata.category(chr(c)) == "Cf"), None)


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence with its offsets into the original document text."""

    index: int
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Actor:
    """What a mention resolves to: CAMEO actor code, its country (ISO3 or IGO), sector."""

    code: str
    country: str
    sector: str | None = None


@dataclass(frozen=True, slots=True)
class Mention:
    """An actor mention found in a sentence (offsets into the original text).

    `actor` is None for a name that looks like an actor but resolves to nothing known:
    kept so users can see (and add) what the knowledge base lacks.
    """

    sentence_index: int
    start: int
    end: int
    text: str
    actor: Actor | None
    kind: str
    entity_id: str | None = None


@dataclass(frozen=True, slots=True)
class Event:
    """One coded event mention: the row diplowatch stores and exports."""

    event_id: str
    doc_id: str
    sentence_index: int
    sentence: str
    char_start: int
    char_end: int
    date: dt.date | None
    date_precision: str
    source: Mention
    target: Mention
    cameo: str
    cameo_root: str
    plover: str | None
    goldstein: float | None
    quad_class: int | None
    alleged: bool
    modality: str
    trigger: str
    rule: str
    confidence: float
    lang: str
    coder_version: str
    mention_of: str | None = None  # the event this one repeats (headline and lede)


@dataclass(slots=True)
class CodedDocument:
    """A document after the whole pipeline: what the store writes in one transaction."""

    document: Document
    status: str
    lang: str | None
    clean_text: str
    sentences: list[Sentence] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    skip_reason: str | None = None
    long_sentences: int = 0  # over CodeOptions.max_sentence_chars: no actors, not parsed
