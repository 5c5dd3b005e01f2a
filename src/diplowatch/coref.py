"""Pronouns as actors: "Er sprengte sich ...", "beiden wurde vorgeworfen ...".

News repeats its actors by pronoun, and an event whose source is "er" is lost without
its antecedent. No library resolves German coreference on the CPU with a small
footprint, so this is the salience rule of centering theory, written out: a pronoun
stands for an actor named earlier in its sentence, else for the first (subject-like)
actor of the nearest sentence before it that names one, at most `REACH` sentences
back. Person pronouns ("er", "he") take only persons and office holders; "beide"/"both"
take the first two actors of that sentence. The pronoun becomes a mention of kind
`pronoun` with its antecedent's actor, so the event keeps pointing at the word it came
from. The pronoun lists are data (`data/lang/<lang>/pronouns.yaml`).
"""

from __future__ import annotations

import re
from functools import lru_cache

from diplowatch.knowledge import load_yaml
from diplowatch.model import Mention, Sentence

REACH = 2  # sentences back in which an antecedent is looked for
PERSON_KINDS = ("person", "agent")


@lru_cache(maxsize=4)
def _pronouns(lang: str) -> dict[str, str]:
    """Pronoun (lower case) -> its class: person, any or pair."""
    data = load_yaml(f"lang/{lang}/pronouns.yaml")
    return {str(w).lower(): kind for kind in ("person", "any", "pair") for w in data[kind]}


@lru_cache(maxsize=4)
def _pattern(lang: str) -> re.Pattern[str]:
    words = "|".join(map(re.escape, _pronouns(lang)))
    return re.compile(rf"\b({words})\b", re.IGNORECASE)


def pronoun_mentions(
    text: str, sentences: list[Sentence], by_sentence: dict[int, list[Mention]], lang: str
) -> dict[int, list[Mention]]:
    """Mentions for the pronouns of each sentence that have an antecedent actor."""
    pronouns, pattern = _pronouns(lang), _pattern(lang)
    found: dict[int, list[Mention]] = {}
    for sentence in sentences:
        for match in pattern.finditer(text, sentence.start, sentence.end):
            start = match.start()
            kind = pronouns[match.group().lower()]
            for antecedent in _antecedents(sentence, start, by_sentence, kind):
                pronoun = Mention(sentence.index, start, match.end(), match.group(),
                                  antecedent.actor, "pronoun", antecedent.entity_id)  # fmt: skip
                found.setdefault(sentence.index, []).append(pronoun)
    return found


def _antecedents(
    sentence: Sentence, at: int, by_sentence: dict[int, list[Mention]], kind: str
) -> list[Mention]:
    """The actor(s) a pronoun at `at` stands for (one, or two for a pair), or none."""
    earlier = [m for m in by_sentence.get(sentence.index, []) if m.end <= at]
    candidates = [earlier] + [by_sentence.get(sentence.index - k, []) for k in range(1, REACH + 1)]
    for mentions in candidates:
        suitable = [m for m in mentions if kind != "person" or m.kind in PERSON_KINDS]
        if kind == "pair":
            distinct = list({m.actor.code: m for m in suitable if m.actor}.values())
            if len(distinct) >= 2:
                return distinct[:2]
        elif suitable:
            return [suitable[0]]
    return []


def with_pronouns(mentions: list[Mention], pronouns: list[Mention]) -> list[Mention]:
    """A sentence's mentions with its pronoun mentions, in text order; a pronoun inside
    a named mention is no pronoun of its own."""
    kept = [p for p in pronouns if not any(m.start <= p.start < m.end for m in mentions)]
    return sorted([*mentions, *kept], key=lambda m: (m.start, m.end))
