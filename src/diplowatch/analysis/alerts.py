"""Alerts: what is new or unusual in a dyad's relations since a date.

- novelty: an event of a CAMEO code after a long gap for the pair ("first make a
  visit between PRK and IRN since 2019-08"), or the first of its root for the pair
  the store has ever seen;
- spike: conflict events of a pair in a period far above the pair's own baseline.

Dates are event dates, not report dates: a 2024 article recalling a 2019 visit puts
that visit in 2019. Headline repeats are one event and count once.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pyarrow as pa

from diplowatch.analysis.parts import Parts, computed, part, query_part
from diplowatch.analysis.periods import CONFLICT, bucket_sql, checked_period
from diplowatch.ontology import event_type
from diplowatch.store import Store

DEFAULT_GAP_DAYS = 365  # a code not seen for a pair within a year counts as new again
SPIKE_MIN_EVENTS = 3  # fewer conflict events in a period are never a spike
SPIKE_SIGMAS = 3.0  # how many standard deviations above the baseline mean
BASELINE_PERIODS = 12  # periods before `since` that make the baseline
DEFAULT_LIMIT = 200  # alerts in a feed
LABELS = {"day": "%Y-%m-%d", "month": "%Y-%m", "year": "%Y"}

# The novelty ranking of every event, the first by id of each pair, code and day only: no
# request parameter changes it (a part). Only those rows can be a request's novelty: a
# later one of a day has that day as its `previous` and is not its root's first, so it
# passes a request's test only for a gap below zero, and then the first passes too.
_RANKING = """
WITH e AS (
    SELECT event_id, doc_id, date, date_precision, cameo, cameo_root, sentence,
        least(source_country, target_country) AS a, greatest(source_country, target_country) AS b,
        source_country, target_country
    FROM events WHERE mention_of IS NULL AND date IS NOT NULL AND source_country <> target_country
)
SELECT * EXCLUDE (date_precision),
    lag(date) OVER (PARTITION BY a, b, cameo ORDER BY date, event_id) AS previous,
    lag(date_precision) OVER (PARTITION BY a, b, cameo ORDER BY date, event_id) AS previous_precision,
    row_number() OVER (PARTITION BY a, b, cameo_root ORDER BY date, event_id) AS nth_of_root
