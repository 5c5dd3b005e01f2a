"""RSS and Atom feeds: one reader record per entry."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

import feedparser

from diplowatch.html_text import fragment_text

# A numeric character reference, as feedparser's fallback parser reads one (";" optional).
_CHAR_REF = re.compile(rb"&#(x[0-9a-f]+|[0-9]+)", re.IGNORECASE)
_MAX_REF_DIGITS = 8  # more digits name no character, and int() refuses 4,300 of them


def feed_records(data: bytes, origin: str) -> Iterator[tuple[str, dict[str, Any] | str]]:
    """(origin, record) per entry, or (origin, message) where an entry or the feed is bad.

    feedparser copes with the broken feeds real sites serve; a feed it cannot make
    anything of (no entries and a parse error) is reported as one problem.
    """
    parsed = feedparser.parse(
        _valid_char_refs(data), sanitize_html=False, resolve_relative_uris=False
    )
    if not parsed.entries:
        reason = parsed.get("bozo_exception") or "no entries"
        yield origin, f"{origin}: not a readable RSS/Atom feed ({reason})"
        return
    for number, entry in enumerate(parsed.entries, start=1):
        where = f"{origin}#item{number}"
        body = _entry_body(entry)
        if not body.strip():
            yield where, f"{where}: feed entry has no content or summary"
            continue
        yield (
            where,
            {
                "id": entry.get("id") or entry.get("link"),
                "title": entry.get("title"),
                "url": entry.get("link"),
                "published": _entry_date(entry),
                "text": body,
                "source": parsed.feed.get("title"),
            },
        )


def _valid_char_refs(data: bytes) -> bytes:
    """The feed with every character reference that names no XML character (beyond
    U+10FFFF, a surrogate, a control) replaced by U+FFFD.

    XML does not allow them, so feedparser's strict parser rejects the feed and its
    fallback parser fails on them (chr() out of range, surrogates it cannot encode): one
    bad reference would cost every entry of the feed.
    """
    return _CHAR_REF.sub(_char_ref, data)


def _char_ref(match: re.Match[bytes]) -> bytes:
    digits = match.group(1)
    hexadecimal = digits[:1] in b"xX"
    number = digits[1:] if hexadecimal else digits
    if len(number) > _MAX_REF_DIGITS:
        return b"&#xFFFD"
    value = int(number, 16 if hexadecimal else 10)
    return match.group() if _is_xml_char(value) else b"&#xFFFD"


def _is_xml_char(value: int) -> bool:
    """XML 1.0's Char production."""
    return (
        value in (0x9, 0xA, 0xD)
        or 0x20 <= value <= 0xD7FF
        or 0xE000 <= value <= 0xFFFD
        or 0x10000 <= value <= 0x10FFFF
    )


def _entry_body(entry: Any) -> str:
    contents = entry.get("content") or []
    html = contents[0].get("value", "") if contents else entry.get("summary", "")
    return fragment_text(html) if "<" in html else html


def _entry_date(entry: Any) -> dt.date | None:
    stamp = entry.get("published_parsed") or entry.get("updated_parsed")
    return dt.date(*stamp[:3]) if stamp else None
