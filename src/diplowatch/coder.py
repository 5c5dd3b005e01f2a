"""Turn a sentence's actor mentions and triggers into coded events.

Where the sentence was parsed, source and target come from grammatical roles: the
actor in the trigger's subject (or a passive's agent) is the source, the actor in its
object, dative, oblique or passive subject the target (rule ids `roles.*`). Where the
parse gives no such pair, the positional rule decides (rule ids `shallow.*`): the
clause's first actor acts on the next one. Negation and hypothetical markers next to
the trigger cancel the event. Frame-specific roles per trigger are issue #5's work.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from spacy.tokens import Doc, Token

from diplowatch import __version__
from diplowatch.dates import date_near
from diplowatch.model import Event, Mention, Sentence, Trigger
from diplowatch.ontology import event_type
from diplowatch.parse import token_at
from diplowatch.roles import Argument, arguments, corrected
from diplowatch.triggers import Lexicon, words

# Words either side of a trigger searched for negation or hypothetical markers.
MODIFIER_WINDOW = 3
CONFIDENCE_ROLES = 0.8  # source and target found in the trigger's grammatical roles
CONFIDENCE_ORDERED = 0.5  # source before the trigger, target after it (SVO)
CONFIDENCE_FRONTED = 0.3  # both actors after the trigger (German verb-second clauses)
SOURCE_ROLES = ("subject", "agent")
TARGET_ROLES = ("object", "indirect", "patient", "oblique")


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
    parsed: Doc | None = None,
) -> list[Event]:
    """Every event of one sentence, at most one per (source, target, code).

    `parsed` is the sentence's dependency parse (its character offsets count from the
    sentence start), or None where the sentence was not parsed.
    """
    events: dict[tuple[str, str, str], Event] = {}
    for trigger in triggers:
        token = token_at(parsed, trigger.start - sentence.start) if parsed is not None else None
        if _cancelled(sentence, source_text, trigger, lexicon) or _modified(token, lexicon):
            continue
        filled = corrected(arguments(token), token.lang_) if token is not None else []
        roles = _grammatical_roles(filled, mentions, sentence.start)
        if roles is None and not _passive_without_agent(token, filled):
            roles = _positional_roles(trigger, mentions)
        if roles is None:
            continue
        source, target, confidence, engine = roles
        cameo = lexicon.cameo[trigger.frame]
        key = (source.actor.code, target.actor.code, cameo)
        if key not in events:
            own = source_text[sentence.start : sentence.end]
            when = date_near(own, lexicon.lang, published, trigger.start - sentence.start)
            rule = f"{engine}.{lexicon.lang}.{trigger.frame}"
            alleged = _alleged(token, trigger, sentence, source_text, lexicon)
            events[key] = _event(
                sentence, trigger, source, target, cameo, confidence, rule, lexicon.lang,
                doc_id, when, alleged,
            )  # fmt: skip
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
    return any(m.group().lower() in lexicon.cancellers for m in window)


def _passive_without_agent(token: Token | None, filled: list[Argument]) -> bool:
    """A passive names its actor only as agent: with none ("X wird vorgeworfen", "X was
    accused"), position must not make someone else the source."""
    if token is None or not any(c.dep_ in ("aux:pass", "nsubj:pass") for c in token.children):
        return False
    return not any(a.role == "agent" for a in filled)


def _alleged(
    token: Token | None, trigger: Trigger, sentence: Sentence, source_text: str, lexicon: Lexicon
) -> bool:
    """True where the act is reported as alleged: an allegation word before or on it, or
    it depends on an accusation ("wird vorgeworfen, ... geliefert zu haben")."""
    before = source_text[max(sentence.start, trigger.start - 40) : trigger.start].lower().split()
    if lexicon.allegation_markers & set(before[-3:]):
        return True
    if token is None:
        return False
    if any(c.lower_ in lexicon.allegation_markers for c in token.children):
        return True
    ancestors = list(token.ancestors)[:3]
    return any(lexicon.frame_of(a.text) in lexicon.allegation_frames for a in ancestors)


def _modified(token: Token | None, lexicon: Lexicon) -> bool:
    """True where the parse attaches a negation or a hypothetical to the trigger itself,
    however far away it stands ("traf den Präsidenten am Abend nicht")."""
    if token is None:
        return False
    heads = [token, token.head] if token.dep_ in ("xcomp", "aux", "aux:pass") else [token]
    return any(c.lower_ in lexicon.cancellers for head in heads for c in head.children)


Roles = tuple[Mention, Mention, float, str]  # source, target, confidence, engine


def _grammatical_roles(
    filled: list[Argument], mentions: list[Mention], offset: int
) -> Roles | None:
    """Source and target from the trigger's dependency arguments, where both are actors."""
    sources = [m for a in filled if a.role in SOURCE_ROLES if (m := _actor_in(a, mentions, offset))]
    targets = [m for a in filled if a.role in TARGET_ROLES if (m := _actor_in(a, mentions, offset))]
    for source in sources:
        target = next((t for t in targets if t.actor.country != source.actor.country), None)
        if target is not None:
            return source, target, CONFIDENCE_ROLES, "roles"
    return None


def _actor_in(argument: Argument, mentions: list[Mention], offset: int) -> Mention | None:
    """The first actor mention inside an argument's phrase."""
    start, end = argument.start + offset, argument.end + offset
    return next((m for m in mentions if start <= m.start and m.end <= end), None)


def _positional_roles(trigger: Trigger, mentions: list[Mention]) -> Roles | None:
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
    return (source, target, confidence, "shallow") if target else None


def _event(
    sentence: Sentence,
    trigger: Trigger,
    source: Mention,
    target: Mention,
    cameo: str,
    confidence: float,
    rule: str,
    lang: str,
    doc_id: str,
    when: tuple[dt.date | None, str],
    alleged: bool,
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
        alleged=alleged,
        modality="asserted",
        trigger=trigger.text,
        rule=rule,
        confidence=confidence,
        lang=lang,
        coder_version=__version__,
    )
