"""The command line end to end: code, events, export, errors and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

from diplowatch import __version__
from diplowatch.store import Store

from .conftest import EXAMPLES

GERMAN = (
    "Litauen weist russische Diplomaten aus\n\n"
    "Vilnius (dpa) - Litauen hat am Montag zwei russische Diplomaten ausgewiesen. "
    "Der Kreml kritisierte Litauen scharf.\n"
)


def test_version(cli) -> None:
    result = cli("--version")
    assert result.exit_code == 0
    assert result.stdout.strip() == f"diplowatch {__version__}"


def test_reference_article_is_stored_without_residue_and_recoding_is_idempotent(
    cli, db: Path, reference_article: Path
) -> None:
    first = cli("code", reference_article, "--published", "2024-04-24", "--db", db)
    assert first.exit_code == 0, first.output
    assert "documents coded" in first.stdout and "events" in first.stdout
    with Store(db, read_only=True) as store:
        [doc] = store.query("SELECT * FROM documents")
        once = store.counts()
    lines = doc["clean_text"].splitlines()
    assert "Werbung" not in lines and "0" not in lines and "2" not in lines
    assert doc["text"] == reference_article.read_text(encoding="utf-8")
    assert str(doc["published"]) == "2024-04-24" and doc["lang"] == "de"
    assert once["events"] > 0
    second = cli("code", reference_article, "--published", "2024-04-24", "--db", db)
    assert second.exit_code == 0
    with Store(db, read_only=True) as store:
        assert store.counts() == once


def test_examples_code_into_events_in_both_languages(cli, db: Path) -> None:
    result = cli("code", EXAMPLES, "--db", db)
    assert result.exit_code == 0, result.output
    with Store(db, read_only=True) as store:
        docs = store.query("SELECT lang, count(*) AS n FROM documents GROUP BY lang ORDER BY lang")
        langs = store.query("SELECT DISTINCT lang FROM events ORDER BY lang")
    assert {r["lang"]: r["n"] for r in docs} == {"de": 5, "en": 7}
    assert [r["lang"] for r in langs] == ["de", "en"]


def test_stdin_with_published_date(cli, db: Path) -> None:
    result = cli("code", "-", "--published", "2025-05-05", "--db", db, input=GERMAN)
    assert result.exit_code == 0, result.output
    listed = cli("events", "--db", db, "--json")
    rows = [json.loads(line) for line in listed.stdout.splitlines()]
    # 2025-05-05 is a Monday: "am Montag" is that day; the headline has no date of its own
    assert rows and {r["date"] for r in rows} == {"2025-05-05"}
    assert {r["date_precision"] for r in rows} <= {"day", "publication"}


def test_unknown_date_is_never_today(cli, db: Path) -> None:
    cli("code", "-", "--db", db, input=GERMAN)
    rows = [json.loads(line) for line in cli("events", "--db", db, "--json").stdout.splitlines()]
    assert rows and {(r["date"], r["date_precision"]) for r in rows} == {(None, "unknown")}


def test_events_filters_and_table(cli, db: Path) -> None:
    cli("code", "-", "--published", "2025-05-05", "--db", db, input=GERMAN)
    table = cli("events", "--db", db, "--source", "RUS")
    assert table.exit_code == 0 and "RUSGOV" in table.stdout and "Kreml" in table.stdout
    none = cli("events", "--db", db, "--json", "--since", "2025-06-01")
    assert none.stdout.strip() == ""
    bad = cli("events", "--db", db, "--since", "Mai")
    assert bad.exit_code == 2 and "not a date" in bad.output


def test_export_command(cli, db: Path, tmp_path: Path) -> None:
    cli("code", "-", "--published", "2025-05-05", "--db", db, input=GERMAN)
    out = tmp_path / "events.parquet"
    result = cli("export", "--db", db, "-o", out)
    assert result.exit_code == 0 and out.stat().st_size > 0
    assert "(parquet)" in result.stderr
    jsonl = cli("export", "--db", db, "--format", "jsonl")
    assert all(json.loads(line)["doc_id"] for line in jsonl.stdout.splitlines())


def test_bad_inputs_are_reported_and_the_rest_coded(cli, db: Path, tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(GERMAN, encoding="utf-8")
    (tmp_path / "latin1.txt").write_bytes("Titel\n\nMüller".encode("latin-1"))
    (tmp_path / "broken.jsonl").write_text('{"id": 1, "text": "Kurz."}\n{oops\n', encoding="utf-8")
    result = cli("code", good, tmp_path / "latin1.txt", tmp_path / "broken.jsonl",
                 tmp_path / "missing.txt", "--db", db)  # fmt: skip
    assert result.exit_code == 0
    assert "latin1.txt: invalid UTF-8" in result.stderr
    assert "broken.jsonl:2: malformed JSON" in result.stderr
    assert "missing.txt: no such file" in result.stderr
    assert "Traceback" not in result.output
    with Store(db, read_only=True) as store:
        assert store.counts()["documents"] == 2


def test_nothing_coded_exits_non_zero(cli, db: Path, tmp_path: Path) -> None:
    result = cli("code", tmp_path / "missing.txt", "--db", db)
    assert result.exit_code == 1
    assert "nothing could be coded" in result.stderr


def test_other_languages_are_stored_and_skipped(cli, db: Path, tmp_path: Path) -> None:
    french = tmp_path / "fr.txt"
    french.write_text(
        "La France critique la Russie\n\nLe gouvernement français a critiqué mardi la Russie "
        "pour ses attaques contre l'Ukraine.", encoding="utf-8")  # fmt: skip
    result = cli("code", french, "--db", db)
    assert result.exit_code == 1
    assert "language 'fr' is not coded" in result.stderr
    with Store(db, read_only=True) as store:
        [doc] = store.query("SELECT status, lang FROM documents")
    assert doc == {"status": "skipped", "lang": "fr"}
    forced = cli("code", french, "--db", db, "--lang", "de")
    assert forced.exit_code == 0


def test_bad_options(cli, db: Path) -> None:
    assert cli("code", "-", "--lang", "fr", "--db", db, input="x").exit_code == 2
    assert cli("code", "-", "--published", "24.04.2024", "--db", db, input="x").exit_code == 2
    missing = cli("events", "--db", db)
    assert missing.exit_code == 1 and "no such store" in missing.stderr


def test_db_from_environment(cli, tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "env.duckdb"
    monkeypatch.setenv("DIPLOWATCH_DB", str(target))
    assert cli("code", "-", input=GERMAN).exit_code == 0
    assert target.is_file()
