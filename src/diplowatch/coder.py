"""Turn a parsed sentence with resolved actor mentions into coded events.

Every token whose lemma (German: particle verb joined, else compound head) has trigger
frames is a candidate. Its role slots (`slots.py`) are matched against the frames in
order: the first frame whose conditions hold and whose source and target roles both
hold actors codes one event per source and target actor (coordination: "Pjöngjang und
Teheran unterstützen Russland" gives two). A trigger with a negation or a hypothetical
attached is not coded as the act; one that depends on an intention verb ("will ...
besuchen", "plans to visit") is coded as the matching 03x intention, or not at all.
An act that depends on an accusation frame, or carries an allegation word, is coded
with `alleged: true`. The rule id names the frame that fired
(`frame.<lang>.<lemma>.<n>`), so every event can be traced to one line of data.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from diplowatch import __version__
from diplowatch.dates import date_near
from diplowatch.frames import Frame, Frames
from diplowatch.model import Event, Mention, Sentence
from diplowatch.ontology import event_type
from diplowatch.parse import compound_head, english_lemma, joined_lemma, verb_reading
from diplowatch.roles import passive_marks, syntax_words
from diplowatch.slots import NOUNS, Slots, slots_of

TRIGGER_CLASSES = ("VERB", "AUX", "NOUN", "PROPN")
CONFIDENCE_FIRST = 0.9  # source and target in the roles the frame lists first
CONFIDENCE_LATER = 0.7  # one of them found in a role of lower preference
CONFIDENCE_POSITION = 0.4  # the parse gave no pair: source and target by position
ALLEGATION_REACH = 3  # how many heads up an accusation makes an act alleged
GOVERNOR_REACH = 3  # how many heads up an irrealis governor cancels an act
# Relations by which a clause or phrase is embedded under the predicate that governs it.
EMBEDDING = ("xcomp", "ccomp", "advcl", "obj", "obl", "nmod", "acl", "dep", "csubj")
SUBJECT_DEPS = ("nsubj", "nsubj:pass")  # "the visit was postponed": undone as subject
# How a reported clause hangs on its reporting verb (the German parser also says xcomp
# for "erklärte, sie würden ... entsenden").
REPORTED = ("ccomp", "xcomp", "parataxis")
CONJUNCTIONS = ("", "und", "and", "sowie")  # what may stand between coordinated actors
# Dependents of a phrase that start a clause of their own: actors there are not the
# phrase's ("Russland, das die Ukraine angegriffen hat, ..." is Russland alone).
CLAUSAL = ("acl", "acl:relcl", "ccomp", "advcl", "parataxis", "conj", "appos", "punct")


@dataclass(frozen=True, slots=True)
class Match:
    """A frame that fired on a token, with the actors it found."""

    token: Token
    frame: Frame
    cameo: str
    pairs: list[tuple[Mention, Mention]]
    confidence: float
    engine: str  # "frame": roles from the parse; "position": the fallback


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
    frames: Frames,
    doc_id: str,
    published: dt.date | None,
    parsed: Doc,
) -> list[Event]:
    """Every event of one parsed sentence, at most one per (source, target, code).

    `parsed` is the sentence's dependency parse; its character offsets count from the
    sentence start, mention offsets from the document start.
    """
    events: dict[tuple[str, str, str], Event] = {}
    own = source_text[sentence.start : sentence.end]
    for token in parsed:
        match = match_token(token, mentions, frames, sentence.start)
        if match is None:
            continue
        when = date_near(own, frames.lang, published, token.idx)
        alleged = _alleged(token, frames)
        for source, target in match.pairs:
            key = (source.actor.code, target.actor.code, match.cameo)
            if key not in events:
                events[key] = _event(sentence, match, source, target, frames.lang, doc_id,
                                     when, alleged)  # fmt: skip
    return list(events.values())


def distinct(source: Mention, target: Mention) -> bool:
    """Whether two mentions are different actors: other codes, or two named entities of
    one code ("ÖVP" and "SPÖ" are both AUTPTY: a domestic event between them counts)."""
    if (source.start, source.end) == (target.start, target.end):
        return False
    assert source.actor is not None and target.actor is not None
    if source.actor.code != target.actor.code:
        return True
    return None not in (source.entity_id, target.entity_id) and source.entity_id != target.entity_id


def trigger_frames(token: Token, frames: Frames) -> tuple[Frame, ...]:
    """The frames a token's lemma has: joined particle verb, lemma, compound head.

    Verbs and nouns are triggers; another word only where it is a verb the tagger
    mistook (German: HanTa reads it first as a verb; English: an -ing form), so an
    adjective ("free trade", "die bekannten Gespräche") never is.
    """
    lemma = joined_lemma(token)
    if token.lang_ == "de" and token.pos_ in NOUNS and token.text[:1].isupper():
        # the compound head only where the word itself has no frames (HanTa's analysis
        # of a compound is the dearest step of coding a German sentence)
        found = frames.lookup(lemma, token.lemma_)
        if found or not (frames.contains_lemma(token.lemma_) or frames.contains_lemma(token.text)):
            return found  # the lemma too: "Friedensverträge" holds no "vertrag", its lemma does
        return frames.lookup(compound_head(token.text))
    if token.lang_ == "en" and token.lower_.endswith("ing") and token.pos_ != "VERB":
        # a gerund tagged as a noun or adjective: "accused of supplying"
        return frames.lookup(lemma, english_lemma(token.lower_, "VERB") or lemma)
    if token.pos_ in TRIGGER_CLASSES:
        return frames.lookup(lemma, token.lemma_)
    if token.lang_ == "de":  # "kritisierte" tagged as an adjective
        reading = verb_reading(token.text)
        return frames.lookup(joined_lemma(token, reading), reading) if reading else ()
    return ()


def match_token(token: Token, mentions: list[Mention], frames: Frames, offset: int) -> Match | None:
    """The first frame of the token's lemma that finds a source and a target, if any."""
    candidates = trigger_frames(token, frames)
    if not candidates or _cancelled(token, frames) or _irrealis(token, frames):
        return None
    if _support_noun(token, frames):
        return None
    slots = slots_of(token, frames.contractions)
    for frame in candidates:
        if not _object_condition(frame, token, slots, frames):
            continue
        sources, first_source = _actors(frame.source, slots, mentions, offset)
        targets, first_target = _actors(frame.target, slots, mentions, offset)
        pairs = [(s, t) for s in sources for t in targets if distinct(s, t)]
        if pairs:
            confidence = CONFIDENCE_FIRST if first_source and first_target else CONFIDENCE_LATER
            return _match(token, frame, pairs, confidence, frames)
    return _positional(token, candidates, mentions, frames, offset)


