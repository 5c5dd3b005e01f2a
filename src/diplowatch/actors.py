"""The gazetteer: every surface form of the knowledge base in one automaton per language.

One Aho-Corasick pass over a sentence finds all forms (names, generated German
inflections, capitals, persons, sector nouns, context phrases), longest match first,
at word boundaries. Matching is on a folded text (lower case, diacritics dropped, same
length) so "Erdogan" finds "Erdoğan" and "Schroder" finds "Schröder"; acronyms must
match in capitals and proper names with a capital, so "un" is not the UN and "may" is
not Theresa May. Resolving hits in their document context is `resolve.py`'s job.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import ahocorasick

from diplowatch.kb import Entity, KnowledgeBase, actor_of, load_knowledge
from diplowatch.knowledge import load_yaml
from diplowatch.model import Actor

GERMAN_ADJECTIVE_ENDINGS = ("", "e", "en", "er", "es", "em")
# German sector nouns match as compound heads only from this length on, so "Rat" does
# not fire inside "Beirat" while "Delegation" does inside "Wirtschaftsdelegation".
MIN_COMPOUND_HEAD = 6


@dataclass(frozen=True, slots=True)
class Form:
    """What one surface form stands for, and the conditions under which it counts."""

    kind: str
    actor: Actor | None = None
    entity: Entity | None = None
    sector: str | None = None
    head: str | None = None
    ambiguous: bool = False
    needs_antecedent: bool = False
    when: tuple[str, ...] = ()
    group: int = 0
    compound_head: bool = False

    def country(self) -> str | None:
        """The country this form names outright (None for persons, nouns and phrases)."""
        return self.actor.country if self.actor else None


@dataclass(frozen=True, slots=True)
class Hit:
    """A matched form in a text (offsets into that text)."""

    start: int
    end: int
    form: Form


def fold(text: str) -> str:
    """Lower case without diacritics, hyphens as spaces, with the length of the input.

    "al-Assad" and "al Assad", "Erdoğan" and "Erdogan" fold alike.
    """
    lowered = text.lower()
    if len(lowered) != len(text):
        lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    return lowered.translate(_fold_table())


@lru_cache(maxsize=1)
def _fold_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for code in range(0xC0, 0x250):
        base = unicodedata.normalize("NFD", chr(code))[0]
        if base != chr(code) and base.isascii():
            table[code] = base.lower()
    for dash in "-‐‑‒–":
        table[ord(dash)] = " "
    for apostrophe in "’‘`´":
        table[ord(apostrophe)] = "'"
    return table


def _is_acronym(surface: str) -> bool:
    letters = [ch for ch in surface if ch.isalpha()]
    return 0 < len(letters) <= 5 and all(ch.isupper() for ch in letters)


class Gazetteer:
    """The surface forms of one language, compiled into one automaton."""

    def __init__(
        self, lang: str, forms: list[tuple[str, Form]], function_words: frozenset[str],
        not_names: dict[str, Any] | None = None,
    ) -> None:  # fmt: skip
        self.lang = lang
        self.function_words = function_words
        not_names = not_names or {}
        self._not_name_words = frozenset(not_names.get("words") or [])
        self._not_name_suffixes = tuple(not_names.get("suffixes") or [])
        variants: dict[str, list[tuple[str, str | None, Form]]] = {}
        for surface, form in forms:
            exact = surface if _is_acronym(surface) else None
            variants.setdefault(fold(surface), []).append((surface, exact, form))
        self._automaton = ahocorasick.Automaton()
        for key, entries in variants.items():
            # exact-case variants first ("NATO" before "Nato"), then unambiguous forms
            entries.sort(key=lambda e: (e[1] is None, e[2].ambiguous))
            self._automaton.add_word(key, (len(key), tuple(entries)))
        self._automaton.make_automaton()
        self.size = len(variants)

    def is_name_word(self, word: str) -> bool:
        """True for a capitalised word that may be part of a name (not a common noun)."""
        return (
            word[:1].isupper()
            and len(word) > 1
            and word not in self._not_name_words
            and word.lower() not in self.function_words
            and not any(
                len(word) > len(suffix) + 2 and word.lower().endswith(suffix)
                for suffix in self._not_name_suffixes
            )
        )

    def hits(self, text: str) -> list[Hit]:
        """Non-overlapping matches at word boundaries, leftmost-longest first."""
        folded = fold(text)
        found: list[Hit] = []
        for end_index, (length, entries) in self._automaton.iter(folded):
            end = end_index + 1
            start = end - length
            if not _is_word_end(folded, end):
                continue
            at_start = _is_word_start(folded, start)
            form = _choose(entries, text[start:end], at_start)
            if form is None:
                continue
            found.append(Hit(start if at_start else _word_start(folded, start), end, form))
        found.sort(key=lambda h: (h.start, -(h.end - h.start)))
        kept: list[Hit] = []
        for hit in found:
            if not kept or hit.start >= kept[-1].end:
                kept.append(hit)
        return kept


def _choose(
    entries: tuple[tuple[str, str | None, Form], ...], matched: str, at_start: bool
) -> Form | None:
    """The first variant whose case rule the matched text meets.

    Inside a word only compound heads count, in any case ("Handelsdelegation").
    """
    for surface, exact, form in entries:
        if not at_start:
            if form.compound_head:
                return form
        elif exact is not None:
            if matched == exact:
                return form
        elif not surface[:1].isupper() or matched[:1].isupper():
            return form
    return None


def _is_word_start(text: str, start: int) -> bool:
    return start == 0 or not text[start - 1].isalnum()


def _is_word_end(text: str, end: int) -> bool:
    return end == len(text) or not text[end].isalnum()


def _word_start(text: str, index: int) -> int:
    while index > 0 and text[index - 1].isalnum():
        index -= 1
    return index


# --- building the gazetteer from the knowledge base ------------------------------------


@lru_cache(maxsize=8)
def gazetteer_for(lang: str, user_files: tuple[str, ...] = ()) -> Gazetteer:
    """The gazetteer of a language (bundled knowledge plus user files), built once."""
    kb = load_knowledge(user_files)
    function_words = frozenset(w.lower() for w in load_yaml(f"lang/{lang}/function_words.yaml"))
    not_names = load_yaml(f"lang/{lang}/names.yaml")
    return Gazetteer(lang, surface_forms(kb, lang), function_words, not_names)


def surface_forms(kb: KnowledgeBase, lang: str) -> list[tuple[str, Form]]:
    """Every (surface, form) pair of the knowledge base for a language.

    The order matters where two forms fold alike: later kinds come after earlier ones,
    so a state's name wins over a person who shares it; among entities the one loaded
    last comes first.
    """
    forms: list[tuple[str, Form]] = []
    for code, entry in kb.countries.items():
        forms.extend(_country_forms(code, entry, lang))
    for entry in kb.organisations.values():
        forms.extend(_organisation_forms(entry, lang))
    # the later file first: a curated or user entry wins a name the generated base gave
    # another entity ("Horst Köhler" of the curated file, not a stray Phoenix record)
    for entity in reversed(kb.entities.values()):
        if lang in entity.langs:
            forms.extend(_entity_forms(entity))
    for sector, nouns in kb.agents.get(lang, {}).items():
        for noun in nouns:
            compound = lang == "de" and len(noun) >= MIN_COMPOUND_HEAD
            forms.append(
                (noun, Form("agent", sector=sector, head=fold(noun), compound_head=compound))
            )
    for rule in kb.context.get(lang, []):
        forms.extend(_context_forms(rule))
    return forms


def _country_forms(code: str, entry: dict[str, Any], lang: str) -> list[tuple[str, Form]]:
    fields = entry.get(lang) or {}
    ambiguous = {fold(f) for f in _ambiguous(entry, lang)}
    state = actor_of(code)
    out: list[tuple[str, Form]] = []

    def add(surface: str, kind: str, actor: Actor, base: str | None = None) -> None:
        flag = fold(base or surface) in ambiguous
        out.append((surface, Form(kind, actor=actor, ambiguous=flag)))

    for name in fields.get("names", []):
        add(name, "name", state)
        if lang == "de" and name[-1] not in "sxzß." and not _is_acronym(name):
            add(f"{name}s", "genitive", state, base=name)
    endings = GERMAN_ADJECTIVE_ENDINGS if lang == "de" else ("",)
    for adjective in fields.get("adjectives", []):
        for ending in endings:
            add(f"{adjective}{ending}", "adjective", state, base=adjective)
    for demonym in fields.get("demonyms", []):
        add(demonym, "demonym", state)
    for place in [*fields.get("capitals", []), *fields.get("seats", [])]:
        add(place, "capital", actor_of(f"{code}GOV"))
        if lang == "de" and place[-1] not in "sxzß.":
            add(f"{place}s", "capital", actor_of(f"{code}GOV"), base=place)
    for place in fields.get("seats_mil", []):
        add(place, "capital", actor_of(f"{code}MIL"))
    return out


def _ambiguous(entry: dict[str, Any], lang: str) -> list[str]:
    """Forms that need context: a list for every language, or a mapping per language."""
    forms = entry.get("ambiguous_forms") or []
    return list(forms.get(lang, [])) if isinstance(forms, dict) else list(forms)


def _organisation_forms(entry: dict[str, Any], lang: str) -> list[tuple[str, Form]]:
    actor = actor_of(entry["cameo"])
    ambiguous = {fold(f) for f in _ambiguous(entry, lang)}
    out = []
    for name in (entry.get(lang) or {}).get("names", []):
        out.append((name, Form("organisation", actor=actor, ambiguous=fold(name) in ambiguous)))
        if lang == "de" and not _is_acronym(name) and name[-1] not in "sxzßen":
            out.append(
                (f"{name}s", Form("organisation", actor=actor, ambiguous=fold(name) in ambiguous))
            )
    return out


def _entity_forms(entity: Entity) -> list[tuple[str, Form]]:
    out = [(name, Form(entity.kind, entity=entity)) for name in entity.names]
    out += [
        (name, Form(entity.kind, entity=entity, needs_antecedent=True)) for name in entity.short
    ]
    return out


def _context_forms(rule: dict[str, Any]) -> list[tuple[str, Form]]:
    if "group" in rule:
        return [(f, Form("group", group=rule["group"])) for f in rule["forms"]]
    actor = actor_of(rule["code"])
    return [(f, Form("context", actor=actor, when=tuple(rule["when"]))) for f in rule["forms"]]
