"""Grammatical roles on UD dependency trees, one layer for German and English.

For a predicate (a verb, or a noun such as "Besuch"/"visit") this finds who fills
which role, in the terms trigger frames use: subject, object, indirect object (the
German dative), obliques with their preposition and case ("nach|in|gegen|mit" +
Akk/Dat), the agent of a passive ("von"/"by"), and the subject of an embedded clause
(xcomp/ccomp). Coordinated arguments ("Pjöngjang und Teheran") each fill the role, and
an apposition stands for its head. UD relations are the same in both languages, so the
frames never need to know which parser produced the tree.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import lru_cache

from spacy.tokens import Token

from diplowatch.knowledge import load_yaml

SUBJECTS = {"nsubj": "subject", "nsubj:pass": "patient", "csubj": "subject"}
OBJECTS = {"obj": "object", "iobj": "indirect"}
OBLIQUES = ("obl", "nmod")
AGENT_MARKERS = {"von", "by", "durch"}
CONTROL_MARKS = {"of", "for"}
ACTIVE_AUXILIARIES = {"haben", "have"}
# A bare noun phrase in the dative case is an indirect object, however attached.
DATIVE_DEPS = ("iobj", "obl:arg", "obl")


@dataclass(frozen=True, slots=True)
class Argument:
    """A role filler: the head token of the phrase and how it is attached."""

    role: str
    token: Token
    marker: str | None = None
    case: str | None = None

    @property
    def start(self) -> int:
        """Character offset of the phrase (the head's whole subtree) in the document."""
        return self.token.left_edge.idx

    @property
    def end(self) -> int:
        right = self.token.right_edge
        return right.idx + len(right.text)


def arguments(predicate: Token) -> list[Argument]:
    """Every argument of a predicate, coordination and apposition expanded."""
    found: list[Argument] = []
    active = _active_perfect(predicate)
    passive = not active and passive_marks(predicate)
    for child in predicate.children:
        role = SUBJECTS.get(child.dep_) or OBJECTS.get(child.dep_)
        if role == "patient" and active:  # "Russland Drohnen geliefert zu haben"
            role = "indirect" if _case(child) == "Dat" else "object"
        if role:
            found.extend(Argument(role, t, case=_case(t)) for t in _spread(child))
        elif child.dep_ == "obl:agent":
            found.extend(Argument("agent", t, _marker(child), _case(t)) for t in _spread(child))
        elif child.dep_.split(":")[0] in OBLIQUES:
            marker = _marker(child)
            role = "agent" if passive and marker in AGENT_MARKERS else "oblique"
            found.extend(Argument(role, t, marker, _case(t)) for t in _spread(child))
    found.extend(_inherited_subject(predicate, found))
    return found


def passive_marks(predicate: Token) -> bool:
    """Whether the parse marks the predicate passive (a passive auxiliary or subject)."""
    return any(c.dep_ in ("nsubj:pass", "aux:pass") for c in predicate.children)


def _active_perfect(predicate: Token) -> bool:
    """A participle with the perfect auxiliary "haben"/"have" and no passive one is
    active, whatever the parser labelled its noun phrases."""
    perfect = any(
        c.dep_ == "aux" and c.lemma_.lower() in ACTIVE_AUXILIARIES for c in predicate.children
    )
    return perfect and not any(c.dep_ == "aux:pass" for c in predicate.children)


def corrected(found: list[Argument], lang: str) -> list[Argument]:
    """Repair subject and object where German articles show the parser got them wrong.

    A small treebank leaves the parser unsure in object-first clauses ("Den Präsidenten
    empfing Ankara"). A phrase without a preposition led by an article that is never
    nominative ("den", "dem", "einen") cannot be the subject; where the clause then has
    no subject but exactly one object (or oblique without a preposition) not so marked,
    that one is the subject.
    """
    found = _one_subject(found)
    articles = syntax_words(lang, "non_nominative_articles")
    marked = [
        a for a in found
        if a.role in ("subject", "object", "oblique") and a.marker is None
        and _article(a.token) in articles
    ]  # fmt: skip
    subjects = [a for a in found if a.role == "subject" and a not in marked]
    objects = [
        a for a in found
        if a.role in ("object", "oblique") and a.marker is None and a not in marked
    ]  # fmt: skip
    if not marked or subjects or len(objects) != 1:
        return found
    swap = {id(a): replace(a, role="object") for a in marked}
    swap[id(objects[0])] = replace(objects[0], role="subject")
    return [swap.get(id(a), a) for a in found]


def _one_subject(found: list[Argument]) -> list[Argument]:
    """A clause has one subject: where the parser gave a verb two ("Der Präsident
    besuchte am Montag Syrien" with Syrien as a second nsubj), the first keeps the role
    and a later one after the verb becomes its object. One before the verb is a missed
    conjunct ("The US, Russia, and Switzerland met") and stays a subject."""
    subjects = [a for a in found if a.role == "subject" and a.token.dep_ == "nsubj"]
    if len(subjects) < 2:
        return found
    later = {
        id(a) for a in subjects[1:]
        if a.token.i > subjects[0].token.i and a.token.i > a.token.head.i
    }  # fmt: skip
    return [replace(a, role="object") if id(a) in later else a for a in found]


@lru_cache(maxsize=16)
def syntax_words(lang: str, key: str) -> frozenset[str]:
    """A word list of `data/lang/<lang>/syntax.yaml`, lower case."""
    return frozenset(str(w).lower() for w in load_yaml(f"lang/{lang}/syntax.yaml")[key] or [])


def _article(token: Token) -> str | None:
    for child in token.children:
        if child.dep_ == "det":
            return child.lower_
    return None


def clause_subject(predicate: Token) -> Token | None:
    """The subject of a clause, or of the clause it depends on (xcomp: "versuchte zu ...")."""
    subjects = ("nsubj",) if _active_perfect(predicate) else ("nsubj", "nsubj:pass")
    for child in predicate.children:
        if child.dep_ in subjects:
            return child
    if _controlled(predicate):
        governor = predicate.head
        objects = [c for c in governor.children if c.dep_ in ("obj", "iobj") or _dative(c)]
        return objects[0] if objects else clause_subject(governor)
    return None


def _controlled(predicate: Token) -> bool:
    """Whether the predicate's subject is its governor's object (or subject): an xcomp
    ("versuchte, ... zu liefern"), or a gerund clause after "of"/"for" ("accused Iran of
    supplying", "praised Japan for sending")."""
    if predicate.head.i == predicate.i:
        return False
    if predicate.dep_ == "xcomp":
        return True
    marks = {c.lower_ for c in predicate.children if c.dep_ in ("mark", "dep")}
    if predicate.dep_ in ("advcl", "acl") and marks & CONTROL_MARKS:
        return True
    # an infinitive with "zu" the parser attached loosely ("wurde vorgeworfen, ...
    # versorgt zu haben" as dep) is controlled all the same
    return predicate.dep_ in ("dep", "ccomp", "conj") and "zu" in marks and not _finite(predicate)


def _dative(token: Token) -> bool:
    """A dative noun phrase without a preposition ("Dem Iran wird vorgeworfen")."""
    return token.dep_ in DATIVE_DEPS and _case(token) == "Dat" and _marker(token) is None


def _finite(predicate: Token) -> bool:
    return "Fin" in predicate.morph.get("VerbForm")


def _inherited_subject(predicate: Token, found: list[Argument]) -> Iterator[Argument]:
    """A zu-infinitive or xcomp without its own subject takes its controller's."""
    if any(a.role in ("subject", "patient") for a in found) or not _controlled(predicate):
        return
    controller = clause_subject(predicate)
    if controller is not None:
        yield from (Argument("subject", t, case=_case(t)) for t in _spread(controller))


def _spread(token: Token) -> list[Token]:
    """The token, its conjuncts ("A und B"), and what an apposition stands for."""
    tokens = [token, *(c for c in token.children if c.dep_ == "conj")]
    return [t for t in tokens if t.dep_ != "appos"]


def _marker(token: Token) -> str | None:
    """The preposition of an oblique ("nach", "gegen", "with"), lower case.

    A "case" dependent the tagger calls anything but an adposition is a parser error
    ("gestern" attached as a case marker) and marks nothing.
    """
    for child in token.children:
        if child.dep_ == "case" and child.pos_ in ("ADP", ""):
            return child.lower_
    return None


def _case(token: Token) -> str | None:
    values = token.morph.get("Case")
    return values[0] if values else None
