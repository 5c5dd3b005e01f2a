"""Mask scraping residue (ad markers, counters, share bars, credits) out of a text.

Residue is replaced by spaces rather than cut out, so the masked text keeps the
length of the original and every offset found later points into the original text.
The rules are data (`data/residue.yaml`); this module only applies them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from diplowatch.knowledge import load_yaml
from diplowatch.model import CleanText, Span

_WORD = re.compile(r"[\w@.-]+", re.UNICODE)
_NUMBER = re.compile(r"[\d.,:]+")
# Masked like residue: control characters (NUL, escape, ...; not tab and line ends) and
# the explicit direction embeddings, overrides and isolates, which make a line display
# in another order than it reads. Zero-width characters stay, as they stand inside words.
_INVISIBLE_CODES = [
    *range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), *range(0x7F, 0xA0),
    *range(0x202A, 0x202F), *range(0x2066, 0x206A),
]  # fmt: skip
_INVISIBLE = re.compile("[" + re.escape("".join(map(chr, _INVISIBLE_CODES))) + "]")
_MASK_INVISIBLE = dict.fromkeys(_INVISIBLE_CODES, " ")


@dataclass(frozen=True, slots=True)
class ResidueRules:
    """Compiled residue rules; see `data/residue.yaml` for what each part means."""

    max_line_chars: int
    line: re.Pattern[str]
    widget_words: frozenset[str]
    inline: re.Pattern[str]

    def is_residue_line(self, line: str) -> bool:
        """True for a whole line that is residue (counter, ad marker, teaser, widget)."""
        stripped = line.strip()
        if not stripped or len(stripped) > self.max_line_chars:
            return False
        if self.line.fullmatch(stripped):
            return True
        words = [w.strip(".-").lower() for w in _WORD.findall(stripped)]
        words = [w for w in words if w]
        return bool(words) and all(w in self.widget_words or _NUMBER.fullmatch(w) for w in words)


@lru_cache(maxsize=1)
def default_rules() -> ResidueRules:
    """The bundled rules, compiled once per process."""
    data = load_yaml("residue.yaml")
    return ResidueRules(
        max_line_chars=int(data["max_line_chars"]),
        line=_union(data["line_patterns"]),
        widget_words=frozenset(w.lower() for w in data["widget_words"]),
        inline=_union(data["inline_patterns"]),
    )


def _union(patterns: list[str]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


def clean(text: str, rules: ResidueRules | None = None) -> CleanText:
    """The text with every residue line, inline residue and invisible control masked by
    spaces."""
    rules = rules or default_rules()
    if _INVISIBLE.search(text):  # translate, not sub: millions of matches, flat memory
        text = text.translate(_MASK_INVISIBLE)
    removed: list[Span] = []
    pos = 0
    for line in text.split("\n"):
        end = pos + len(line)
        if rules.is_residue_line(line):
            removed.append(Span(pos, end))
        else:
            removed.extend(
                Span(pos + m.start(), pos + m.end()) for m in rules.inline.finditer(line)
            )
        pos = end + 1
    return CleanText(masked=_mask(text, removed), removed=tuple(removed))


def _mask(text: str, spans: list[Span]) -> str:
    if not spans:
        return text
    chars = list(text)
    for span in spans:
        for i in range(span.start, span.end):
            if chars[i] != "\n":
                chars[i] = " "
    return "".join(chars)
