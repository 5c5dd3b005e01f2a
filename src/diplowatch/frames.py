"""Trigger frames: which lemma codes which event, with which roles for source and target.

The frames are data per language (`data/lang/<lang>/frames.yaml`), keyed by lemma
(German particle verbs joined: "mitteilen"; German compounds also by their head:
"Staatsbesuch" finds "Besuch"). Each frame names the CAMEO code, the roles that carry
the source and the target, in order of preference (`subject`, `object`, `indirect`,
`poss`, or a preposition such as `nach`, `gegen`, `against`), and optional conditions:
`with` (a support-verb construction fires only with that noun as object: "einen Besuch
abstatten") and `theme` (a class of object words that changes the sub-code: weapons
make "liefern" military aid). A lemma's frames are tried in order; the first whose
conditions hold codes the event. Every CAMEO code is checked against the ontology when
the frames load, so a typo in the data fails at once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import ahocorasick
from lemminflect import getAllInflections

from diplowatch.errors import InputError
from diplowatch.knowledge import load_yaml
from diplowatch.ontology import event_type


@dataclass(frozen=True, slots=True)
class Frame:
    """One way a lemma reports an event."""

    frame_id: str
    cameo: str
    source: tuple[str, ...]
    target: tuple[str, ...]
    with_nouns: frozenset[str] = frozenset()
    theme: str | None = None
    accusation: bool = False


@dataclass(frozen=True, slots=True)
class Frames:
    """The frames of one language and the words that modify or cancel what they code."""

    lang: str
    by_lemma: dict[str, tuple[Frame, ...]]
    themes: dict[str, tuple[str, ...]]
    cancellers: frozenset[str]  # negations and hypotheticals attached to a trigger
    allegation_markers: frozenset[str]
    intention_lemmas: frozenset[str]
    intent_codes: dict[str, str]  # CAMEO root -> the 03x code of an intention to do it
    irrealis_codes: tuple[str, ...]  # code prefixes whose frames make embedded acts unreal
    undoing_lemmas: frozenset[str]  # verbs that undo or call off what they govern
    reporting_lemmas: frozenset[str]  # verbs whose complement is the reported main clause
    reported_future: frozenset[str]  # "said it would": a future in the past, no hypothetical
    contractions: dict[str, str]  # "zum" -> "zu": prepositions as frames name them
    rescue_verbless: bool  # in a sentence parsed without a verbal root, position decides
    verb_second: bool  # the subject may follow the verb in a main clause (German)
    lemma_finder: Any = field(repr=False, compare=False)  # Aho-Corasick over the lemmas

    def contains_lemma(self, word: str) -> bool:
        """Whether a frame lemma occurs inside the word ("Staatsbesuch" holds "besuch"):
        a cheap test before the morphological analysis of a compound's head."""
        return next(self.lemma_finder.iter(word.lower()), None) is not None

    def lookup(self, *lemmas: str) -> tuple[Frame, ...]:
        """The frames of the first of the lemmas that has any (lemma, then compound head)."""
        for lemma in lemmas:
            frames = self.by_lemma.get(lemma.lower())
            if frames:
                return frames
        return ()

    def in_theme(self, theme: str, words: list[str]) -> bool:
        """Whether any word contains a stem of the theme ("Waffenlieferung": weapons)."""
        stems = self.themes.get(theme, ())
        return any(stem in word.lower() for word in words for stem in stems)


def _roles(spec: dict[str, Any], key: str, where: str) -> tuple[str, ...]:
    value = spec.get(key)
    roles = (value,) if isinstance(value, str) else tuple(value or ())
    if not roles:
        raise InputError(f"{where}: a frame needs `{key}` roles")
    return tuple(str(r).lower() for r in roles)


def _frame(lemma: str, number: int, spec: dict[str, Any], themes: dict[str, Any]) -> Frame:
    where = f"frames.yaml: {lemma} #{number}"
    theme = spec.get("theme")
    if theme is not None and theme not in themes:
        raise InputError(f"{where}: unknown theme {theme!r} (known: {', '.join(themes)})")
    return Frame(
        frame_id=f"{lemma.lower()}.{number}",
        cameo=event_type(str(spec["cameo"])).code,
        source=_roles(spec, "source", where),
        target=_roles(spec, "target", where),
        with_nouns=frozenset(str(w).lower() for w in spec.get("with", ())),
        theme=theme,
        accusation=bool(spec.get("accusation", False)),
    )


ENGLISH_PARTICLES = ("off", "down", "out", "up", "back", "away", "over", "in", "on")


@lru_cache(maxsize=4)
def trigger_words(lang: str) -> frozenset[str] | None:
    """Every inflected form of the frame lemmas, for a cheap test of which sentences
    can hold an event before they are parsed; None where no such list can be built.

    English inflection is regular enough for lemminflect to generate every form
    ("criticise" -> criticised, criticising; "offcall" -> call, called). German
    strong verbs, particle verbs and compounds are not: German sentences with two
    actors are all parsed.
    """
    if lang != "en":
        return None
    words: set[str] = set()
    for lemma in frames_for(lang).by_lemma:
        bases = [lemma, *(lemma[len(p) :] for p in ENGLISH_PARTICLES if lemma.startswith(p))]
        for base in bases:
            words.add(base)
            for forms in getAllInflections(base).values():
                words.update(forms)
    return frozenset(words)


@lru_cache(maxsize=4)
def frames_for(lang: str) -> Frames:
    """The bundled frames of a language, loaded and validated once."""
    data = load_yaml(f"lang/{lang}/frames.yaml")
    themes = {name: tuple(s.lower() for s in stems) for name, stems in data["themes"].items()}
    by_lemma = {
        str(lemma).lower(): tuple(
            _frame(str(lemma), n, spec, themes) for n, spec in enumerate(specs, start=1)
        )
        for lemma, specs in data["frames"].items()
    }
    contractions = data.get("contractions") or {}
    lowered = lambda key: frozenset(str(w).lower() for w in data.get(key) or ())  # noqa: E731
    return Frames(
        lang=lang,
        by_lemma=by_lemma,
        themes=themes,
        cancellers=lowered("negations") | lowered("hypotheticals"),
        allegation_markers=lowered("allegation_markers"),
        intention_lemmas=lowered("intention_lemmas"),
        intent_codes={str(k): event_type(str(v)).code for k, v in data["intent_codes"].items()},
        irrealis_codes=tuple(str(c) for c in data["irrealis_codes"]),
        undoing_lemmas=lowered("undoing_lemmas"),
        reporting_lemmas=lowered("reporting_lemmas"),
        reported_future=lowered("reported_future"),
        contractions={str(k).lower(): str(v).lower() for k, v in contractions.items()},
        rescue_verbless=bool(data.get("rescue_verbless_parses", False)),
        verb_second=bool(data.get("verb_second", False)),
        lemma_finder=_finder(by_lemma),
    )


def _finder(lemmas: dict[str, Any]) -> ahocorasick.Automaton:
    """An automaton that finds any of the lemmas inside a word."""
    automaton = ahocorasick.Automaton()
    for lemma in lemmas:
        automaton.add_word(lemma, lemma)
    automaton.make_automaton()
    return automaton
