"""Isolation: how many states a state cooperates with, period by period, and the trend.

"Is North Korea breaking out of its isolation?" becomes a series (cooperative partners
and cooperative events per period, empty periods included as zeros) and one number:
the least-squares slope of partners per period, with the change from the previous
period to the last.
"""

from __future__ import annotations

import statistics
from typing import Any

from diplowatch.analysis.dyads import checked_country
from diplowatch.analysis.periods import COOPERATION, PERIODS, Span, bucket_sql, checked_period
from diplowatch.store import Store


def isolation(
    store: Store, country: str, by: str = "year", span: Span | None = None
) -> dict[str, Any]:
    """Cooperative partners and events of a country per period, and their trend."""
    code, by = checked_country(country), checked_period(by)
    dates, params = (span or Span()).sql()
    coop = ", ".join(map(str, COOPERATION))
    sql = f"""
        WITH own AS (
            SELECT date, goldstein,
                CASE WHEN source_country = ? THEN target_country ELSE source_country END AS partner
            FROM events
            WHERE mention_of IS NULL AND quad_class IN ({coop}) AND {dates}
              AND source_country <> target_country AND ? IN (source_country, target_country)
        ), bounds AS (
            SELECT date_trunc('{by}', min(date)) AS first, date_trunc('{by}', max(date)) AS last
            FROM events WHERE mention_of IS NULL AND {dates}
        ), periods AS (
            SELECT strftime(p, '{PERIODS[by]}') AS period
            FROM bounds, unnest(range(first, last + INTERVAL 1 {by}, INTERVAL 1 {by})) AS t(p)
        )
        SELECT p.period, count(DISTINCT o.partner) AS partners, count(o.partner) AS events,
            list(DISTINCT o.partner ORDER BY o.partner) FILTER (WHERE o.partner IS NOT NULL)
                AS partner_list,
            coalesce(round(sum(o.goldstein), 2), 0) AS goldstein
        FROM periods p LEFT JOIN own o ON {bucket_sql(by, "o.date")} = p.period
        GROUP BY p.period ORDER BY p.period
    """
    rows = store.query(sql, [code, *params, code, *params])
    for row in rows:
        row["partner_list"] = row["partner_list"] or []
    return {"country": code, "by": by, "periods": rows, **_trend([r["partners"] for r in rows])}


def _trend(series: list[int]) -> dict[str, float | int | None]:
    """The slope of a series over its periods and its last step (None: too short)."""
    if len(series) < 2:
        return {"slope": None, "change": None}
    slope = statistics.linear_regression(range(len(series)), series).slope
    return {"slope": round(slope, 3), "change": series[-1] - series[-2]}
