"""The events of the reference article, as a careful coder lists them.

Written from our own reading of ../shared/examples/nordkorea-iran.de.txt (published
Wednesday 2024-04-24), before looking at what the coder makes of it. Compared as
(source country, target country, CAMEO root) with the date each event's clause states.
"""

from __future__ import annotations

import datetime as dt

import pytest

from diplowatch.model import Event
from diplowatch.pipeline import CodeOptions, code_document
from diplowatch.readers import read_inputs

from .conftest import REFERENCE

PUBLISHED = dt.date(2024, 4, 24)
Key = tuple[str, str, str]

# (source, target, root): the date (or None: any), and whether it is alleged
REQUIRED: dict[tuple[Key, dt.date | None], bool] = {
    (("PRK", "IRN", "04"), dt.date(2024, 4, 23)): False,  # the delegation left on Tuesday
    (("PRK", "IRN", "04"), dt.date(2019, 8, 1)): False,  # the August 2019 visit (month)
    (("PRK", "RUS", "04"), dt.date(2023, 1, 1)): False,  # Kim in Russia's Far East, 2023
    (("CHN", "PRK", "04"), dt.date(2024, 4, 1)): False,  # Kim hosted Zhao Leji this month
    (("PRK", "RUS", "05"), None): False,  # Pyongyang supports the invasion
    (("IRN", "RUS", "05"), None): False,  # so does Tehran
    (("RUS", "UKR", "19"), None): False,  # the invasion itself
    (("PRK", "RUS", "07"), None): True,  # accused of supplying military equipment
    (("IRN", "RUS", "07"), None): True,  # accused of supplying drones
    (("PRK", "USA", "11"), PUBLISHED): False,  # Kim Yo Jong criticised the drills (Wednesday)
}
# what a careful coder might also list: not counted either way
OPTIONAL: set[Key] = {
    ("PRK", "KOR", "11"), ("USA", "KOR", "06"), ("KOR", "USA", "06"), ("RUS", "PRK", "05"),
    ("RUS", "PRK", "07"), ("USA", "IRN", "11"), ("USA", "RUS", "11"), ("PRK", "RUS", "06"),
}  # fmt: skip
ALLOWED_FALSE_ALARMS = 2


def key(event: Event) -> Key:
    assert event.source.actor is not None and event.target.actor is not None
    source, target = event.source.actor.country, event.target.actor.country
    if event.cameo == "043":  # hosting is the guest's visit
        source, target = target, source
    return source, target, event.cameo_root


@pytest.fixture(scope="module")
def events() -> list[Event]:
    if not REFERENCE.is_file():
        pytest.skip("../shared/examples is not beside the repository")
    [document] = read_inputs([str(REFERENCE)])
    coded = code_document(document, CodeOptions(published=PUBLISHED))
    return [e for e in coded.events if e.mention_of is None]


def found(events: list[Event], expected: tuple[Key, dt.date | None], alleged: bool) -> bool:
    dyad, date = expected
    return any(
        key(e) == dyad and (date is None or e.date == date) and e.alleged == alleged for e in events
    )


REACHED = list(REQUIRED)  # each listed on its own, for a clear message when one is lost


@pytest.mark.parametrize("expected", REACHED)
def test_each_reference_event_is_found(events: list[Event], expected) -> None:
    assert found(events, expected, REQUIRED[expected]), [(key(e), e.date) for e in events]


def test_every_reference_event_with_at_most_two_false_alarms(events: list[Event]) -> None:
    missing = [k for k, alleged in REQUIRED.items() if not found(events, k, alleged)]
    expected = {k for (k, _date) in REQUIRED} | OPTIONAL
    alarms = [key(e) for e in events if key(e) not in expected]
    assert not missing and len(alarms) <= ALLOWED_FALSE_ALARMS, (missing, alarms)
