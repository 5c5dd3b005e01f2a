"""The role slots of a trigger token, in the names trigger frames use.

`roles.arguments` gives the UD arguments of a predicate; frames speak of `subject`,
`object`, `indirect`, `poss` and prepositions. This module maps one to the other:
a passive's agent fills `subject` and its patient `object` (so one frame serves both
voices), a German dative without a preposition is `indirect`, and obliques are named
by their preposition (contractions resolved: "zum" is "zu"). A noun trigger also takes
the slots of the verb that governs it ("Russland übte Kritik an Polen": Kritik's
subject is Russland), and its genitive, possessive or adjective actors fill `poss`.
"""

from __future__ import annotations

from spacy.tokens import Token

from diplowatch.roles import Argument, arguments, corrected

Slots = dict[str, list[Token]]

# Dependents of a noun that name who it belongs to: "Kims Besuch", "the Russian attack".
POSSESSOR_DEPS = ("nmod:poss", "amod", "compound", "flat", "det:poss", "nmod")
# The relations by which a noun trigger hangs on the verb whose slots it shares.
GOVERNED_DEPS = ("obj", "obl", "iobj", "nsubj:pass", "xcomp", "obl:arg")
# A verb that modifies the noun shares its slots too: "the sanctions imposed by the EU".
VERB_MODIFIERS = ("acl", "amod")
NOUNS = ("NOUN", "PROPN")


def slots_of(token: Token, contractions: dict[str, str]) -> Slots:
    """Every role slot of a trigger token, each a list of head tokens (coordination expanded)."""
    slots: Slots = {}
    own = arguments(token)
    _fill(slots, corrected(own, token.lang_), contractions)
    if _subjectless_relative(token, slots):
        slots.setdefault("subject", []).append(token.head)
    elif _verbless_clause(token):
        slots.setdefault("subject", []).append(_chain_top(token.head))
    possessors = _possessors(token)  # also on gerunds: "Israeli tank shelling"
    _fill(slots, possessors, contractions)
    if token.pos_ not in NOUNS:  # "imposed [sanctions on Iran]": the object's phrases too
        objects = [a for a in own if a.role in ("object", "patient")]
        _fill(slots, _attached_low(objects), contractions)
    if token.pos_ in NOUNS:
        _fill(slots, _attached_low(possessors), contractions)
        verbs = [c for c in token.children if c.dep_ in VERB_MODIFIERS and c.pos_ == "VERB"]
        if token.dep_ in GOVERNED_DEPS and token.head.i != token.i:
            verbs.append(token.head)
        for verb in verbs:
            shared = corrected(arguments(verb), token.lang_)
            _fill(slots, [a for a in shared if a.token.i != token.i], contractions)
    return slots


def _verbless_clause(token: Token) -> bool:
    """A verb the parser hung as a modifier on a noun where it is the predicate: on a
    root noun (the sentence has no verbal root: "Japan's ministry protested to China"
    read as "ministry [protested ...]"), or as a finite verb, which no reduced relative
    is ("the minister of external relations arrived in ..." read as "relations [arrived
    ...]"; "the sanctions imposed by" is a participle). The noun phrase is its subject."""
    head = token.head
    has_subject = any(c.dep_ in ("nsubj", "nsubj:pass") for c in token.children)
    if token.pos_ != "VERB" or token.dep_ not in VERB_MODIFIERS or has_subject:
        return False
    finite = token.dep_ == "acl" and "Ind" in token.morph.get("Mood")
    return head.pos_ in NOUNS and (head.dep_ == "ROOT" or finite)


def _chain_top(noun: Token) -> Token:
    """The head noun of a chain of nominal modifiers ("minister" of "minister of
    external economic relations")."""
    while noun.dep_ == "nmod" and noun.head.pos_ in NOUNS and noun.head.i != noun.i:
        noun = noun.head
    return noun


def _subjectless_relative(token: Token, slots: Slots) -> bool:
    """A relative clause whose pronoun the tagger took for an article ("Ländern, die
    Russland kritisiert haben"): its subject is the noun it modifies."""
    return token.dep_ == "acl:relcl" and "subject" not in slots and token.pos_ == "VERB"


def _fill(slots: Slots, found: list[Argument], contractions: dict[str, str]) -> None:
    for argument in found:
        name = _slot_name(argument, contractions)
        tokens = slots.setdefault(name, []) if name is not None else []
        if name is not None and argument.token not in tokens:
            tokens.append(argument.token)


def _slot_name(argument: Argument, contractions: dict[str, str]) -> str | None:
    role = argument.role
    if role == "agent":
        return "subject"
    if role in ("patient", "object"):
        return "object"  # the relation says so; a case tag that disagrees is the tagger's
    if role in ("indirect", "oblique") and argument.marker is None:
        if argument.case == "Dat" or role == "indirect":
            return "indirect"
        return "poss" if argument.case == "Gen" else None
    if role == "oblique":
        marker = argument.marker or ""
        return contractions.get(marker, marker)
    return role


def _attached_low(phrases: list[Argument]) -> list[Argument]:
    """Prepositional phrases the parser may have hung one level too low: on a noun's
    possessor ("die Invasion [des Präsidenten] [in der Ukraine]") or a verb's object
    ("imposed [sanctions on Iran]", "übte [Kritik an Polen]"). They count for the
    trigger too, after its own."""
    found = []
    for phrase in phrases:
        found.extend(a for a in arguments(phrase.token) if a.role == "oblique" and a.marker)
    return found


def _possessors(noun: Token) -> list[Argument]:
    """Genitives, possessives and actor adjectives of a noun, as `poss` arguments."""
    found = []
    for child in noun.children:
        if child.dep_ not in POSSESSOR_DEPS:
            continue
        has_case = any(c.dep_ == "case" and c.lower_ not in ("'s", "'") for c in child.children)
        if child.dep_ == "nmod" and has_case:
            continue  # "Besuch in Moskau" is an oblique, named by its preposition
        found.append(Argument("oblique", child, case="Gen"))
    return found
