"""Read documents from files, directories and stdin, in every format diplowatch takes.

Readers stream: a JSONL or CSV dump is read record by record, so memory stays flat
however large the dump. Every reader yields `Document`s and `ReadProblem`s; a bad
record never stops the batch, it becomes a problem that names the file and line.
"""

from __future__ import annotations

import csv
import datetime as dt
import email.utils
import gzip
import hashlib
import io
import json
import os
import sys
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from diplowatch.errors import InputError
from diplowatch.feeds import feed_records
from diplowatch.html_text import extract_article
from diplowatch.model import Document, ReadProblem
from diplowatch.petrarch_records import is_petrarch, parse_records, reader_record

DEFAULT_MAX_BYTES = 5_000_000
KNOWN_FIELDS = ("id", "title", "text", "url", "published", "lang", "source")
FEED_SUFFIXES = (".xml", ".rss", ".atom")
# Deeper JSON is refused: the store writes metadata with json.dumps, which recurses and
# must never meet Python's recursion limit in the middle of a batch.
MAX_JSON_DEPTH = 64

ReadItem = Document | ReadProblem
# What reading a file or stream may raise besides InputError: I/O errors, a truncated
# gzip stream (EOFError) and a corrupt one (zlib.error is no OSError).
_STREAM_ERRORS = (OSError, EOFError, zlib.error)


@dataclass(frozen=True, slots=True)
class ReadOptions:
    """What the user set for this run: limits and values that apply to every document."""

    max_bytes: int = DEFAULT_MAX_BYTES


def content_id(text: str) -> str:
    """A document id derived from the text, so the same article always gets the same id."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def parse_published(value: Any) -> dt.date | None:
    """A publication date from ISO (date or datetime) or RFC 822 text; None if unparseable.

    Written by hand instead of dateparser because metadata dates are machine-written
    and must never be guessed from free text (dateparser would read "Monday" as a date).
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        pass
    try:
        return email.utils.parsedate_to_datetime(text).date()
    except (TypeError, ValueError, IndexError):
        return None


def decode(data: bytes, origin: str) -> str:
    """UTF-8 text from bytes (a BOM is dropped); binary or invalid input is an InputError."""
    if b"\x00" in data[:8192]:
        raise InputError(f"{origin}: binary file (contains NUL bytes), not a text document")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        raise InputError(
            f"{origin}: invalid UTF-8 at byte {err.start} (line {line}); "
            "convert the file to UTF-8 (e.g. iconv -f latin1 -t utf-8)"
        ) from None


def make_document(record: dict[str, Any], origin: str) -> Document:
    """A Document from a record with the standard fields; unknown fields become metadata.

    The stored text starts with the headline where one is known, so a headline is coded
    like any other sentence and offsets are into that one text.
    """
    _check_unicode(record, origin)
    text = str(record.get("text") or "").strip("\n")
    title = str(record.get("title") or "").strip() or None
    if not text.strip():
        raise InputError(f"{origin}: empty document (no text)")
    if title and not text.lstrip().startswith(title):
        text = f"{title}\n\n{text}"
    meta = {k: v for k, v in record.items() if k not in KNOWN_FIELDS}
    raw_date = record.get("published")
    published = parse_published(raw_date)
    if raw_date and published is None:
        meta["published_unparsed"] = str(raw_date)
    return Document(
        doc_id=str(record.get("id") or "").strip() or content_id(text),
        text=text,
        origin=origin,
        title=title,
        url=_str_or_none(record.get("url")),
        published=published,
        lang=_str_or_none(record.get("lang")),
        source=_str_or_none(record.get("source")),
        meta=meta,
    )


def _check_unicode(record: dict[str, Any], origin: str) -> None:
    """Refuse a record with a string that is not valid Unicode: a lone surrogate (JSON's
    "\\ud800", or invalid UTF-8 in a CSV read with surrogate escapes) cannot be stored."""
    try:
        json.dumps(record, ensure_ascii=False, default=str).encode("utf-8")
    except UnicodeEncodeError:
        raise InputError(
            f"{origin}: text that is not valid Unicode (invalid UTF-8 or a lone surrogate)"
        ) from None


