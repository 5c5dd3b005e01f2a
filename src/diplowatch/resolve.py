"""Resolve a document's actor mentions in context, sentence by sentence.

The gazetteer finds forms; this module decides what they mean here:
- a country before a sector noun is one actor ("die nordkoreanischen Staatsmedien" ->
  PRKMED), as is a sector noun with a country after it ("the government of India");
- a title with a name is that person, dated by the article ("Außenminister Lawrow");
  an unknown name beside a title or in apposition takes the title's actor and is
  remembered ("Yun Jung Ho, Nordkoreas Minister ..." -> later "Yuns Besuch" = PRKGOV);
- surnames, "der Minister", "der Norden" and "die beiden Länder" refer back to what the
  document said before; ambiguous forms ("Georgia", "Niger") count only where the
  document names that country unambiguously too;
- other names that look like persons or organisations are kept as unresolved mentions,
  never guessed.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from diplowatch.actors import Form, Gazetteer, Hit, fold
from diplowatch.model import Actor, Mention, Sentence

# Up to this many words may stand between a country and its sector noun
# ("Nordkoreas stellvertretender Minister", "der iranische stellvertretende Außenminister").
MAX_GAP_WORDS = 2
# A document is about one country when it has named it this often and this dominantly.
FOCUS_MIN = 2
FOCUS_SHARE = 0.6
_GAP = re.compile(rf"^(?:(?:'s|’s)?\s+|-)(?:[\w-]+\s+){{0,{MAX_GAP_WORDS}}}$")
_GAP_WORD = re.compile(r"[\w-]+")
_OF = re.compile(r"^\s+(?:of|of the|des|der|von)\s+$", re.IGNORECASE)
# ", Nordkoreas Minister", ", dem stellvertretenden Vorsitzenden", ", the deputy head"
_APPOSITION = re.compile(
    r"^\s*,\s*(?:(?:der|die|das|dem|den|des|the|a|an)\s+)?(?:[a-zäöüß][\w-]*\s+){0,2}$"
)
_WORD_TOKEN = re.compile(r"[\w'’-]+")
_PARTICLES = frozenset({"al", "bin", "ibn", "van", "de", "da", "di", "du", "la", "el", "le"})
NAME_TOKEN_MIN = 3
# Kinds of mention that name a country outright (and so may take a sector noun).
_COUNTRY_KINDS = frozenset({"name", "genitive", "adjective", "demonym", "capital", "organisation"})
_TAKES_SECTOR = frozenset({"name", "genitive", "adjective", "organisation"})


@dataclass(slots=True)
class _Unit:
    """A candidate mention while a sentence is resolved."""

    start: int
    end: int
    kind: str
    actor: Actor | None = None
    form: Form | None = None
    head: str | None = None
    sector: str | None = None
    name: tuple[int, int] | None = None  # where the person's own name stands
    entity_id: str | None = None

    @property
    def bare_noun(self) -> bool:
        """A sector noun no country has claimed yet ("die Regierung")."""
        return self.kind == "agent" and self.actor is None


@dataclass(slots=True)
class DocumentMemory:
    """What the document has said so far: countries, titles and names it introduced."""

    countries: list[str] = field(default_factory=list)
    titles: dict[str, Actor] = field(default_factory=dict)
    names: dict[str, tuple[Actor, str | None]] = field(default_factory=dict)
    counts: Counter[str] = field(default_factory=Counter)  # country mentions so far

    def focus(self) -> str | None:
        """The country the document is about so far: the one named at least
        `FOCUS_MIN` times and in at least `FOCUS_SHARE` of all country mentions."""
        if not self.counts:
            return None
        country, count = self.counts.most_common(1)[0]
        share = count / sum(self.counts.values())
        return country if count >= FOCUS_MIN and share >= FOCUS_SHARE and country != "IGO" else None

    def remember(self, unit: _Unit, text: str) -> None:
        """Store a resolved mention so later references can point back to it."""
        if unit.actor is None:
            return
        country = unit.actor.country
        self.counts[country] += 1
        if country in self.countries:
            self.countries.remove(country)
        self.countries.append(country)
        if unit.head:
            self.titles[unit.head] = unit.actor
        entity = unit.form.entity if unit.form else None
        names = list(entity.short) if entity else []
        if unit.name:
            names.extend(_name_keys(text[unit.name[0] : unit.name[1]]))
        for name in names:
            self.names[fold(name)] = (unit.actor, unit.entity_id)

    def name(self, text: str) -> tuple[tuple[Actor, str | None], tuple[int, int]] | None:
        """The actor a name (or a word of it, or its genitive) was introduced with, and
        where in `text` the known part stands."""
        words = [(m.start(), m.end()) for m in _WORD_TOKEN.finditer(text)]
        spans = [(0, len(text)), *words[:1], *words[-1:]]
        for start, end in spans:
            key = fold(text[start:end])
            if key in self.names:
                return self.names[key], (0, len(text))
            if key.endswith("s") and key[:-1] in self.names:  # German genitive: "Yuns Besuch"
                return self.names[key[:-1]], (start, end)
        return None


def _name_keys(name: str) -> list[str]:
    """Forms by which a person is referred to later: the name, its first and last word."""
    words = [w for w in re.split(r"[\s,]+", name) if w[:1].isupper()]
    keys = [" ".join(words)] if words else []
    keys += [w for w in (words[:1] + words[-1:]) if len(w) >= NAME_TOKEN_MIN]
    return keys


def resolve_document(
    text: str, sentences: Iterable[Sentence], gazetteer: Gazetteer, day: dt.date | None
) -> list[Mention]:
    """Every actor mention of a document, resolved in context (offsets into `text`)."""
    sentences = list(sentences)
    hits = [gazetteer.hits(text[s.start : s.end]) for s in sentences]
    named = {
        h.form.country()
        for sentence_hits in hits
        for h in sentence_hits
        if h.form.kind in _COUNTRY_KINDS and not h.form.ambiguous and h.form.actor
    }
    memory = DocumentMemory()
    mentions: list[Mention] = []
    for sentence, sentence_hits in zip(sentences, hits, strict=True):
        mentions.extend(
            _resolve_sentence(sentence, text, sentence_hits, named, memory, gazetteer, day)
        )
    return mentions


def _resolve_sentence(
    sentence: Sentence, text: str, hits: list[Hit], named: set[str | None],
    memory: DocumentMemory, gazetteer: Gazetteer, day: dt.date | None,
) -> list[Mention]:  # fmt: skip
    own = text[sentence.start : sentence.end]
    units = [u for h in hits if (u := _unit(h, named, day)) is not None]
    units = _with_names(own, units, gazetteer, memory)
    units = _merge(own, units, gazetteer)
    mentions: list[Mention] = []
    for unit in units:
        if unit.actor is None and unit.name:  # an unknown person: keep the name, not the title
            unit = replace(unit, start=unit.name[0], end=unit.name[1])
        for resolved in _finish(unit, memory):
            memory.remember(resolved, own)
            mentions.append(
                Mention(
                    sentence.index,
                    sentence.start + resolved.start,
                    sentence.start + resolved.end,
                    own[resolved.start : resolved.end],
                    resolved.actor,
                    "unknown" if resolved.actor is None else resolved.kind,
                    resolved.entity_id,
                )
            )
    return mentions


def _unit(hit: Hit, named: set[str | None], day: dt.date | None) -> _Unit | None:
    """The hit as a candidate mention, or None where its conditions are not met."""
    form = hit.form
    if form.ambiguous and form.country() not in named:
        return None
    if form.kind == "context":
        return (
            _Unit(hit.start, hit.end, "context", form.actor, form)
            if set(form.when) & named
            else None
        )
    if form.kind == "named":
        assert form.entity is not None
        actor = form.entity.actor_at(day)
        return _Unit(
            hit.start, hit.end, "organisation", actor, form, entity_id=form.entity.entity_id
        )
    if form.kind == "person":
        if form.needs_antecedent:
            return None  # a surname alone: resolved from memory as a name, below
        entity = form.entity
        assert entity is not None
        actor = entity.actor_at(day)
        span = (hit.start, hit.end)
        return _Unit(*span, "person", actor, form, name=span, entity_id=entity.entity_id)
    if form.kind == "agent":
        return _Unit(hit.start, hit.end, "agent", None, form, head=form.head, sector=form.sector)
    return _Unit(hit.start, hit.end, form.kind, form.actor, form)


def _with_names(
    text: str, units: list[_Unit], gazetteer: Gazetteer, memory: DocumentMemory
) -> list[_Unit]:
    """Add capitalised name sequences that no form covers, resolved from memory if known."""
    masked = list(text)
    for unit in units:
        masked[unit.start : unit.end] = "|" * (unit.end - unit.start)
    extra: list[_Unit] = []
    for start, end in _name_runs("".join(masked), gazetteer):
        known = memory.name(text[start:end])
        if known is not None:
            (actor, entity_id), (start, end) = known[0], (start + known[1][0], start + known[1][1])
            extra.append(_Unit(start, end, "person", actor, name=(start, end), entity_id=entity_id))
        else:
            extra.append(_Unit(start, end, "candidate", None, name=(start, end)))
    return sorted([*units, *extra], key=lambda u: u.start)


def _name_runs(text: str, gazetteer: Gazetteer) -> list[tuple[int, int]]:
    """Spans of consecutive name-like capitalised words (particles such as "al" inside)."""
    runs: list[tuple[int, int]] = []
    run: list[re.Match[str]] = []
    for token in [*_WORD_TOKEN.finditer(text), None]:
        if token is not None and run and text[run[-1].end() : token.start()] != " ":
            runs.extend(_close(run))
            run = []
        if token is not None and (
            gazetteer.is_name_word(token.group()) or (run and token.group() in _PARTICLES)
        ):
            run.append(token)
            continue
        runs.extend(_close(run))
        run = []
    return runs


def _close(run: list[re.Match[str]]) -> list[tuple[int, int]]:
    while run and run[-1].group() in _PARTICLES:
        run = run[:-1]
    return [(run[0].start(), run[-1].end())] if run else []


def _merge(text: str, units: list[_Unit], gazetteer: Gazetteer) -> list[_Unit]:
    """Join country + title, title + name and name + apposition into single actors."""
    while True:
        merged: list[_Unit] = []
        for unit in units:
            joined = _join(text, merged[-1], unit, gazetteer) if merged else None
            if joined is not None:
                merged[-1] = joined
            else:
                merged.append(unit)
        if len(merged) == len(units):
            break
        units = merged
    return [u for u in merged if u.kind != "candidate" or _looks_like_name(text, u, gazetteer)]


def _join(text: str, left: _Unit, right: _Unit, gazetteer: Gazetteer) -> _Unit | None:
    between = text[left.end : right.start]
    # "die polnische Regierung", "Nordkoreas Minister", "US-Botschafterin"
    if (
        left.kind in _TAKES_SECTOR
        and right.bare_noun
        and left.actor
        and _joins(left, between, gazetteer)
    ):
        actor = _with_sector(left.actor, right.sector)
        return _Unit(left.start, right.end, "agent", actor, head=right.head, sector=right.sector)
    # "die Regierung Polens", "the government of India"
    genitive = right.kind == "genitive" or (right.kind == "capital" and right.end - right.start > 1
                                             and text[right.end - 1] == "s")  # fmt: skip
    linked = (genitive and not between.strip()) or _OF.match(between)
    if left.bare_noun and right.kind in ("name", "genitive", "capital") and right.actor and linked:
        country = Actor(code=right.actor.country, country=right.actor.country)
        actor = _with_sector(country, left.sector)
        return _Unit(left.start, right.end, "agent", actor, head=left.head, sector=left.sector)
    # "der Vorsitzende des Parlaments Pjöngjangs": the chair belongs to what he chairs
    if left.bare_noun and right.kind == "agent" and right.actor and _OF.match(between):
        return _Unit(
            left.start, right.end, "agent", right.actor, head=left.head, sector=right.sector
        )
    # "Außenminister Lawrow", "der russische Präsident Wladimir Putin", "Kanzler Merz"
    if left.kind == "agent" and right.kind in ("person", "candidate") and not between.strip():
        actor = right.actor or left.actor
        return _Unit(left.start, right.end, "person", actor, right.form, head=left.head,
                     name=right.name, entity_id=right.entity_id)  # fmt: skip
    # "Yun Jung Ho, Nordkoreas Minister für ..."
    if (
        left.kind in ("candidate", "person")
        and right.kind == "agent"
        and right.actor
        and _APPOSITION.match(between)
    ):
        return _Unit(left.start, right.end, "person", right.actor, left.form, head=right.head,
                     name=left.name, entity_id=left.entity_id)  # fmt: skip
    return None


def _joins(left: _Unit, between: str, gazetteer: Gazetteer) -> bool:
    """True where the words between a country and a sector noun let them form one actor.

    In German a plain name takes a sector noun only through a hyphen ("US-Botschafterin"):
    "Nordkorea hochrangige Beamte" is subject and object, "Nordkoreas Beamte" one actor.
    """
    if gazetteer.lang == "de" and left.kind in ("name", "organisation") and between != "-":
        return False
    return bool(_GAP.match(between)) and not any(
        w.lower() in gazetteer.function_words for w in _GAP_WORD.findall(between)
    )


def _looks_like_name(text: str, unit: _Unit, gazetteer: Gazetteer) -> bool:
    """Unresolved capitalised words are kept only where they look like a proper name."""
    words = text[unit.start : unit.end].split()
    return len(words) >= 2 and not all(w.lower() in gazetteer.function_words for w in words)


def _with_sector(actor: Actor, sector: str | None) -> Actor:
    if sector is None or actor.country == "IGO" or actor.sector:
        return actor
    return Actor(code=f"{actor.country}{sector}", country=actor.country, sector=sector)


def _finish(unit: _Unit, memory: DocumentMemory) -> list[_Unit]:
    """The mentions a unit yields: title and group references resolved from memory."""
    if unit.kind == "agent" and unit.actor is None:
        actor = memory.titles.get(unit.head or "") or _in_focus(unit, memory)
        return [replace(unit, actor=actor, head=None)] if actor else []
    if unit.kind == "group" and unit.form is not None:
        size = unit.form.group
        recent = memory.countries[-size:]
        if len(recent) < size:
            return []
        return [replace(unit, kind="group", actor=Actor(code=c, country=c)) for c in recent]
    return [unit]


def _in_focus(unit: _Unit, memory: DocumentMemory) -> Actor | None:
    """A bare sector noun ("die Opposition", "Sicherheitskräfte") in a document about
    one country is that country's: domestic news names its country and then its actors
    without it."""
    country = memory.focus()
    sector = unit.form.sector if unit.form is not None else None
    if country is None or sector is None:
        return None
    return Actor(code=f"{country}{sector}", country=country, sector=sector)


def resolve_phrase(text: str, gazetteer: Gazetteer, day: dt.date | None) -> Mention | None:
    """What a phrase resolves to on its own (no article around it): its longest actor."""
    mentions = resolve_document(text, [Sentence(0, 0, len(text), text)], gazetteer, day)
    return max((m for m in mentions if m.actor), key=lambda m: m.end - m.start, default=None)
