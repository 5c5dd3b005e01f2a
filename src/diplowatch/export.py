"""Write events (or the stories they make) to JSONL, CSV or Parquet, with the same field
names in all three.

DuckDB's COPY writes all three formats natively and streams, so an export of millions of
events needs no Python loop. The file is written under a temporary name beside the
target and renamed, so a crash never leaves a truncated export behind.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import IO, Any

from diplowatch.analysis.stories import story_sql
from diplowatch.errors import InputError
from diplowatch.store import EVENT_FIELDS, EventFilter, Store

FORMATS = {"jsonl": "FORMAT json", "csv": "FORMAT csv, HEADER true", "parquet": "FORMAT parquet"}
_SUFFIXES = {".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl", ".csv": "csv",
             ".parquet": "parquet", ".pq": "parquet"}  # fmt: skip


def infer_format(fmt: str | None, output: Path | None) -> str:
    """The export format: as given, else from the output's suffix, else JSONL."""
    if fmt:
        if fmt not in FORMATS:
            raise InputError(f"unknown export format {fmt!r} (choose from {', '.join(FORMATS)})")
        return fmt
    if output is not None:
        return _SUFFIXES.get(output.suffix.lower(), "jsonl")
    return "jsonl"


LEVELS = ("events", "stories")


def export_events(
    store: Store, fmt: str, output: Path | None, where: EventFilter | None = None,
    stdout: IO[bytes] | None = None, level: str = "events",
) -> int:  # fmt: skip
    """Write the matching events, or the stories they make (`level`), to `output` (or
    stdout); returns how many rows were written."""
    if level not in LEVELS:
        raise InputError(f"unknown export level {level!r} (choose from {', '.join(LEVELS)})")
    if level == "stories":
        select, params = story_sql(where)
    else:
        clause, params = (where or EventFilter()).where()
        columns = ", ".join(f'"{name}"' for name in EVENT_FIELDS)
        select = f"SELECT {columns} FROM events{clause} ORDER BY doc_id, sentence_index, event_id"
    return _export(store, fmt, output, select, params, stdout)


def _export(
    store: Store, fmt: str, output: Path | None, select: str, params: list[Any],
    stdout: IO[bytes] | None,
) -> int:  # fmt: skip
    if output is None and fmt == "parquet":
        raise InputError("Parquet is a binary format: give an output file with -o")
    count = store.con.execute(f"SELECT count(*) FROM ({select})", params).fetchone()[0]
    if output is not None and output.is_dir():
        raise InputError(f"{output}: is a directory; give a file name for the export")
    folder = output.parent if output is not None else Path(tempfile.gettempdir())
    if not folder.is_dir():
        raise InputError(f"{folder}: no such directory for the export")
    try:
        handle, temp_name = tempfile.mkstemp(prefix=".diplowatch-export-", dir=folder)
    except OSError as err:
        raise InputError(f"{folder}: cannot write the export there: {err.strerror}") from None
    os.close(handle)
    try:
        store.con.execute(f"COPY ({select}) TO '{_quoted(temp_name)}' ({FORMATS[fmt]})", params)
        if output is None:
            with open(temp_name, "rb") as source:
                shutil.copyfileobj(source, stdout or sys.stdout.buffer)
        else:
            os.replace(temp_name, output)
    except OSError as err:
        raise InputError(f"{output or 'stdout'}: cannot write the export: {err.strerror}") from None
    finally:
        if os.path.exists(temp_name):
            os.unlink(temp_name)
    return int(count)


def _quoted(path: str) -> str:
    """A file name inside a SQL string literal (COPY takes no parameter for its target)."""
    return path.replace("'", "''")
