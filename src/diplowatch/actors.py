"""Find actor mentions in sentences and resolve them to CAMEO actor codes.

One Aho-Corasick automaton per language holds every surface form (names, generated
German inflections, capitals, sector nouns); a single pass over a sentence finds them
all, longest match first. A country mention directly before a sector noun ("die
nordkoreanischen Staatsmedien", "Iran's foreign minister") becomes one actor with that
sector; a sector noun alone resolves to nothing and is dropped.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import ahocorasick

from diplowatch.knowledge import load_yaml
from diplowatch.model import Actor, Mention, Sentence

GERMAN_ADJECTIVE_ENDINGS = ("", "e", "en", "er", "es", "em")
# Up to this many words may stand between a country and its sector noun
# ("Nordkoreas Minister für ...", "der iranische stellvertretende Außenminister").
MAX_GAP_WORDS = 2
# German sector nouns match as compound heads only from this length on, so "Rat" does
# not fire inside "Beirat" while "Delegation" does inside "Wirtschaftsdelegation".
MIN_COMPOUND_HEAD = 6
_GAP = re.compile(rf"^(?:'s|’s)?\s+(?:[\w-]+\s+){{0,{MAX_GAP_WORDS}}}$")
_GAP_WORD = re.compile(r"[\w-]+")
# Kinds of country mention that take a sector noun after them; a capital is a government.
_TAKES_SECTOR = frozenset({"name", "genitive", "adjective"})
_LINK = re.compile(r"^\s+(?:of|of the|des|der|von)\s+$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Form:
    """One surface form and what it stands for."""

    actor: Actor | None
    sector: str | None
    kind: str
    compound_head: bool = False


@dataclass(frozen=True, slots=True)
class Hit:
    """A matched form in a text (offsets into that text)."""

    start: int
    end: int
    form: Form


class Gazetteer:
    """The surface forms of one language, compiled into one automaton."""

    def __init__(self, lang: str, forms: dict[str, Form], function_words: frozenset[str]) -> None:
        self.lang = lang
        self.function_words = function_words
        variants: dict[str, list[tuple[str | None, Form]]] = {}
        for surface, form in forms.items():
            exact = surface if _is_acronym(surface) else None
            variants.setdefault(surface.lower(), []).append((exact, form))
        self._automaton = ahocorasick.Automaton()
        for key, entries in variants.items():
            # case-sensitive variants first: "NATO" and "Nato" share the key "nato"
            entries.sort(key=lambda entry: entry[0] is None)
            self._automaton.add_word(key, (len(key), tuple(entries)))
        self._automaton.make_automaton()

    def joins(self, between: str) -> bool:
        """True where the text between a country and a sector noun lets them form one actor."""
        return bool(_GAP.match(between)) and not any(
            word.lower() in self.function_words for word in _GAP_WORD.findall(between)
        )

    def hits(self, text: str) -> list[Hit]:
        """Non-overlapping matches at word boundaries, leftmost-longest first."""
        lowered = _same_length_lower(text)
        found: list[Hit] = []
        for end_index, (length, entries) in self._automaton.iter(lowered):
            end = end_index + 1
            start = end - length
            form = next((f for exact, f in entries if exact in (None, text[start:end])), None)
            if form is None or not _is_word_end(lowered, end):
                continue
            if not _is_word_start(lowered, start):
                if not form.compound_head:
                    continue
                start = _word_start(lowered, start)
            found.append(Hit(start, end, form))
        found.sort(key=lambda h: (h.start, -(h.end - h.start)))
        kept: list[Hit] = []
        for hit in found:
            if not kept or hit.start >= kept[-1].end:
                kept.append(hit)
        return kept


def _is_acronym(surface: str) -> bool:
    """Acronyms ("UN", "U.S.", "EU") match only in capitals: "un" is not the UN."""
    letters = [ch for ch in surface if ch.isalpha()]
    return len(letters) <= 5 and all(ch.isupper() for ch in letters)


def _same_length_lower(text: str) -> str:
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(ch if len(ch.lower()) != 1 else ch.lower() for ch in text)


def _is_word_start(text: str, start: int) -> bool:
    return start == 0 or not text[start - 1].isalnum()


def _word_start(text: str, index: int) -> int:
    while index > 0 and (text[index - 1].isalnum() or text[index - 1] == "-"):
        index -= 1
    return index


def _is_word_end(text: str, end: int) -> bool:
    return end == len(text) or not text[end].isalnum()


def find_mentions(sentence: Sentence, source_text: str, gazetteer: Gazetteer) -> list[Mention]:
    """Resolved actor mentions of a sentence, offsets into the document text."""
    text = source_text[sentence.start : sentence.end]
    return [
        Mention(sentence.index, sentence.start + s, sentence.start + e, text[s:e], actor, kind)
        for s, e, actor, kind in _resolve(text, gazetteer.hits(text), gazetteer)
    ]


def _resolve(
    text: str, hits: list[Hit], gazetteer: Gazetteer
) -> Iterator[tuple[int, int, Actor, str]]:
    """Merge country + sector noun pairs; drop sector nouns no country claims."""
    i = 0
    while i < len(hits):
        hit = hits[i]
        nxt = hits[i + 1] if i + 1 < len(hits) else None
        if (
            hit.form.kind in _TAKES_SECTOR
            and nxt
            and nxt.form.sector
            and gazetteer.joins(text[hit.end : nxt.start])
        ):
            yield hit.start, nxt.end, _with_sector(hit.form.actor, nxt.form.sector), "agent"
            i += 2
        elif hit.form.sector and nxt and nxt.form.actor and _links(text[hit.end : nxt.start], nxt):
            yield hit.start, nxt.end, _with_sector(nxt.form.actor, hit.form.sector), "agent"
            i += 2
        elif hit.form.actor:
            yield hit.start, hit.end, hit.form.actor, hit.form.kind
            i += 1
        else:
            i += 1


def _links(between: str, country: Hit) -> bool:
    """True where a sector noun and the country after it belong together."""
    if country.form.kind == "genitive" and not between.strip():
        return True
    return country.form.kind in ("name", "genitive") and bool(_LINK.match(between))


def _with_sector(actor: Actor, sector: str) -> Actor:
    if actor.country == "IGO" or actor.sector:
        return actor
    return Actor(code=f"{actor.country}{sector}", country=actor.country, sector=sector)


# --- building the gazetteer from the data files ---------------------------------------


@lru_cache(maxsize=4)
def gazetteer_for(lang: str) -> Gazetteer:
    """The bundled gazetteer of a language, built once per process."""
    function_words = frozenset(load_yaml(f"lang/{lang}/function_words.yaml"))
    return Gazetteer(lang, surface_forms(lang), function_words)


def surface_forms(lang: str) -> dict[str, Form]:
    """Every surface form of the bundled actor and agent data for a language."""
    forms: dict[str, Form] = {}
    for sector, nouns in load_yaml(f"lang/{lang}/agents.yaml").items():
        for noun in nouns:
            compound = lang == "de" and len(noun) >= MIN_COMPOUND_HEAD
            forms[noun] = Form(None, sector, "agent", compound_head=compound)
    for code, entry in load_yaml("actors/igos.yaml").items():
        actor = Actor(code=entry["cameo"], country="IGO", sector=None)
        for name in entry.get(lang, {}).get("names", []):
            forms[name] = Form(actor, None, f"igo:{code}")
    for code, entry in load_yaml("actors/countries.yaml").items():
        forms.update(_country_forms(code, entry.get(lang) or {}, lang))
    return forms


def _country_forms(code: str, entry: dict[str, Any], lang: str) -> dict[str, Form]:
    state = Actor(code=code, country=code)
    government = Actor(code=f"{code}GOV", country=code, sector="GOV")
    forms: dict[str, Form] = {}
    for name in entry.get("names", []):
        forms[name] = Form(state, None, "name")
        if lang == "de" and name[-1] not in "sxzß.":
            forms[f"{name}s"] = Form(state, None, "genitive")
    for adjective in entry.get("adjectives", []):
        endings = GERMAN_ADJECTIVE_ENDINGS if lang == "de" else ("",)
        for ending in endings:
            forms[f"{adjective}{ending}"] = Form(state, None, "adjective")
    for demonym in entry.get("demonyms", []):
        forms[demonym] = Form(state, None, "demonym")
    for place in [*entry.get("capitals", []), *entry.get("seats", [])]:
        forms[place] = Form(government, None, "capital")
    return forms
