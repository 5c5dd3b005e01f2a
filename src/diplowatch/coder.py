"""Turn a sentence's actor mentions and triggers into coded events.

This is the shallow coder: it assigns source and target by position (the nearest
actor before the trigger is the source, the next actor of another country after it
the target) and cancels events that are negated or hypothetical nearby. It is the
baseline the dependency-role coder (issue #5) replaces; its rule ids say "shallow" so
every row shows which engine produced it.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from diplowatch import __version__
from diplowatch.dates import date_near
from diplowatch.model import Event, Mention, Sentence, Trigger
from diplowatch.ontology import event_type
from diplowatch.triggers import Lexicon, words

# Words either side of a trigger searched for negation or hypothetical markers.
MODIFIER_WINDOW = 3
CONFIDENCE_ORDERED = 0.5  # source before the trigger, target after it (SVO)
CONFIDENCE_FRONTED = 0.3  # both actors after the trigger (German verb-second clauses)


def event_id(
    doc_id: str, sentence_index: int, source: str, target: str, cameo: str, at: int
) -> str:
    """A stable id: the same document coded again gives the same ids."""
    key = f"{doc_id}|{sentence_index}|{source}|{target}|{cameo}|{at}"
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def code_sentence(
    sentence: Sentence,
    source_text: str,
    mentions: list[Mention],
    triggers: list[Trigger],
    lexicon: Lexicon,
    doc_id: str,
    published: dt.date | None,
) -> list[Event]:
    """Every event of one sentence, at most one per (source, target, code)."""
    events: dict[tuple[str, str, str], Event] = {}
    for trigger in triggers:
        if _cancelled(sentence, source_text, trigger, lexicon):
            continue
        roles = _roles(trigger, mentions)
        if roles is None:
            continue
        source, target, confidence = roles
        cameo = lexicon.cameo[trigger.frame]
        key = (source.actor.code, target.actor.code, cameo)
        if key not in events:
            own = source_text[sentence.start : sentence.end]
            when = date_near(own, lexicon.lang, published, trigger.start - sentence.start)
            events[key] = _event(
                sentence, trigger, source, target, cameo, confidence, lexicon.lang, doc_id, when
            )
    return list(events.values())


def _cancelled(sentence: Sentence, source_text: str, trigger: Trigger, lexicon: Lexicon) -> bool:
    text = source_text[sentence.start : sentence.end]
    tokens = words(text)
    position = next(
        (i for i, m in enumerate(tokens) if sentence.start + m.start() == trigger.start), None
    )
    if position is None:
        return False
    window = tokens[max(0, position - MODIFIER_WINDOW) : position + MODIFIER_WINDOW + 1]
    markers = lexicon.negations | lexicon.hypotheticals
    return any(m.group().lower() in markers for m in window)


def _roles(trigger: Trigger, mentions: list[Mention]) -> tuple[Mention, Mention, float] | None:
    """Source and target by position: the clause's first actor acts on the next one.

    The first actor before the trigger is the source (subjects lead in English and in
    German main clauses); the target is the first actor of another country after the
    trigger, else the one before it ("Polen hat Russland kritisiert"). With no actor
    before the trigger (German verb-second after a fronted adverbial), the first two
    actors after it are source and target.
    """
    before = [m for m in mentions if m.end <= trigger.start]
    after = [m for m in mentions if m.start >= trigger.end]
    if before:
        source, candidates, confidence = before[0], after + before[:0:-1], CONFIDENCE_ORDERED
    elif after:
        source, candidates, confidence = after[0], after[1:], CONFIDENCE_FRONTED
    else:
        return None
    target = next((m for m in candidates if m.actor.country != source.actor.country), None)
    return (source, target, confidence) if target else None


def _event(
    sentence: Sentence,
    trigger: Trigger,
    source: Mention,
    target: Mention,
    cameo: str,
    confidence: float,
    lang: str,
    doc_id: str,
    when: tuple[dt.date | None, str],
) -> Event:
    kind = event_type(cameo)
    date, precision = when
    return Event(
        event_id=event_id(
            doc_id, sentence.index, source.actor.code, target.actor.code, cameo, trigger.start
        ),
        doc_id=doc_id,
        sentence_index=sentence.index,
        sentence=sentence.text,
        char_start=sentence.start,
        char_end=sentence.end,
        date=date,
        date_precision=precision,
        source=source,
        target=target,
        cameo=cameo,
        cameo_root=kind.root,
        plover=kind.plover,
        goldstein=kind.goldstein,
        quad_class=kind.quad_class,
        alleged=False,
        modality="asserted",
        trigger=trigger.text,
        rule=f"shallow.{lang}.{trigger.frame}",
        confidence=confidence,
        lang=lang,
        coder_version=__version__,
    )