def _str_or_none(value: Any) -> str | None:
    text = str(value).strip() if value is not None else ""
    return text or None


def _read_limited(stream: IO[bytes], origin: str, options: ReadOptions) -> bytes:
    data = stream.read(options.max_bytes + 1)
    if len(data) > options.max_bytes:
        raise InputError(
            f"{origin}: larger than the {options.max_bytes:,}-byte limit per document "
            "(raise it with --max-bytes)"
        )
    return data


def _guarded(origin: str, build: Callable[[], Document]) -> ReadItem:
    try:
        return build()
    except InputError as err:
        return ReadProblem(origin, str(err))


# --- one reader per format -------------------------------------------------------------


def read_txt(
    stream: IO[bytes], origin: str, options: ReadOptions, path: Path | None
) -> Iterator[ReadItem]:
    """Plain text: the first non-empty line is the headline; a sidecar .json adds metadata."""
    text = decode(_read_limited(stream, origin, options), origin)
    record: dict[str, Any] = dict(_sidecar(path)) if path else {}
    title = next((line.strip() for line in text.splitlines() if line.strip()), None)
    record.update(text=text, title=record.get("title") or title)
    yield _guarded(origin, lambda: make_document(record, origin))


def _sidecar(path: Path) -> dict[str, Any]:
    """Metadata from `name.json` beside `name.txt` (id, published, lang, url, source)."""
    side = path.with_suffix(".json")
    if not side.is_file():
        return {}
    try:
        text = side.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as err:
        raise InputError(f"{_printable(str(side))}: unreadable sidecar metadata: {err}") from None
    return _json_object(text, f"{_printable(str(side))} (sidecar metadata)")


def read_html(
    stream: IO[bytes], origin: str, options: ReadOptions, path: Path | None
) -> Iterator[ReadItem]:
    """An HTML page: trafilatura finds the article text, its title and publication date."""
    html = decode(_read_limited(stream, origin, options), origin)
    record = extract_article(html, origin)
    if path is not None:
        record.update(_sidecar(path))
    yield _guarded(origin, lambda: make_document(record, origin))


def read_feed(
    stream: IO[bytes], origin: str, options: ReadOptions, path: Path | None
) -> Iterator[ReadItem]:
    """RSS/Atom: one document per entry, from its content or else its summary.

    PETRARCH validation files share the suffix: each of their sentences is a document.
    """
    data = _read_limited(stream, origin, options)
    if is_petrarch(data):
        for record in parse_records(decode(data, origin), origin):
            where = f"{origin}:{_printable(record.record_id)}"
            yield _guarded(where, lambda r=record, w=where: make_document(reader_record(r), w))
        return
    for item_origin, record in feed_records(data, origin):
        if isinstance(record, str):
            yield ReadProblem(item_origin, record)
        else:
            yield _guarded(item_origin, lambda r=record, o=item_origin: make_document(r, o))


def read_jsonl(
    stream: IO[bytes], origin: str, options: ReadOptions, path: Path | None
) -> Iterator[ReadItem]:
    """JSON Lines: one record per line; a bad line is reported and the rest are read."""
    for lineno, line in _bounded_lines(stream, options.max_bytes):
        where = f"{origin}:{lineno}"
        if line is None:
            yield ReadProblem(
                where, f"{where}: line longer than {options.max_bytes:,} bytes, skipped"
            )
            continue
        if not line.strip():
            continue
        yield _guarded(where, lambda raw=line, w=where: make_document(_json_record(raw, w), w))


def _json_record(raw: bytes, where: str) -> dict[str, Any]:
    return _json_object(decode(raw, where), where)