FROM e
QUALIFY row_number() OVER (PARTITION BY a, b, cameo, date ORDER BY event_id) = 1
"""  # noqa: E501
# A request's novelties, from the ranking (one row a pair, code and day: a total order).
_NOVELTY = """
SELECT * FROM ranking
WHERE date >= ? AND (previous IS NULL OR previous < date - ? OR nth_of_root = 1)
ORDER BY date DESC, a, b, cameo
LIMIT ?
"""
# A request's spikes, from all of them for its period (a checked name).
_SPIKES_SINCE = """
SELECT * FROM spikes WHERE start >= date_trunc('{by}', ?::DATE) ORDER BY start DESC, a, b
"""


def alerts(
    store: Store,
    since: dt.date,
    gap_days: int = DEFAULT_GAP_DAYS,
    by: str = "week",
    limit: int = DEFAULT_LIMIT,
    parts: Parts = computed,
) -> list[dict[str, Any]]:
    """Novelty and spike alerts for events dated on or after `since`, newest first
    (`parts` may keep the ranking and the baselines, which `since` does not change)."""
    found = novelties(store, since, gap_days, limit, parts) + spikes(store, since, by, parts)
    found.sort(key=lambda a: (a["date"], a["kind"], a["dyad"]), reverse=True)
    return found[:limit]


def novelties(
    store: Store,
    since: dt.date,
    gap_days: int = DEFAULT_GAP_DAYS,
    limit: int = DEFAULT_LIMIT,
    parts: Parts = computed,
) -> list[dict[str, Any]]:
    """Events of a code new to their pair, or back after more than `gap_days` (one
    alert for an event that several documents report), newest first."""
    ranking = parts(("alerts.ranking",), lambda: part(store, _RANKING))
    rows = query_part("ranking", ranking, _NOVELTY, [since, gap_days, limit])
    return [_novelty(row) for row in rows]


def _name(code: str) -> str:
    """A CAMEO name as a phrase ("consult", not "Consult, not specified below")."""
    return event_type(code).name.lower().removesuffix(", not specified below")


def _novelty(row: dict[str, Any]) -> dict[str, Any]:
    name, root = _name(row["cameo"]), row["cameo_root"]
    pair = f"{row['source_country']} and {row['target_country']}"
    if row["previous"] is None and row["nth_of_root"] == 1:
        kind = "first_root"
        message = f"first {_name(root + '0')} event (CAMEO root {root}) between {pair}: {name}"
    elif row["previous"] is None:
        kind, message = "novelty", f"first {name} between {pair}"
    else:
        since = row["previous"].strftime(LABELS.get(row["previous_precision"], "%Y-%m-%d"))
        kind, message = "novelty", f"first {name} between {pair} since {since}"
    return {
        "kind": kind, "date": row["date"], "dyad": [row["source_country"], row["target_country"]],
        "cameo": row["cameo"], "message": message, "event_id": row["event_id"],
        "doc_id": row["doc_id"], "previous": row["previous"], "evidence": row["sentence"],
    }  # fmt: skip


def spikes(
    store: Store, since: dt.date, by: str = "week", parts: Parts = computed
) -> list[dict[str, Any]]:
    """Periods from `since` on where a pair's conflict events exceed its baseline (the
    mean plus SPIKE_SIGMAS standard deviations of its previous BASELINE_PERIODS
    periods, empty ones as zeros) and number at least SPIKE_MIN_EVENTS."""
    checked_period(by)
    found = parts(("alerts.spikes", by), lambda: _all_spikes(store, by))
    rows = query_part("spikes", found, _SPIKES_SINCE.format(by=by), [since])
    return [
        {"kind": "spike", "date": row["start"], "dyad": [row["a"], row["b"]], "cameo": None,
         "message": f"{row['events']} conflict events between {row['a']} and {row['b']} in "
                    f"the {by} of {row['period']} (baseline {row['mean']:.1f} ± {row['sd']:.1f})",
         "event_id": row["event_ids"][0], "event_ids": row["event_ids"], "events": row["events"],
         "baseline_mean": round(row["mean"], 2), "baseline_sd": round(row["sd"], 2)}
        for row in rows
    ]  # fmt: skip


def _all_spikes(store: Store, by: str) -> pa.Table:
    """Every spike of every period (a part: `since` only filters it); `by` is checked."""
    conflict = ", ".join(map(str, CONFLICT))
    n = BASELINE_PERIODS
    sql = f"""
        WITH counted AS (
            SELECT least(source_country, target_country) AS a,
                greatest(source_country, target_country) AS b,
                CAST(date_trunc('{by}', date) AS DATE) AS start, {bucket_sql(by)} AS period,
                count(*) AS events, list(event_id ORDER BY date, event_id) AS event_ids
            FROM events
            WHERE mention_of IS NULL AND quad_class IN ({conflict}) AND date IS NOT NULL
              AND source_country <> target_country
            GROUP BY ALL
        ), baselines AS (
            SELECT c.a, c.b, c.start, any_value(c.period) AS period,
                any_value(c.events) AS events, any_value(c.event_ids) AS event_ids,
                coalesce(sum(w.events), 0) / {n} AS mean,
                coalesce(sum(w.events * w.events), 0) / {n} AS square
            FROM counted c LEFT JOIN counted w
              ON w.a = c.a AND w.b = c.b AND w.start < c.start
             AND w.start >= c.start - INTERVAL {n} {by}
            WHERE c.events >= ?
            GROUP BY c.a, c.b, c.start
        )
        SELECT *, sqrt(greatest(square - mean * mean, 0)) AS sd FROM baselines
        WHERE events > mean + ? * sqrt(greatest(square - mean * mean, 0))
    """
    return part(store, sql, [SPIKE_MIN_EVENTS, SPIKE_SIGMAS])