def _match(
    token: Token,
    frame: Frame,
    pairs: list[tuple[Mention, Mention]],
    confidence: float,
    frames: Frames,
    engine: str = "frame",
) -> Match | None:
    cameo = _intended(token, frame.cameo, frames)
    return Match(token, frame, cameo, pairs, confidence, engine) if cameo else None


def _positional(
    token: Token,
    candidates: tuple[Frame, ...],
    mentions: list[Mention],
    frames: Frames,
    offset: int,
) -> Match | None:
    """Where the parse gives a verb no actor pair (a small treebank misparses German
    verb-second clauses), position decides: the clause's first actor acts on the next.

    The first actor before the trigger is the source; the target is the first actor of
    another country after it, else the one before it ("Polen hat Russland kritisiert").
    With no actor before the trigger (after a fronted adverbial, where the language
    puts its verb second: `verb_second` in the frames data) the first two after it are
    source and target.

    Only the main predicate is coded so, or a verb the tagger missed, or any verb of a
    sentence parsed without a verbal root (`rescue_verbless_parses`): the tree is then
    no guide. An embedded verb's clause rarely begins with its own subject (measured on
    the dev gold sets: the fallback's precision rose from 0.42 to 0.50 when
    restricted). Nouns name their actors explicitly or code nothing, and a passive
    names its source only as agent ("X wird vorgeworfen": none), which the frames
    would have found. With the parse in doubt, a frame's object conditions are looked
    for in the whole sentence.
    """
    # a verb the tagger missed, or a sentence parsed without a verbal root (where the
    # language's parser is known to fail so): the tree is no guide
    root = next(t for t in token.sent if t.head.i == t.i)
    verbless = frames.rescue_verbless and root.pos_ not in ("VERB", "AUX")
    misread = token.pos_ not in ("VERB", "AUX", *NOUNS) or verbless
    if token.pos_ in NOUNS or passive_marks(token) or not (_main_clause(token, frames) or misread):
        return None
    words = list(token.doc)
    frame = next((f for f in candidates if _conditions_hold(f, token, words, words, frames)), None)
    if token.dep_ != "ROOT" and not misread:  # reported: the reporter is not an actor of it
        reporting = {t.idx + offset for t in token.head.subtree} - {
            t.idx + offset for t in token.subtree
        }
        mentions = [m for m in mentions if m.start not in reporting]
    at = token.idx + offset
    before = [m for m in mentions if m.end <= at]
    after = [m for m in mentions if m.start >= at + len(token.text)]
    if frame is None or not before + after or not (before or frames.verb_second):
        return None
    source, rest = (before[0], after + before[:0:-1]) if before else (after[0], after[1:])
    target = next((m for m in rest if m.actor.country != source.actor.country), None)
    if target is None:
        return None
    return _match(token, frame, [(source, target)], CONFIDENCE_POSITION, frames, "position")