def _json_object(text: str, where: str) -> dict[str, Any]:
    """A JSON object, or an InputError saying at `where` what is wrong with the text."""
    try:
        record = json.loads(text)
    except json.JSONDecodeError as err:
        raise InputError(f"{where}: malformed JSON ({err.msg} at column {err.colno})") from None
    except ValueError as err:  # an integer beyond Python's 4,300-digit conversion limit
        raise InputError(f"{where}: malformed JSON ({err})") from None
    except RecursionError:
        raise InputError(f"{where}: JSON nested too deeply") from None
    if not isinstance(record, dict):
        raise InputError(f"{where}: expected a JSON object, got {type(record).__name__}")
    if _nesting(record) > MAX_JSON_DEPTH:
        raise InputError(f"{where}: JSON nested deeper than {MAX_JSON_DEPTH} levels")
    return record


def _nesting(value: Any) -> int:
    """How deeply lists and objects nest in a parsed JSON value (walked without recursion)."""
    deepest, stack = 0, [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            item = list(item.values())
        if isinstance(item, list):
            deepest = max(deepest, depth + 1)
            stack.extend((child, depth + 1) for child in item)
    return deepest


def _bounded_lines(stream: IO[bytes], limit: int) -> Iterator[tuple[int, bytes | None]]:
    """Lines of a byte stream; a line over `limit` bytes is drained and yielded as None."""
    lineno = 0
    while True:
        line = stream.readline(limit + 1)
        if not line:
            return
        lineno += 1
        if len(line) > limit and not line.endswith(b"\n"):
            while (rest := stream.readline(limit)) and not rest.endswith(b"\n"):
                pass
            yield lineno, None
            continue
        yield lineno, line


def read_csv(
    stream: IO[bytes], origin: str, options: ReadOptions, path: Path | None
) -> Iterator[ReadItem]:
    """CSV with a header row naming the fields; quoted fields may hold line breaks."""
    csv.field_size_limit(options.max_bytes)
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", errors="surrogateescape", newline="")
    reader = csv.DictReader(text)
    try:
        fields = reader.fieldnames
    except csv.Error as err:
        yield ReadProblem(origin, f"{origin}: malformed CSV header ({err})")
        return
    if fields is None:
        yield ReadProblem(origin, f"{origin}: empty CSV file")
        return
    if "text" not in fields:
        yield ReadProblem(origin, f"{origin}: CSV header has no 'text' column: {fields}")
        return
    while True:
        where = f"{origin}:{reader.line_num + 1}"
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as err:
            yield ReadProblem(where, f"{where}: malformed CSV row ({err})")
            continue
        yield _guarded(where, lambda r=row, w=where: make_document(_csv_record(r, w), w))


def _csv_record(row: dict[str | None, Any], where: str) -> dict[str, Any]:
    if None in row:
        raise InputError(f"{where}: row has more fields than the header")
    return {k: v for k, v in row.items() if k is not None}


Reader = Callable[[IO[bytes], str, ReadOptions, Path | None], Iterator[ReadItem]]
READERS: dict[str, Reader] = {
    ".txt": read_txt,
    ".text": read_txt,
    ".html": read_html,
    ".htm": read_html,
    ".jsonl": read_jsonl,
    ".ndjson": read_jsonl,
    ".csv": read_csv,
    **dict.fromkeys(FEED_SUFFIXES, read_feed),
}


def format_suffix(path: Path) -> str:
    """The suffix that names the format, looking through a trailing `.gz`."""
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes.pop()
    return suffixes[-1] if suffixes else ""


# --- inputs: paths, directories, stdin -----------------------------------------------


def read_inputs(
    inputs: Iterable[str], options: ReadOptions | None = None, stdin: IO[bytes] | None = None
) -> Iterator[ReadItem]:
    """Every document of every input, in order; '-' reads stdin, directories recursively."""
    options = options or ReadOptions()
    for name in inputs:
        if name == "-":
            yield from _read_stdin(stdin or sys.stdin.buffer, options)
            continue
        path = Path(name)
        if path.is_dir():
            for file in _walk(path):
                yield from read_path(file, options)
        else:
            yield from read_path(path, options)


def _walk(root: Path) -> Iterator[Path]:
    """Supported files below a directory, sorted, hidden files and folders left out."""
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            file = Path(folder, name)
            if not name.startswith(".") and format_suffix(file) in READERS:
                yield file


def _printable(name: str) -> str:
    """A name (a path, a record id) as origins show it in messages and the store: what
    cannot be printed or stored (bytes of a file name that are not UTF-8, controls that
    would steer the terminal) is written as escapes."""
    if name.isprintable():
        return name
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode() for c in name)


