"""Stories: the reports of one real-world event across articles, merged.

GDELT keeps an event table and a mentions table; diplowatch codes every report as an
event row (a headline repeat is kept as a mention of its lede), so the merge happens
here. Reports belong to one story when they share the directed dyad (source and target
country) and the CAMEO root, and their dates touch: each event stands for the span its
date precision allows (a day; a whole month for "im August 2019"; a whole year for
"2023"), and spans within `window` days of the story so far join it. The sweep runs in
DuckDB with window functions, so 100,000 events merge in milliseconds.

A story's id is a hash of its dyad, root and smallest member event id: coding the same
documents again gives the same stories.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from diplowatch.store import EventFilter, Store

DEFAULT_WINDOW_DAYS = 3  # reports of one event a few days apart (a visit, its aftermath)
STORY_KEY = "source_country, target_country, cameo_root"

# Every report (mentions included) with the span its date stands for and its story number.
_MEMBERS = f"""
WITH reports AS (
    SELECT e.*, d.published, coalesce(d.source, d.origin) AS outlet,
        CASE e.date_precision
            WHEN 'month' THEN CAST(date_trunc('month', e.date) AS DATE)
            WHEN 'year' THEN CAST(date_trunc('year', e.date) AS DATE)
            ELSE e.date END AS span_start,
        CASE e.date_precision
            WHEN 'month' THEN last_day(e.date)
            WHEN 'year' THEN CAST(date_trunc('year', e.date) + INTERVAL 1 YEAR - INTERVAL 1 DAY AS DATE)
            ELSE e.date END AS span_end
    FROM (SELECT * FROM events{{where}}) e LEFT JOIN documents d USING (doc_id)
), swept AS (
    SELECT *, max(span_end) OVER (
        PARTITION BY {STORY_KEY} ORDER BY span_start NULLS LAST, event_id
        ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS reach
    FROM reports
), opened AS (
    SELECT *, CASE WHEN reach IS NULL OR span_start IS NULL OR span_start > reach + ?
              THEN 1 ELSE 0 END AS opens
    FROM swept
), members AS (
    SELECT *, sum(opens) OVER (
        PARTITION BY {STORY_KEY} ORDER BY span_start NULLS LAST, event_id
        ROWS UNBOUNDED PRECEDING) AS story_no
    FROM opened
)
"""  # noqa: E501
# A story's id from its key and smallest member id: the same in both statements below.
STORY_ID = f"substr(md5(concat_ws('|', {STORY_KEY}, {{first}})), 1, 16)"

# Which stories to show, chosen on cheap aggregates first (LIMIT NULL: all of them), so
# the distinct counts and the best report are computed only for those; the best report
# gives the evidence: the most confident, then the longest.
_STORIES = f"""
, chosen AS (
    SELECT {STORY_KEY}, story_no, min(span_start) AS first_date, count(*) AS num_mentions,
        {STORY_ID.format(first="min(event_id)")} AS story_id
    FROM members GROUP BY {STORY_KEY}, story_no
    ORDER BY first_date DESC NULLS LAST, num_mentions DESC, story_id LIMIT ?
)
SELECT * EXCLUDE (best), best.* FROM (
    SELECT c.story_id, {STORY_KEY}, c.first_date, max(m.span_end) AS last_date,
        c.num_mentions, count(DISTINCT m.doc_id) AS num_documents,
        count(DISTINCT m.outlet) AS num_sources,
        min(m.published) AS first_report, max(m.published) AS last_report,
        arg_max({{'best_event_id': m.event_id, 'cameo': m.cameo, 'source_code': m.source_code,
                  'target_code': m.target_code, 'evidence': m.sentence,
                  'source_text': m.source_text, 'target_text': m.target_text,
                  'trigger': m.trigger,
                  'evidence_doc_id': m.doc_id, 'goldstein': m.goldstein,
                  'quad_class': m.quad_class, 'confidence': m.confidence}},
                m.confidence * 1000000 + length(m.sentence)) AS best
    FROM members m JOIN chosen c USING ({STORY_KEY}, story_no)
    GROUP BY c.story_id, {STORY_KEY}, c.first_date, c.num_mentions
)
ORDER BY first_date DESC NULLS LAST, num_mentions DESC, story_id
"""


def _members_sql(where: EventFilter | None) -> tuple[str, list[Any]]:
    # every report counts as a mention of its story, headline repeats too
    clause, params = replace(where or EventFilter(), mentions=True).where()
    return _MEMBERS.format(where=clause), params


def stories(
    store: Store,
    where: EventFilter | None = None,
    window: int = DEFAULT_WINDOW_DAYS,
    limit: int | None = None,
) -> list[dict[str, Any]]:
    """The stories of the matching events, newest first."""
    members, params = _members_sql(where)
    return store.query(members + _STORIES, [*params, window, limit])


def story_sql(
    where: EventFilter | None = None, window: int = DEFAULT_WINDOW_DAYS
) -> tuple[str, list[Any]]:
    """The SELECT of all stories and its parameters (for exports, which stream it)."""
    members, params = _members_sql(where)
    return members + _STORIES, [*params, window, None]


def story_members(
    store: Store, story_id: str, window: int = DEFAULT_WINDOW_DAYS
) -> list[dict[str, Any]]:
    """The reports (event rows) that make up one story, oldest first."""
    members, params = _members_sql(None)
    first = f"min(event_id) OVER (PARTITION BY {STORY_KEY}, story_no)"
    sql = members + (
        f"SELECT * EXCLUDE (reach, opens, story_no, span_start, span_end) FROM ("
        f"SELECT *, {STORY_ID.format(first=first)} AS story_id FROM members) "
        "WHERE story_id = ? ORDER BY span_start, published, event_id"
    )
    return store.query(sql, [*params, window, story_id])