def _main_clause(token: Token, frames: Frames) -> bool:
    """Whether a verb is the predicate of the main clause, or of the content a reporting
    verb reports ("X has issued warrants for Y, an officer said": the act is the news)."""
    if token.dep_ == "ROOT":
        return True
    head = token.head
    return (
        token.dep_ in REPORTED and head.dep_ == "ROOT" and (_lemma(head) in frames.reporting_lemmas)
    )


def _conditions_hold(
    frame: Frame, token: Token, objects: list[Token], phrase: list[Token], frames: Frames
) -> bool:
    """Whether a frame's `with` noun heads one of the objects and its theme is in the
    trigger word, its modifiers or the objects' phrase."""
    if frame.with_nouns and not any(
        _names(t, frame.with_nouns) & frame.with_nouns for t in objects
    ):
        return False
    if frame.theme is not None:
        words = [token.text, *(c.text for c in token.children if c.dep_ in ("compound", "amod"))]
        return frames.in_theme(frame.theme, words + [w.text for w in phrase])
    return True


def _object_condition(frame: Frame, token: Token, slots: Slots, frames: Frames) -> bool:
    """The conditions on the trigger's own phrase: "supplied Yemen with missiles" and
    "versorgte Kiew mit Waffen" name the goods in an oblique, not the object."""
    objects = slots.get("object", [])
    # a support verb's noun may also come as an oblique: "agreed to a ceasefire"
    nouns = objects + [
        t for name, ts in slots.items() if name not in ("subject", "object") for t in ts
    ]
    return _conditions_hold(frame, token, nouns, _phrase(token) + objects, frames)


def _names(token: Token, wanted: frozenset[str]) -> set[str]:
    """The words a `with` noun may match: lemma, form and the German compound head
    (analysed only where a wanted noun occurs inside the word)."""
    names = {token.lemma_.lower(), token.text.lower()}
    text = token.text.lower()
    if token.lang_ == "de" and any(n in text or n in token.lemma_.lower() for n in wanted):
        names.add(compound_head(token.text).lower())
    return names


def _actors(
    roles: tuple[str, ...], slots: Slots, mentions: list[Mention], offset: int
) -> tuple[list[Mention], bool]:
    """The actors of the first listed role that holds any, and whether it was the first."""
    for rank, role in enumerate(roles):
        found = [m for t in slots.get(role, []) for m in actors_of(t, mentions, offset)]
        if found:
            return found, rank == 0
    return [], False


