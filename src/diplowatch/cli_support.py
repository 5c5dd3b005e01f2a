"""What every diplowatch command shares: consoles, the store option, dates, failing."""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from rich.console import Console
from rich.table import Table

DEFAULT_DB = "diplowatch.duckdb"
out = Console()
err = Console(stderr=True, soft_wrap=True)

DbOption = Annotated[
    Path | None,
    typer.Option("--db", help=f"DuckDB store (default: $DIPLOWATCH_DB or ./{DEFAULT_DB})."),
]
WaitOption = Annotated[
    float,
    typer.Option(
        "--wait",
        min=0,
        help="Seconds to wait for a store another process is writing, before giving up.",
    ),
]
ActorsOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--actors",
        help="Your own actor file (YAML, or a PETRARCH .actors dictionary); repeatable.",
    ),
]


def store_path(db: Path | None) -> Path:
    """The store a command works on: --db, else $DIPLOWATCH_DB, else ./diplowatch.duckdb."""
    return db or Path(os.environ.get("DIPLOWATCH_DB") or DEFAULT_DB)


def actor_files(paths: list[Path] | None) -> tuple[str, ...]:
    """The user's actor files as a hashable tuple (the knowledge base is cached by it)."""
    return tuple(str(p) for p in paths or ())


def parse_date(value: str | None, option: str) -> dt.date | None:
    """A YYYY-MM-DD option value; a usage error naming the option otherwise."""
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(
            f"{value!r} is not a date (YYYY-MM-DD)", param_hint=option
        ) from None


def print_json_lines(rows: Sequence[dict[str, Any]]) -> None:
    """One JSON object a line on stdout (dates as ISO text), for scripts and pipes."""
    for row in rows:
        print(json.dumps(row, ensure_ascii=False, default=str))


def print_rows(
    rows: Sequence[dict[str, Any]], fields: Sequence[str], title: str, as_json: bool
) -> None:
    """Rows as JSON lines (`--json`) or as a table of the given fields."""
    if as_json:
        print_json_lines(rows)
        return
    table = Table(*fields, title=title)
    for row in rows:
        table.add_row(*("" if row[f] is None else str(row[f]) for f in fields))
    out.print(table)


def fail(message: str) -> NoReturn:
    """Print a user error (never a traceback) and exit with status 1."""
    err.print(f"[bold red]error:[/bold red] {message}", highlight=False)
    raise typer.Exit(1)
