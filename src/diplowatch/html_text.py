"""Article text out of HTML: whole pages and the HTML fragments that feeds carry."""

from __future__ import annotations

from typing import Any

import lxml.html
import trafilatura
from lxml.etree import ParserError

from diplowatch.errors import InputError


def extract_article(html: str, origin: str) -> dict[str, Any]:
    """Title, publication date and main text of a page, as a reader record.

    trafilatura separates the article from navigation, cookie banners and teasers far
    better than any tag rule we could write; we only join its paragraphs with blank lines.
    """
    extracted = trafilatura.bare_extraction(
        html, with_metadata=True, include_comments=False, include_tables=False, favor_precision=True
    )
    text = getattr(extracted, "text", None) if extracted is not None else None
    if not text:
        text = fragment_text(html)
    if not text.strip():
        raise InputError(f"{origin}: no article text found in the HTML")
    return {
        "title": getattr(extracted, "title", None),
        "published": getattr(extracted, "date", None),
        "url": getattr(extracted, "url", None),
        "text": _paragraphs(text),
    }


def fragment_text(html: str) -> str:
    """Plain text of an HTML fragment (a feed entry's content), paragraphs kept apart."""
    text = trafilatura.extract(f"<html><body>{html}</body></html>", include_comments=False)
    if text:
        return _paragraphs(text)
    try:
        root = lxml.html.fromstring(html)
    except (ParserError, ValueError):
        return ""
    for br in root.iter("br", "p", "div", "li", "h1", "h2", "h3", "h4"):
        br.tail = "\n" + (br.tail or "")
    return _paragraphs(root.text_content())


def _paragraphs(text: str) -> str:
    lines = (line.strip() for line in text.splitlines())
    return "\n\n".join(line for line in lines if line)
