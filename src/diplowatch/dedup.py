"""One event for what headline and lede both report.

A news article states its main event in the headline and again in the lede ("Nordkorea
schickt eine Delegation in den Iran" / "... sei am Dienstag zu einer Reise in den Iran
ausgeflogen"). Coded separately they would count twice. Events of the opening
sentences with the same dyad and CAMEO root are one event: the report with the most
information stands (the more precise date, then the more specific code, then the
higher confidence, then the earlier sentence), the others are kept as its mentions
(`mention_of` names the event they repeat), so nothing is lost. A report with a date
of its own that differs from the best one's is another event and stays one.
"""

from __future__ import annotations

from dataclasses import replace

from diplowatch.model import Event

OPENING = 6  # headline and lede: the sentences whose repeats are merged
UNDATED = ("publication", "unknown")  # a report that states no date of its own
# The more a date says, the more an event report tells.
PRECISION_RANK = {"day": 4, "month": 3, "year": 2, "publication": 1, "unknown": 0}


def _information(event: Event) -> tuple[int, int, float, int]:
    specific = int(not event.cameo.endswith("0"))
    return (PRECISION_RANK.get(event.date_precision, 0), specific, event.confidence,
            -event.sentence_index)  # fmt: skip


def _same_time(event: Event, best: Event) -> bool:
    """Whether two reports can be of one event: one states no date, or both the same."""
    return event.date_precision in UNDATED or event.date == best.date


def _key(event: Event) -> tuple[str, str, str]:
    assert event.source.actor is not None and event.target.actor is not None
    return event.source.actor.country, event.target.actor.country, event.cameo_root


def merge_opening(events: list[Event]) -> list[Event]:
    """The document's events with opening repeats marked as mentions of the best one."""
    groups: dict[tuple[str, str, str], list[Event]] = {}
    for event in events:
        if event.sentence_index < OPENING:
            groups.setdefault(_key(event), []).append(event)
    mention_of: dict[str, str] = {}
    for group in groups.values():
        if len({e.sentence_index for e in group}) < 2:
            continue  # one sentence: its events are distinct acts, not repeats
        best = max(group, key=_information)
        mention_of.update(
            {e.event_id: best.event_id for e in group if e is not best and _same_time(e, best)}
        )
    return [replace(e, mention_of=mention_of[e.event_id]) if e.event_id in mention_of else e
            for e in events]  # fmt: skip
