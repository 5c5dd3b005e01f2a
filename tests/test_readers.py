"""Every reader, gzip variants, directories, stdin, and each kind of bad input."""

from __future__ import annotations

import datetime as dt
import gzip
import io
import json
from pathlib import Path

import pytest

from diplowatch.model import Document, ReadProblem
from diplowatch.readers import ReadOptions, content_id, parse_published, read_inputs

ARTICLE = (
    "Polen und Litauen vereinbaren gemeinsame Grenzübungen\n\n"
    "Warschau (dpa) - Der polnische Verteidigungsminister hat am Montag in Vilnius "
    "seinen litauischen Kollegen getroffen. Beide Seiten kündigten gemeinsame Übungen an.\n"
)


def read_all(*inputs: str | Path, **kwargs) -> list[Document | ReadProblem]:
    return list(read_inputs([str(i) for i in inputs], **kwargs))


def docs(items: list[Document | ReadProblem]) -> list[Document]:
    return [i for i in items if isinstance(i, Document)]


def problems(items: list[Document | ReadProblem]) -> list[ReadProblem]:
    return [i for i in items if isinstance(i, ReadProblem)]


def test_txt_title_is_first_nonempty_line_and_id_is_content_hash(tmp_path: Path) -> None:
    path = tmp_path / "article.txt"
    path.write_text("\n\n" + ARTICLE, encoding="utf-8")
    [doc] = read_all(path)
    assert doc.title == "Polen und Litauen vereinbaren gemeinsame Grenzübungen"
    assert doc.doc_id == content_id(doc.text)
    assert doc.published is None
    assert "Vilnius" in doc.text


def test_txt_sidecar_metadata(tmp_path: Path) -> None:
    path = tmp_path / "pl-lt.de.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    meta = {"id": "pl-lt-1", "published": "2025-03-04", "lang": "de", "url": "https://x.example/a"}
    (tmp_path / "pl-lt.de.json").write_text(json.dumps(meta), encoding="utf-8")
    [doc] = read_all(path)
    assert doc.doc_id == "pl-lt-1"
    assert doc.published == dt.date(2025, 3, 4)
    assert doc.lang == "de"
    assert doc.url == "https://x.example/a"


def test_txt_with_bom_reads_without_it(tmp_path: Path) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbf" + ARTICLE.encode())
    [doc] = read_all(path)
    assert doc.text.startswith("Polen")


HTML = """<!doctype html><html lang="de"><head><title>Litauen weist Diplomaten aus | Zeitung</title>
<meta property="og:title" content="Litauen weist russische Diplomaten aus">
<meta property="article:published_time" content="2025-06-02T09:30:00+02:00"></head>
<body><nav><a href="/">Startseite</a> <a href="/politik">Politik</a></nav>
<div class="cookie">Wir verwenden Cookies. <button>Akzeptieren</button></div>
<article><h1>Litauen weist russische Diplomaten aus</h1>
<p>Vilnius (dpa) - Litauen hat am Montag zwei russische Diplomaten ausgewiesen. Die Regierung
in Vilnius warf ihnen Spionage vor, wie das Außenministerium mitteilte.</p>
<div class="ad">Anzeige</div>
<p>Moskau kündigte eine Reaktion an. Der Kreml sprach von einer Provokation und drohte mit
Gegenmaßnahmen gegen litauische Vertreter in Russland.</p>
<p>Die Beziehungen zwischen beiden Ländern gelten seit Jahren als angespannt, zuletzt hatte
Litauen im Jahr 2022 den Transit bestimmter Waren nach Kaliningrad beschränkt.</p></article>
<footer>Impressum · Datenschutz</footer></body></html>"""