def read_path(path: Path, options: ReadOptions) -> Iterator[ReadItem]:
    """The documents of one file, or a single problem saying why it cannot be read."""
    origin = _printable(str(path))
    reader = READERS.get(format_suffix(path))
    if not path.exists():
        yield ReadProblem(origin, f"{origin}: no such file or directory")
        return
    if reader is None:
        known = ", ".join(sorted(READERS))
        yield ReadProblem(
            origin, f"{origin}: unsupported file type (known: {known}, each also .gz)"
        )
        return
    yield from _reported(origin, _read_file(path, origin, reader, options))


def _read_file(path: Path, origin: str, reader: Reader, options: ReadOptions) -> Iterator[ReadItem]:
    """The items of a file, opened here so that failing to open it is reported too."""
    with _open(path) as stream:
        yield from reader(stream, origin, options, path)


def _reported(origin: str, items: Iterator[ReadItem]) -> Iterator[ReadItem]:
    """The items of one input; where reading it fails, a problem naming the input.

    A reader's bug becomes a problem too, as a coder's does (parallel.code_one): one
    hostile file must not stop the batch.
    """
    try:
        yield from items
    except InputError as err:
        yield ReadProblem(origin, str(err))
    except _STREAM_ERRORS as err:
        yield ReadProblem(origin, f"{origin}: cannot read: {getattr(err, 'strerror', None) or err}")
    except Exception as bug:
        yield ReadProblem(origin, f"{origin}: internal error while reading: {bug!r}")


def _open(path: Path) -> IO[bytes]:
    if path.suffix.lower() == ".gz":
        return gzip.open(path, "rb")
    return path.open("rb")


def _read_stdin(stream: IO[bytes], options: ReadOptions) -> Iterator[ReadItem]:
    """Standard input, its format sniffed: a feed, an HTML page, JSON Lines or plain text."""
    yield from _reported("<stdin>", _read_sniffed(stream, options))


def _read_sniffed(stream: IO[bytes], options: ReadOptions) -> Iterator[ReadItem]:
    """The items of a stream by the reader its first bytes call for (gzip looked through)."""
    magic = stream.read(2)
    if magic == b"\x1f\x8b":
        stream = gzip.GzipFile(fileobj=_sniffable(magic, stream))
        magic = b""
    prefix = magic + stream.read(1024)
    stream = _sniffable(prefix, stream)
    head = prefix.removeprefix(b"\xef\xbb\xbf").lstrip().lower()
    if head.startswith(b"<") and any(tag in head for tag in (b"<rss", b"<feed", b"<rdf")):
        reader = read_feed
    elif head.startswith(b"<"):
        reader = read_html
    elif head.startswith(b"{"):
        reader = read_jsonl
    else:
        reader = read_txt
    yield from reader(stream, "<stdin>", options, None)


class _Prefixed(io.RawIOBase):
    """A raw byte stream that first gives back bytes already read from it (for sniffing)."""

    def __init__(self, prefix: bytes, rest: IO[bytes]) -> None:
        super().__init__()
        self._pending = memoryview(prefix)
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if self._pending:
            n = min(len(buffer), len(self._pending))
            buffer[:n] = self._pending[:n]
            self._pending = self._pending[n:]
            return n
        data = self._rest.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def _sniffable(prefix: bytes, rest: IO[bytes]) -> io.BufferedReader:
    """A buffered stream over `prefix` + `rest` (readline stays fast for JSON Lines)."""
    return io.BufferedReader(_Prefixed(prefix, rest))
