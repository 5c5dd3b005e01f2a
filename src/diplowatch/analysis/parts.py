"""Parts of an analysis that no request parameter changes, and queries over them.

Why: some analyses rank or count every event the same way whatever the request asks
(alerts' novelty ranking over all events, the conflict counts against their baselines),
and only a filter on that result depends on the request. Such a part is computed as an
Arrow table and the request's question is a cheap query over it (DuckDB reads a
registered Arrow table in place). A caller that keeps parts per store state
(`part_cache.py`, the dashboard's) then answers fresh questions without recomputing
them; a one-off caller (the CLI) computes each part when it is asked for (`computed`).
Either way the same statements run, so both give the same answers.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from contextlib import closing
from functools import cache
from typing import Any

import duckdb
import pyarrow as pa

from diplowatch.store import Store

MEMORY_LIMIT = "128MB"  # the queries over parts filter and sort; the parts are Arrow's
Compute = Callable[[], pa.Table]
# A part by its key (which names everything it depends on but the store's content),
# computed with the given function unless a kept one still holds.
Parts = Callable[[Hashable, Compute], pa.Table]


def computed(_key: Hashable, compute: Compute) -> pa.Table:
    """Every part computed afresh: nothing is kept."""
    return compute()


def part(store: Store, sql: str, params: Sequence[Any] = ()) -> pa.Table:
    """A query's whole result as an Arrow table."""
    # a cursor of its own: the store's connection may hold a result not read to the end
    with closing(store.con.cursor()) as con:
        return con.sql(sql, params=list(params)).to_arrow_table()


def query_part(
    name: str, table: pa.Table, sql: str, params: Sequence[Any] = ()
) -> list[dict[str, Any]]:
    """Rows of `sql`, which reads the part `table` under `name`, as dicts."""
    with closing(_engine().cursor()) as con:
        con.register(name, table)  # on this cursor only, gone when it closes
        found = con.sql(sql, params=list(params))
        return [dict(zip(found.columns, row, strict=True)) for row in found.fetchall()]


@cache
def _engine() -> duckdb.DuckDBPyConnection:
    """An in-memory database of this process's own for the queries over parts. Not the
    store's: the dashboard opens and closes that for every request, and meanwhile a
    table registered on one of its connections may not be found (DuckDB 2.0.1: "Table
    Function with name python_arrow_scan does not exist", 22 of 1,200 queries from 8
    threads; none on a database that stays open)."""
    return duckdb.connect(config={"memory_limit": MEMORY_LIMIT})