def test_html_article_text_title_and_date(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(HTML, encoding="utf-8")
    [doc] = read_all(path)
    assert doc.title == "Litauen weist russische Diplomaten aus"
    assert doc.published == dt.date(2025, 6, 2)
    assert "zwei russische Diplomaten ausgewiesen" in doc.text
    assert "Cookies" not in doc.text and "Impressum" not in doc.text
    assert doc.text.startswith(doc.title)


def test_html_without_article_text_is_a_problem(tmp_path: Path) -> None:
    path = tmp_path / "empty.htm"
    path.write_text("<html><body><nav></nav></body></html>", encoding="utf-8")
    [problem] = read_all(path)
    assert isinstance(problem, ReadProblem)
    assert "no article text" in problem.message


def test_jsonl_fields_meta_and_bad_lines(tmp_path: Path) -> None:
    path = tmp_path / "dump.jsonl"
    lines = [
        json.dumps(
            {
                "id": "a",
                "title": "Titel A",
                "text": "Text A über Polen.",
                "lang": "de",
                "published": "2025-01-02T10:00:00Z",
                "source": "dpa",
                "section": "Politik",
            }
        ),
        "{not json",
        json.dumps(["a", "list"]),
        "",
        json.dumps({"id": "empty", "text": "   "}),
        json.dumps({"text": "Text without id and title."}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = read_all(path)
    first, second = docs(items)
    assert first.doc_id == "a" and first.source == "dpa" and first.lang == "de"
    assert first.published == dt.date(2025, 1, 2)
    assert first.meta == {"section": "Politik"}
    assert first.text == "Titel A\n\nText A über Polen."
    assert second.doc_id == content_id(second.text)
    messages = [p.message for p in problems(items)]
    assert len(messages) == 3
    assert any(f"{path}:2: malformed JSON" in m for m in messages)
    assert any(f"{path}:3: expected a JSON object" in m for m in messages)
    assert any(f"{path}:5: empty document" in m for m in messages)


def test_jsonl_unparseable_date_is_kept_as_metadata(tmp_path: Path) -> None:
    path = tmp_path / "d.jsonl"
    path.write_text(json.dumps({"id": "x", "text": "Ein Text.", "published": "gestern"}) + "\n")
    [doc] = read_all(path)
    assert doc.published is None
    assert doc.meta["published_unparsed"] == "gestern"


def test_jsonl_invalid_utf8_line_is_skipped_and_rest_read(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    good = json.dumps({"id": "ok", "text": "Gut."}).encode()
    path.write_bytes(b'{"id": "bad", "text": "caf\xe9"}\n' + good + b"\n")
    items = read_all(path)
    assert [d.doc_id for d in docs(items)] == ["ok"]
    [problem] = problems(items)
    assert "invalid UTF-8" in problem.message and f"{path}:1" in problem.message


def test_csv_embedded_newlines_extra_fields_and_bad_rows(tmp_path: Path) -> None:
    path = tmp_path / "dump.csv"
    path.write_text(
        "id,title,text,published,lang,desk\n"
        '1,Erster,"Absatz eins.\n\nAbsatz zwei.",2025-02-03,de,Ausland\n'
        '2,Zweiter,"",2025-02-03,de,Ausland\n'
        '3,Dritter,"Text",2025-02-03,de,Ausland,zu viel\n'
        '4,Vierter,"Noch ein Text.",,en,World\n',
        encoding="utf-8",
    )
    items = read_all(path)
    first, fourth = docs(items)
    assert first.doc_id == "1" and "Absatz zwei." in first.text
    assert first.meta == {"desk": "Ausland"}
    assert fourth.published is None and fourth.lang == "en"
    messages = [p.message for p in problems(items)]
    assert len(messages) == 2
    assert any("empty document" in m for m in messages)
    assert any("more fields than the header" in m for m in messages)


def test_csv_without_text_column(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("id,body\n1,hello\n", encoding="utf-8")
    [problem] = read_all(path)
    assert "no 'text' column" in problem.message


RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>World Wire</title><link>https://wire.example</link><description>d</description>
<item><title>Japan protests Chinese coast guard manoeuvres</title>
<link>https://wire.example/1</link><guid>wire-1</guid><pubDate>Tue, 04 Mar 2025 08:00:00 GMT</pubDate>
<content:encoded><![CDATA[<p>Tokyo lodged a protest with Beijing on Monday.</p><p>Advertisement</p>
<p>The Japanese foreign ministry summoned the Chinese ambassador.</p>]]></content:encoded></item>
<item><title>Second item</title><link>https://wire.example/2</link>
<description>Only a summary: Kenya and Somalia agreed to reopen the border.</description></item>
<item><title>Empty</title><link>https://wire.example/3</link></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Wire</title><id>urn:x</id>
<updated>2025-05-01T00:00:00Z</updated>
<entry><title>Chile and Peru sign trade deal</title><id>urn:atom-1</id>
<updated>2025-05-01T12:00:00Z</updated>
<content type="html">&lt;p&gt;Chile and Peru signed a trade agreement in Lima.&lt;/p&gt;</content></entry>
</feed>"""


def test_rss_items_content_summary_and_empty(tmp_path: Path) -> None:
    path = tmp_path / "feed.xml"
    path.write_text(RSS, encoding="utf-8")
    items = read_all(path)
    first, second = docs(items)
    assert first.doc_id == "wire-1" and first.source == "World Wire"
    assert first.published == dt.date(2025, 3, 4)
    assert first.text.startswith("Japan protests Chinese coast guard manoeuvres\n\n")
    assert "summoned the Chinese ambassador" in first.text
    assert second.doc_id == "https://wire.example/2" and "Kenya and Somalia" in second.text
    [problem] = problems(items)
    assert "#item3" in problem.origin and "no content or summary" in problem.message


def test_atom_feed(tmp_path: Path) -> None:
    path = tmp_path / "feed.atom"
    path.write_text(ATOM, encoding="utf-8")
    [doc] = read_all(path)
    assert doc.doc_id == "urn:atom-1"
    assert doc.published == dt.date(2025, 5, 1)
    assert "signed a trade agreement in Lima" in doc.text


def test_broken_feed_is_one_problem(tmp_path: Path) -> None:
    path = tmp_path / "broken.rss"
    path.write_text("<rss><channel><title>x</title>", encoding="utf-8")
    [problem] = read_all(path)
    assert "not a readable RSS/Atom feed" in problem.message


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("a.txt.gz", ARTICLE),
        ("a.jsonl.gz", json.dumps({"id": "gz", "text": ARTICLE}) + "\n"),
        ("a.csv.gz", 'id,text\ngz,"' + ARTICLE + '"\n'),
        ("a.html.gz", HTML),
        ("a.xml.gz", RSS),
    ],
)
def test_gzip_variants(tmp_path: Path, name: str, content: str) -> None:
    path = tmp_path / name
    path.write_bytes(gzip.compress(content.encode("utf-8")))
    items = read_all(path)
    assert docs(items), items


def test_corrupt_gzip_is_a_problem(tmp_path: Path) -> None:
    path = tmp_path / "x.jsonl.gz"
    path.write_bytes(b"\x1f\x8b\x08\x00garbage")
    [problem] = read_all(path)
    assert "cannot read" in problem.message


def test_directory_is_read_recursively_sorted_hidden_and_unknown_skipped(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / ".hidden").mkdir()
    (tmp_path / "a.txt").write_text("Erster Text\n\nInhalt eins.", encoding="utf-8")
    (tmp_path / "b" / "c.txt").write_text("Zweiter Text\n\nInhalt zwei.", encoding="utf-8")
    (tmp_path / ".hidden" / "d.txt").write_text("Versteckt", encoding="utf-8")
    (tmp_path / "notes.md").write_text("# not a document", encoding="utf-8")
    (tmp_path / "a.json").write_text("{}", encoding="utf-8")
    titles = [d.title for d in docs(read_all(tmp_path))]
    assert titles == ["Erster Text", "Zweiter Text"]


def test_stdin_sniffs_text_jsonl_html_and_feed() -> None:
    def from_stdin(data: str | bytes) -> list[Document | ReadProblem]:
        raw = data.encode("utf-8") if isinstance(data, str) else data
        return read_all("-", stdin=io.BytesIO(raw))

    [txt] = from_stdin(ARTICLE)
    assert txt.title.startswith("Polen") and txt.origin == "<stdin>"
    jsonl = from_stdin(
        "\n".join(json.dumps({"id": str(i), "text": f"Text {i}."}) for i in range(3))
    )
    assert [d.doc_id for d in jsonl] == ["0", "1", "2"]
    [html] = from_stdin(HTML)
    assert html.published == dt.date(2025, 6, 2)
    assert len(docs(from_stdin(RSS))) == 2
    [gz] = from_stdin(gzip.compress(ARTICLE.encode()))
    assert gz.title.startswith("Polen")


def test_missing_path_and_unsupported_type(tmp_path: Path) -> None:
    (tmp_path / "x.pdf").write_bytes(b"%PDF-1.4")
    missing, unsupported = read_all(tmp_path / "nope.txt", tmp_path / "x.pdf")
    assert "no such file" in missing.message and "nope.txt" in missing.message
    assert "unsupported file type" in unsupported.message


def test_binary_and_invalid_utf8_files(tmp_path: Path) -> None:
    (tmp_path / "bin.txt").write_bytes(b"\x00\x01\x02binary\x00")
    (tmp_path / "latin1.txt").write_bytes("Überschrift\n\nMüller traf Öztürk.".encode("latin-1"))
    binary, latin = read_all(tmp_path / "bin.txt", tmp_path / "latin1.txt")
    assert "binary file" in binary.message
    assert "invalid UTF-8 at byte 0 (line 1)" in latin.message


def test_empty_document(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("\n  \n", encoding="utf-8")
    [problem] = read_all(tmp_path / "empty.txt")
    assert "empty document" in problem.message


def test_50_mb_single_line_is_reported_and_the_rest_read(tmp_path: Path) -> None:
    big = "Wort " * 10_000_000
    (tmp_path / "big.txt").write_text(big, encoding="utf-8")
    dump = tmp_path / "big.jsonl"
    with dump.open("w", encoding="utf-8") as handle:
        handle.write(json.dumps({"id": "huge", "text": big}) + "\n")
        handle.write(json.dumps({"id": "small", "text": "Klein."}) + "\n")
    items = read_all(tmp_path / "big.txt", dump)
    assert [d.doc_id for d in docs(items)] == ["small"]
    txt_problem, line_problem = problems(items)
    assert "larger than the 5,000,000-byte limit" in txt_problem.message
    assert f"{dump}:1: line longer than 5,000,000 bytes" in line_problem.message


def test_max_bytes_is_configurable(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    [problem] = read_all(tmp_path / "a.txt", options=ReadOptions(max_bytes=50))
    assert "50-byte limit" in problem.message


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-04-24", dt.date(2024, 4, 24)),
        ("2024-04-24T23:10:00+02:00", dt.date(2024, 4, 24)),
        ("Wed, 24 Apr 2024 08:00:00 GMT", dt.date(2024, 4, 24)),
        ("am Mittwoch", None),
        ("", None),
        (None, None),
        (True, None),
    ],
)
def test_parse_published(value: object, expected: dt.date | None) -> None:
    assert parse_published(value) == expected
