"""Shared fixtures: paths to the repository, ../shared, and a CLI runner."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from diplowatch.cli import app
from diplowatch.store import Store

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
REFERENCE = SHARED / "examples" / "nordkorea-iran.de.txt"
EXAMPLES = REPO / "examples"


@pytest.fixture
def reference_article() -> Path:
    """The real machine-translated reference article, read from ../shared."""
    if not REFERENCE.is_file():
        pytest.skip("../shared/examples is not beside the repository")
    return REFERENCE


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """A path for a fresh store."""
    return tmp_path / "events.duckdb"


class Cli:
    """Runs the diplowatch command in-process and keeps stdout and stderr apart."""

    def __init__(self) -> None:
        self.runner = CliRunner()

    def __call__(self, *args: str, input: str | bytes | None = None):
        return self.runner.invoke(app, [str(a) for a in args], input=input, catch_exceptions=False)


@pytest.fixture
def cli() -> Cli:
    return Cli()


@pytest.fixture(scope="session")
def analysis_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store coded from the bundled examples plus the reference article (published
    2024-04-24), as a user would build it: the analyses' and the dashboard's tests
    read the answers it should give from these articles."""
    if not REFERENCE.is_file():
        pytest.skip("../shared/examples is not beside the repository")
    store = tmp_path_factory.mktemp("analysis") / "events.duckdb"
    cli = Cli()
    for args in (["code", EXAMPLES], ["code", REFERENCE, "--published", "2024-04-24"]):
        result = cli(*args, "--db", store)
        assert result.exit_code == 0, result.output
    return store


def stored_rows(db: Path, *unlike: str) -> list[list[tuple]]:
    """Everything a run stores but the coding time (and the document columns named in
    `unlike`, which differ by design), in a fixed order, to compare runs."""
    excluded = ", ".join(("coded_at", *unlike))
    with Store(db, read_only=True) as store:
        rows = store.con.execute("SELECT * FROM events ORDER BY event_id").fetchall()
        docs = store.con.execute(
            f"SELECT * EXCLUDE ({excluded}) FROM documents ORDER BY doc_id"
        ).fetchall()
        mentions = store.con.execute(
            "SELECT * FROM mentions ORDER BY doc_id, char_start, char_end"
        ).fetchall()
    return [rows, docs, mentions]