def actors_of(
    head: Token, mentions: list[Mention], offset: int, relative: bool = False
) -> list[Mention]:
    """The actors a phrase names: the mentions on its head (two for "beide"), else the
    first in the phrase (clauses inside the phrase left out)."""
    start = head.idx + offset
    on_head = [m for m in mentions if m.start <= start < m.end]
    if on_head:
        return on_head
    if head.pos_ == "PRON" and "Rel" in head.morph.get("PronType"):
        return _antecedents(head, mentions, offset)
    if head.pos_ == "PRON" and head.dep_ in SUBJECT_DEPS and head.head.dep_ in REPORTED:
        return _reporter(head.head.head, mentions, offset)
    relative = relative or any(c.dep_ == "acl:relcl" for c in head.children)
    if relative and _lemma(head) in syntax_words(head.lang_, "group_nouns"):
        return _members(head, mentions, offset)
    positions = sorted(t.idx + offset for t in _naming_phrase(head))
    return next(([m] for p in positions for m in mentions if m.start == p), [])


def _reporter(verb: Token, mentions: list[Mention], offset: int) -> list[Mention]:
    """The actors a subject pronoun of a reported clause stands for: the reporting
    clause's subject ("Israel announced it would free ...", "Moskau erklärte, es werde")."""
    subjects = slots_of(verb, {}).get("subject", [])
    return [m for s in subjects if s.pos_ != "PRON" for m in actors_of(s, mentions, offset)]


def _antecedents(pronoun: Token, mentions: list[Mention], offset: int) -> list[Mention]:
    """The actors a relative pronoun stands for: those of the phrase before it
    ("Russland, das ...")."""
    # the phrase before: its last word, past adverbs and the comma ("Regierungen weltweit, die")
    before = [t for t in pronoun.doc[: pronoun.i] if not t.is_punct and t.pos_ != "ADV"]
    if not before or before[-1].pos_ not in NOUNS:
        return []
    return actors_of(before[-1], mentions, offset, relative=True)


def _members(noun: Token, mentions: list[Mention], offset: int) -> list[Mention]:
    """The actors a class of states stands for in "X und Y gehören zu den Regierungen,
    die ..." or "Iran is one of the states that ...": the coordinated actors the
    sentence begins with."""
    first = sorted((m for m in mentions if m.end <= noun.idx + offset), key=lambda m: m.start)
    leading = first[:1]
    for mention in first[1:]:
        between = noun.doc.text[leading[-1].end - offset : mention.start - offset]
        if between.strip(" ,").lower() not in CONJUNCTIONS:
            break
        leading.append(mention)
    return leading


def _naming_phrase(head: Token) -> list[Token]:
    """The words of a phrase that may name its actor: no clauses, and of its
    prepositional phrases only those that tell whose it is ("die Delegation aus
    Pjöngjang", "allegations by Rwanda"; not "a conference on Syria")."""
    return _phrase(head, syntax_words(head.lang_, "transparent_prepositions"))


def _phrase(head: Token, through: frozenset[str] | None = None) -> list[Token]:
    """The head and its dependents, clauses left out; with `through`, prepositional
    phrases only of those prepositions."""
    tokens = [head]
    for child in head.children:
        marker = next((c.lower_ for c in child.children if c.dep_ == "case"), None)
        if child.dep_ in CLAUSAL or (through is not None and marker not in (None, *through)):
            continue
        tokens.extend(_phrase(child, through))
    return tokens


def _cancelled(token: Token, frames: Frames) -> bool:
    """True where a negation or a hypothetical is attached to the trigger (or to the
    auxiliary or verb it depends on), however far away it stands."""
    heads = [token, token.head] if token.dep_ in ("xcomp", "aux", "aux:pass") else [token]
    future = _future_markers(token, frames)
    return any(
        c.lower_ in frames.cancellers and c.lower_ not in future
        for head in heads
        for c in head.children
    )


def _future_markers(token: Token, frames: Frames) -> frozenset[str]:
    """The hypotheticals that are a future in the past here: those of `reported_future`
    where a reporting or intention verb reports or announces the token's clause
    ("announced it would free", "sagte, man würde liefern"), else none."""
    lemmas = frames.reporting_lemmas | frames.intention_lemmas
    reported = token.dep_ in REPORTED and _lemma(token.head) in lemmas
    return frames.reported_future if reported else frozenset()


