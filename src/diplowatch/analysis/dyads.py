"""Dyad history: what two states did to each other, bucket by bucket, both ways."""

from __future__ import annotations

from typing import Any

from diplowatch.analysis.periods import QUAD_NAMES, Span, bucket_sql
from diplowatch.errors import InputError
from diplowatch.store import Store


def checked_country(code: str) -> str:
    """A country code as the store keeps it (ISO alpha-3 or IGO), else a clear error."""
    value = code.strip().upper()
    if not (value.isalpha() and 2 <= len(value) <= 3):
        raise InputError(f"{code!r} is not a country code (three letters, e.g. PRK, or IGO)")
    return value


def dyad_history(
    store: Store, a: str, b: str, by: str = "month", span: Span | None = None
) -> dict[str, Any]:
    """Per bucket and direction: events by QuadClass, Goldstein sum and mean, and the
    ids of the events behind them (headline repeats left out: they are one event)."""
    a, b = checked_country(a), checked_country(b)
    dates, params = (span or Span()).sql()
    quads = ", ".join(
        f"count(*) FILTER (WHERE quad_class = {q}) AS {n}" for q, n in QUAD_NAMES.items()
    )
    sql = f"""
        SELECT {bucket_sql(by)} AS period, source_country, target_country,
            count(*) AS events, {quads},
            round(sum(goldstein), 2) AS goldstein_sum, round(avg(goldstein), 2) AS goldstein_mean,
            list(event_id ORDER BY date, event_id) AS event_ids
        FROM events
        WHERE mention_of IS NULL AND {dates}
          AND ((source_country = ? AND target_country = ?)
            OR (source_country = ? AND target_country = ?))
        GROUP BY ALL ORDER BY period, source_country
    """
    rows = store.query(sql, [*params, a, b, b, a])
    buckets: dict[str, dict[str, Any]] = {}
    for row in rows:
        bucket = buckets.setdefault(row["period"], {"period": row["period"]})
        direction = "forward" if row["source_country"] == a else "backward"
        bucket[direction] = {k: v for k, v in row.items() if k not in ("period",)}
    empty = {"events": 0, **dict.fromkeys(QUAD_NAMES.values(), 0), "goldstein_sum": 0.0,
             "goldstein_mean": None, "event_ids": []}  # fmt: skip
    for bucket in buckets.values():
        bucket.setdefault("forward", {**empty, "source_country": a, "target_country": b})
        bucket.setdefault("backward", {**empty, "source_country": b, "target_country": a})
    return {"a": a, "b": b, "by": by, "buckets": list(buckets.values())}
