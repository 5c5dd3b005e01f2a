"""Temporal expressions in German and English, resolved against the publication date.

"am Dienstag" is the most recent Tuesday on or before publication; "gestern",
"vor einer Woche", "three days ago" count back from it; "Anfang dieses Monats",
"Mitte März", "last month" give a month, "im August 2019" its month, "2023" a year.
Written as rules over data (`data/lang/<lang>/dates.yaml`) because dateparser reads
absolute fragments but not news-relative ones, and guesses today's date where the
publication date is unknown — which an event date must never be.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from diplowatch.knowledge import load_yaml

FIRST_YEAR = 1900
# An explicit day without a year is taken in the publication year, unless that lies
# more than this many days after publication (then it is last year's).
FUTURE_SLACK_DAYS = 14
# Prepositions before a bare year or month that make it a date ("im Jahr 2019", "in May").
_YEAR_LEADS = {
    "de": r"(?:im\s+jahre?|in|seit|bis|anfang|mitte|ende|vor|nach|von|ab|im|des\s+jahres)",
    "en": r"(?:in|since|until|by|of|early|mid|late|before|after|from)",
}


@dataclass(frozen=True, slots=True)
class TimeExpression:
    """A temporal expression: where it stands in the text, and the date it denotes."""

    start: int
    end: int
    date: dt.date
    precision: str


@dataclass(frozen=True, slots=True)
class _Rules:
    lang: str
    data: dict[str, Any]
    patterns: tuple[tuple[re.Pattern[str], str], ...]


@lru_cache(maxsize=4)
def _rules(lang: str) -> _Rules:
    data = load_yaml(f"lang/{lang}/dates.yaml")

    def alt(words: Any) -> str:
        return "|".join(sorted((re.escape(str(w)) for w in words), key=len, reverse=True))

    month, weekday, part = alt(data["months"]), alt(data["weekdays"]), alt(data["parts"])
    number = rf"(?:\d+|{alt(data['numbers'])})"
    unit = alt(data["units"])
    relation = alt([*data["previous"], *data["next"], *data["current"]])
    period = alt([*data["week"], *data["month"], *data["year"]])
    year = r"(?:19|20)\d\d"
    lead = _YEAR_LEADS[lang]
    day_month = rf"(?P<day>\d{{1,2}})\.?\s+(?P<month>{month})\.?(?:\s+(?P<year>{year}))?"
    month_day = (
        rf"(?P<month>{month})\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<year>{year}))?"
    )
    article = r"(?:(?:des|dem|im|in)\s+)?"
    month_year = rf"(?:(?P<part>{part})\s+)?{article}(?P<month>{month})\.?\s+(?P<year>{year})"
    relative = rf"(?:(?:im|in)\s+)?(?:the\s+)?(?P<relation>{relation})\s+(?P<period>{period})"
    sources = [
        (r"(?P<iso>\d{4}-\d\d-\d\d)", "iso"),
        (day_month, "day_month"),
        (month_day, "month_day"),
        (month_year, "month_year"),
        (rf"(?P<part>{part})\s+(?P<relation>{relation})\s+(?P<period>{period})", "part_period"),
        (rf"(?P<part>{part})\s+(?:des\s+)?(?P<month>{month})", "part_month"),
        (rf"(?P<part>{part})\s+(?P<year>{year})", "part_year"),
        (rf"{data['ago']}\s+(?P<number>{number})\s+(?P<unit>{unit})", "ago_before"),
        (rf"(?P<number>{number})\s+(?P<unit>{unit})\s+{data['ago']}", "ago_after"),
        (relative, "relative_period"),
        (rf"(?P<weekday>{weekday})", "weekday"),
        (rf"(?P<days>{alt(data['days'])})", "days"),
        (rf"(?:im|in|seit|since|bis|until)\s+(?P<month>{month})", "month_alone"),
        (rf"{lead}\s+(?P<year>{year})", "year"),
    ]  # fmt: skip
    if lang == "de":  # "bevor es 2023 zu ... kam": a bare year before a lower-case word
        sources.append((rf"(?P<year>{year})(?=\s+(?-i:[a-zäöü]))", "bare_year"))
    compiled = tuple(
        (re.compile(rf"(?<![\w.-]){src}(?![\w-])", re.IGNORECASE), kind) for src, kind in sources
    )
    return _Rules(lang, data, compiled)


def find_expressions(text: str, lang: str, published: dt.date | None) -> list[TimeExpression]:
    """Every temporal expression in a text that resolves to a date (longest first wins)."""
    rules = _rules(lang)
    taken: list[tuple[int, int]] = []
    found: list[TimeExpression] = []
    for pattern, kind in rules.patterns:
        for match in pattern.finditer(text):
            if any(s < match.end() and match.start() < e for s, e in taken):
                continue
            resolved = _resolve(
                kind, {k: v for k, v in match.groupdict().items() if v}, rules, published
            )
            if resolved is not None:
                taken.append(match.span())
                found.append(TimeExpression(match.start(), match.end(), *resolved))
    return sorted(found, key=lambda e: e.start)


def date_near(
    text: str, lang: str, published: dt.date | None, position: int
) -> tuple[dt.date | None, str]:
    """The date an event at `position` in a sentence gets, and its precision.

    The expression nearest the trigger wins; with none, the publication date with
    precision "publication"; with no publication date either, (None, "unknown").
    """
    expressions = find_expressions(text, lang, published)
    if expressions:
        nearest = min(
            expressions, key=lambda e: min(abs(e.start - position), abs(e.end - position))
        )
        return nearest.date, nearest.precision
    return (published, "publication") if published else (None, "unknown")


def _resolve(
    kind: str, groups: dict[str, str], rules: _Rules, published: dt.date | None
) -> tuple[dt.date, str] | None:
    data = rules.data
    month = data["months"].get(groups.get("month", "").lower().rstrip("."))
    year = int(groups["year"]) if "year" in groups else None
    if kind == "iso":
        try:
            return dt.date.fromisoformat(groups["iso"]), "day"
        except ValueError:
            return None
    if kind in ("day_month", "month_day"):
        return _day(int(groups["day"]), month, year, published)
    if kind in ("month_year", "part_month", "month_alone"):
        if year is None:
            if published is None:
                return None
            year = published.year if month <= published.month else published.year - 1
        return dt.date(year, month, 1), "month"
    if kind == "part_year":
        return dt.date(int(groups["year"]), 1, 1), "year"
    if kind in ("year", "bare_year"):
        if year is None or year < FIRST_YEAR or (published and year > published.year + 1):
            return None
        return dt.date(year, 1, 1), "year"
    if published is None:
        return None  # everything below counts from the publication date
    if kind == "weekday":
        weekday = data["weekdays"][groups["weekday"].lower()]
        return published - dt.timedelta(days=(published.weekday() - weekday) % 7), "day"
    if kind == "days":
        return published + dt.timedelta(days=data["days"][groups["days"].lower()]), "day"
    if kind in ("ago_before", "ago_after"):
        raw = groups["number"].lower()
        count = int(raw) if raw.isdigit() else data["numbers"][raw]
        return _back(published, data["units"][groups["unit"].lower()], count)
    if kind in ("relative_period", "part_period"):
        return _relative(groups, data, published)
    return None


def _day(
    day: int, month: int, year: int | None, published: dt.date | None
) -> tuple[dt.date, str] | None:
    if year is None:
        if published is None:
            return None
        year = published.year
        if _valid(year, month, day) and dt.date(year, month, day) > published + dt.timedelta(
            FUTURE_SLACK_DAYS
        ):
            year -= 1
    return (dt.date(year, month, day), "day") if _valid(year, month, day) else None


def _valid(year: int, month: int, day: int) -> bool:
    return 1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1]


def _back(published: dt.date, unit: str, count: int) -> tuple[dt.date, str]:
    if unit == "day":
        return published - dt.timedelta(days=count), "day"
    if unit == "week":
        return published - dt.timedelta(weeks=count), "day"
    if unit == "month":
        return _add_months(published, -count), "month"
    return dt.date(published.year - count, 1, 1), "year"


def _relative(
    groups: dict[str, str], data: dict[str, Any], published: dt.date
) -> tuple[dt.date, str]:
    relation, period = groups["relation"].lower(), groups["period"].lower()
    step = -1 if relation in data["previous"] else 1 if relation in data["next"] else 0
    if period in data["week"]:
        return _add_months(published + dt.timedelta(weeks=step), 0), "month"
    if period in data["month"]:
        return _add_months(published, step), "month"
    return dt.date(published.year + step, 1, 1), "year"


def _add_months(day: dt.date, months: int) -> dt.date:
    """The first day of the month `months` away from `day`'s month."""
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)
