"""RSS and Atom feeds: one reader record per entry."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import feedparser

from diplowatch.html_text import fragment_text


def feed_records(data: bytes, origin: str) -> Iterator[tuple[str, dict[str, Any] | str]]:
    """(origin, record) per entry, or (origin, message) where an entry or the feed is bad.

    feedparser copes with the broken feeds real sites serve; a feed it cannot make
    anything of (no entries and a parse error) is reported as one problem.
    """
    parsed = feedparser.parse(data, sanitize_html=False, resolve_relative_uris=False)
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


def _entry_body(entry: Any) -> str:
    contents = entry.get("content") or []
    html = contents[0].get("value", "") if contents else entry.get("summary", "")
    return fragment_text(html) if "<" in html else html


def _entry_date(entry: Any) -> dt.date | None:
    stamp = entry.get("published_parsed") or entry.get("updated_parsed")
    return dt.date(*stamp[:3]) if stamp else None
