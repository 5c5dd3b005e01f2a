"""Time buckets and event classes shared by the analyses."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from diplowatch.errors import InputError

# bucket name -> the strftime pattern of its label (a week is named by its Monday)
PERIODS = {"week": "%Y-%m-%d", "month": "%Y-%m", "year": "%Y"}
COOPERATION = (1, 2)  # QuadClass: verbal and material cooperation
CONFLICT = (3, 4)  # QuadClass: verbal and material conflict
QUAD_NAMES = {
    1: "verbal_cooperation",
    2: "material_cooperation",
    3: "verbal_conflict",
    4: "material_conflict",
}


def checked_period(by: str) -> str:
    """A bucket name the analyses know, else a clear error naming the choices."""
    if by not in PERIODS:
        raise InputError(f"unknown period {by!r}: use one of {', '.join(PERIODS)}")
    return by


def bucket_sql(by: str, column: str = "date") -> str:
    """SQL for the label of the bucket a date falls in (the period name is checked, so
    it can be part of the statement; values always go in as parameters)."""
    return f"strftime(date_trunc('{checked_period(by)}', {column}), '{PERIODS[by]}')"


@dataclass(frozen=True, slots=True)
class Span:
    """A period of event dates; either end may be open."""

    since: dt.date | None = None
    until: dt.date | None = None

    def sql(self, column: str = "date") -> tuple[str, list[Any]]:
        """`AND`-joinable conditions (always at least the date being known) and values."""
        clauses, params = [f"{column} IS NOT NULL"], []
        if self.since:
            clauses.append(f"{column} >= ?")
            params.append(self.since)
        if self.until:
            clauses.append(f"{column} <= ?")
            params.append(self.until)
        return " AND ".join(clauses), params