def _irrealis(token: Token, frames: Frames) -> bool:
    """True where the act is only asked for, refused, threatened, denied, negated or
    called off higher up ("Congress asked Obama to help Iran", "would not allow Russia
    to help Israel", "demanded the release of", "lifted the sanctions", "the trip was
    postponed"): a governor within reach that is cancelled, whose frames are of an
    irrealis kind (`irrealis_codes`), or that undoes what it governs (`undoing_lemmas`).
    An intention governor is no such thing: the act is coded as the intention."""
    for governor in _governors(token, EMBEDDING + SUBJECT_DEPS):
        if _lemma(governor) in frames.undoing_lemmas:
            return True
    for governor in _governors(token, EMBEDDING):
        if _lemma(governor) in frames.intention_lemmas:
            return False
        if _cancelled(governor, frames):
            return True
        if any(f.cameo.startswith(frames.irrealis_codes) for f in trigger_frames(governor, frames)):
            return True
    return False


def _support_noun(token: Token, frames: Frames) -> bool:
    """A noun that a support verb's frame asks for ("impose sanctions", "einen Besuch
    abstatten") is part of that verb's event, not one of its own."""
    if token.pos_ not in NOUNS or token.head.i == token.i:
        return False
    return any(
        _names(token, f.with_nouns) & f.with_nouns for f in trigger_frames(token.head, frames)
    )


def _lemma(token: Token) -> str:
    return joined_lemma(token).lower()


def _governors(token: Token, relations: tuple[str, ...]) -> list[Token]:
    """The predicates the token's clause or phrase depends on, nearest first."""
    found = []
    while token.dep_ in relations and token.head.i != token.i and len(found) < GOVERNOR_REACH:
        token = token.head
        found.append(token)
    return found


def _intended(token: Token, cameo: str, frames: Frames) -> str | None:
    """The code to emit: the act's own, or for a stated intention the 03x code (None if
    intending this kind of act has no code)."""
    governors = [c for c in token.children if c.dep_ == "aux"]
    if token.dep_ == "xcomp":
        governors.append(token.head)
    future = _future_markers(token, frames)
    intending = [g for g in governors if g.lemma_.lower() in frames.intention_lemmas
                 or g.lower_ in future]  # fmt: skip
    if not intending:
        return cameo
    if any(c.dep_ in ("obj", "iobj") for g in intending for c in g.children):
        return None  # "wants Putin to attack": someone else's wish, not Putin's act or plan
    return frames.intent_codes.get(cameo[:2])


def _alleged(token: Token, frames: Frames) -> bool:
    """True where the act is reported as alleged: an allegation word on it, or it depends
    on an accusation ("wird vorgeworfen, ... geliefert zu haben")."""
    if any(c.lower_ in frames.allegation_markers for c in token.children):
        return True
    ancestors = list(token.ancestors)[:ALLEGATION_REACH]
    return any(f.accusation for a in ancestors for f in trigger_frames(a, frames))


def _event(
    sentence: Sentence,
    match: Match,
    source: Mention,
    target: Mention,
    lang: str,
    doc_id: str,
    when: tuple[dt.date | None, str],
    alleged: bool,
) -> Event:
    assert source.actor is not None and target.actor is not None
    kind = event_type(match.cameo)
    date, precision = when
    start = sentence.start + match.token.idx
    return Event(
        event_id=event_id(
            doc_id, sentence.index, source.actor.code, target.actor.code, match.cameo, start
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
        cameo=match.cameo,
        cameo_root=kind.root,
        plover=kind.plover,
        goldstein=kind.goldstein,
        quad_class=kind.quad_class,
        alleged=alleged,
        modality="intended"
        if match.cameo[:2] == "03" and match.frame.cameo[:2] != "03"
        else "asserted",
        trigger=match.token.text,
        rule=f"{match.engine}.{lang}.{match.frame.frame_id}",
        confidence=match.confidence,
        lang=lang,
        coder_version=__version__,
    )
