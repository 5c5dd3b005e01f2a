"""Temporal expressions in both languages, resolved against the publication date.

The sentences are written for the test; none comes from the reference article.
"""

from __future__ import annotations

import datetime as dt

import pytest

from diplowatch.dates import date_near, find_expressions

THURSDAY = dt.date(2025, 11, 13)


def first(text: str, lang: str, published: dt.date | None = THURSDAY) -> tuple[dt.date, str] | None:
    found = find_expressions(text, lang, published)
    return (found[0].date, found[0].precision) if found else None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Der Minister traf am Montag in Rom ein.", (dt.date(2025, 11, 10), "day")),
        ("Die Gespräche begannen am Donnerstag.", (THURSDAY, "day")),
        ("Gestern unterzeichneten beide das Abkommen.", (dt.date(2025, 11, 12), "day")),
        ("Vor drei Tagen wurde der Botschafter einbestellt.", (dt.date(2025, 11, 10), "day")),
        ("Vor einer Woche drohte Ankara mit Sanktionen.", (dt.date(2025, 11, 6), "day")),
        ("Vergangene Woche reiste er nach Kairo.", (dt.date(2025, 11, 1), "month")),
        ("Anfang dieses Monats kam es zu Gefechten.", (dt.date(2025, 11, 1), "month")),
        ("Mitte März hatte Madrid protestiert.", (dt.date(2025, 3, 1), "month")),
        ("Im Dezember hatte Madrid protestiert.", (dt.date(2024, 12, 1), "month")),
        ("Schon im Juli 2018 hatte Oslo gewarnt.", (dt.date(2018, 7, 1), "month")),
        ("Am 9. November 1989 fiel die Mauer.", (dt.date(1989, 11, 9), "day")),
        ("Am 3. Oktober feierte Berlin.", (dt.date(2025, 10, 3), "day")),
        ("Im vergangenen Jahr stieg die Zahl.", (dt.date(2024, 1, 1), "year")),
        ("Seit 2014 besetzt Russland die Krim.", (dt.date(2014, 1, 1), "year")),
        ("Im Jahr 2022 marschierte Russland ein.", (dt.date(2022, 1, 1), "year")),
    ],
)
def test_german(text: str, expected: tuple[dt.date, str]) -> None:
    assert first(text, "de") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The envoy arrived in Doha on Tuesday.", (dt.date(2025, 11, 11), "day")),
        ("Yesterday the two leaders spoke by phone.", (dt.date(2025, 11, 12), "day")),
        ("Two weeks ago Lima recalled its ambassador.", (dt.date(2025, 10, 30), "day")),
        ("Last month Hanoi protested.", (dt.date(2025, 10, 1), "month")),
        ("Earlier this month the talks stalled.", (dt.date(2025, 11, 1), "month")),
        ("The pact was signed in March 2021.", (dt.date(2021, 3, 1), "month")),
        ("Troops crossed the border on March 3.", (dt.date(2025, 3, 3), "day")),
        ("The ceasefire began on 2 December 2024.", (dt.date(2024, 12, 2), "day")),
        ("Relations froze in 2019.", (dt.date(2019, 1, 1), "year")),
        ("Last year the ministry expanded its budget.", (dt.date(2024, 1, 1), "year")),
    ],
)
def test_english(text: str, expected: tuple[dt.date, str]) -> None:
    assert first(text, "en") == expected


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("They may meet soon.", "en"),
        ("2000 Soldaten wurden verlegt.", "de"),
        ("The 2,000 troops stayed.", "en"),
        ("Die Sonne scheint.", "de"),
    ],
)
def test_not_dates(text: str, lang: str) -> None:
    assert find_expressions(text, lang, THURSDAY) == []


def test_relative_dates_need_a_publication_date() -> None:
    assert first("Der Minister traf am Montag ein.", "de", None) is None
    assert first("Im Juli 2018 warnte Oslo.", "de", None) == (dt.date(2018, 7, 1), "month")


def test_the_nearest_expression_to_the_event_wins() -> None:
    text = "Am Montag sagte Oslo, man habe im August 2019 protestiert."
    assert date_near(text, "de", THURSDAY, text.index("protestiert")) == (
        dt.date(2019, 8, 1),
        "month",
    )
    assert date_near(text, "de", THURSDAY, text.index("sagte")) == (dt.date(2025, 11, 10), "day")
    assert date_near("Oslo protestierte.", "de", THURSDAY, 5) == (THURSDAY, "publication")
    assert date_near("Oslo protestierte.", "de", None, 5) == (None, "unknown")
