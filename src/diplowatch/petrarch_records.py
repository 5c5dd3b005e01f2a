"""Read PETRARCH validation records: sentences with their expected event codings.

PETRARCH's validation and unit-test files look like XML but are not well formed (a
self-closed `<Sentence/>` followed by its children, stray end tags, `#` banners), and
PETRARCH itself reads them line by line with patterns. An XML parser rejects them, so
this reader does what PETRARCH does: it cuts the file at each `<Sentence ...>` tag and
takes the `<EventCoding>` attributes and the `<Text>` of each piece.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from diplowatch.errors import InputError

# Every pattern scans a stretch of the file at most once, so a hostile file costs linear
# time: an unclosed comment runs to the end (as in a browser), a tag stops at the next
# "<", a text at the next <Text>, and a name is tried from its first letter only.
_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.DOTALL)
_SENTENCE = re.compile(r"<Sentence\b([^<>]*)>")
_CODING = re.compile(r"<EventCoding\b([^<>]*)>")
_TEXT = re.compile(r"<Text>((?:(?!<Text>).)*?)</Text>", re.DOTALL)
_ATTRIBUTE = re.compile(r'(?<!\w)(\w+)\s*=\s*"([^"]*)"')
_PARSE = re.compile(r"<Parse>((?:(?!<Parse>).)*?)</Parse>", re.DOTALL)


@dataclass(frozen=True, slots=True)
class Coding:
    """One expected event: source and target actor codes and the CAMEO event code."""

    source: str
    target: str
    cameo: str


@dataclass(frozen=True, slots=True)
class Record:
    """A validation sentence: its id, date, whitespace-collapsed text and codings."""

    record_id: str
    date: dt.date | None
    text: str
    codings: tuple[Coding, ...]
    evaluate: bool


def _attributes(raw: str) -> dict[str, str]:
    return {name: html.unescape(value) for name, value in _ATTRIBUTE.findall(raw)}


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.datetime.strptime(value or "", "%Y%m%d").date()
    except ValueError:
        return None


def _record(attributes: dict[str, str], body: str) -> Record | None:
    text = _TEXT.search(body)
    if text is None or "id" not in attributes:
        return None
    codings = tuple(
        Coding(c.get("sourcecode", ""), c.get("targetcode", ""), c.get("eventcode", ""))
        for c in map(_attributes, _CODING.findall(body))
    )
    return Record(
        record_id=attributes["id"],
        date=_date(attributes.get("date")),
        text=" ".join(html.unescape(text.group(1)).split()) or _parse_words(body),
        codings=codings,
        evaluate=attributes.get("evaluate", "true").lower() != "false",
    )


def _parse_words(body: str) -> str:
    """The sentence as its CoNLL-U parse spells it (word forms, the second column), for
    a record whose <Text> is empty: the validation file has one, with its parse intact."""
    parse = _PARSE.search(body)
    if parse is None:
        return ""
    rows = (line.split("\t") for line in html.unescape(parse.group(1)).splitlines())
    return " ".join(row[1] for row in rows if len(row) > 1 and row[0].isdigit())


def is_petrarch(data: bytes) -> bool:
    """Whether an XML file holds PETRARCH validation records rather than a feed."""
    return b"<Validation" in data[:4096]


def parse_records(content: str, origin: str) -> Iterator[Record]:
    """Every sentence record of a PETRARCH validation file's text, in file order."""
    content = _COMMENT.sub("", content)
    tags = list(_SENTENCE.finditer(content))
    if not tags:
        raise InputError(f"{origin}: no <Sentence> records (not a PETRARCH validation file)")
    ends = [tag.start() for tag in tags[1:]] + [len(content)]
    for tag, end in zip(tags, ends, strict=True):
        record = _record(_attributes(tag.group(1)), content[tag.end() : end])
        if record is not None:
            yield record


def read_records(path: Path) -> Iterator[Record]:
    """Every sentence record of a PETRARCH validation file."""
    try:
        content = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise InputError(f"{path}: cannot read the PETRARCH records: {err}") from None
    yield from parse_records(content, str(path))


def reader_record(record: Record, lang: str = "en") -> dict[str, Any]:
    """A validation record as a reader's record, for `readers.make_document` to check and
    turn into a document (one sentence; PETRARCH's records are English)."""
    return {"id": record.record_id, "text": record.text, "published": record.date, "lang": lang}
