"""Parser quality on held-out UD sentences: UAS, LAS, lemma accuracy, speed, load time.

Parsing is scored on the gold tokenisation (the words of the treebank are given to the
pipeline), so the figures measure the parser, not the tokenizer; LAS compares the
universal relation (the part before ':'), as the CoNLL 2018 evaluation does. Lemmas of
verbs with a separable particle are counted joined, in gold and prediction alike
("teilte ... mit" -> mitteilen). Speed is the whole linguistic stage (tokenizer
included) on the raw sentence texts, on one thread.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from spacy.tokens import Doc

from diplowatch.parse import joined_lemma, load_pipeline, pipeline_from


@dataclass(frozen=True, slots=True)
class GoldSentence:
    """One CoNLL-U sentence: its text and, per syntactic word, form, head, relation, lemma."""

    text: str
    words: list[str]
    heads: list[int]
    deps: list[str]
    lemmas: list[str]
    upos: list[str]


def read_conllu(path: Path) -> list[GoldSentence]:
    """The sentences of a CoNLL-U file (multiword token lines and empty nodes skipped)."""
    sentences = []
    for block in path.read_text(encoding="utf-8").strip().split("\n\n"):
        text, rows = "", []
        for line in block.splitlines():
            if line.startswith("# text ="):
                text = line.split("=", 1)[1].strip()
            elif line and not line.startswith("#"):
                cols = line.split("\t")
                if cols[0].isdigit():
                    rows.append(cols)
        if rows:
            sentences.append(
                GoldSentence(
                    text=text or " ".join(r[1] for r in rows),
                    words=[r[1] for r in rows],
                    heads=[int(r[6]) for r in rows],
                    deps=[r[7].split(":")[0] for r in rows],
                    lemmas=_gold_joined_lemmas(rows),
                    upos=[r[3] for r in rows],
                )
            )
    return sentences


def _gold_joined_lemmas(rows: list[list[str]]) -> list[str]:
    lemmas = [r[2] for r in rows]
    for row in rows:
        if row[7] == "compound:prt" and row[6] != "0":
            head = int(row[6]) - 1
            lemmas[head] = row[2].lower() + lemmas[head]
    return lemmas


CORE_ARGUMENTS = ("nsubj", "obj", "iobj", "obl")


def _core_frames(sentence: GoldSentence, doc: Doc) -> list[bool]:
    """Per gold verb with two or more core arguments, whether the parse gives every one
    of them its head and relation: what an event between two actors needs, so the share
    bounds the coder's recall where it codes by the parse."""
    found = []
    for verb, upos in enumerate(sentence.upos):
        args = [i for i, (head, dep) in enumerate(zip(sentence.heads, sentence.deps, strict=True))
                if head == verb + 1 and dep in CORE_ARGUMENTS]  # fmt: skip
        if upos == "VERB" and len(args) >= 2:
            found.append(all(doc[i].head.i == verb and doc[i].dep_.split(":")[0] == sentence.deps[i]
                             for i in args))  # fmt: skip
    return found


def evaluate_conllu(lang: str, path: Path, model: Path | None = None) -> dict[str, float]:
    """The figures for one language on one held-out file (the packaged model by default)."""
    started = time.perf_counter()
    nlp = pipeline_from(lang, str(model)) if model else load_pipeline(lang)
    load_seconds = time.perf_counter() - started
    gold = read_conllu(path)
    total = uas = las = lemma = 0
    frames = [0, 0]  # verbs with two or more core arguments; of them, all arguments right
    for sentence in gold:
        doc = nlp(Doc(nlp.vocab, words=sentence.words))  # the gold words, not our tokenizer
        for right in _core_frames(sentence, doc):
            frames[0] += 1
            frames[1] += right
        for i, token in enumerate(doc):
            head = 0 if token.head.i == token.i else token.head.i + 1
            total += 1
            if head == sentence.heads[i]:
                uas += 1
                las += token.dep_.split(":")[0].lower() == sentence.deps[i].lower()
            lemma += joined_lemma(token) == sentence.lemmas[i]
    texts = [s.text for s in gold]
    started = time.perf_counter()
    tokens = sum(len(doc) for doc in nlp.pipe(texts, batch_size=64))
    seconds = time.perf_counter() - started
    return {
        "sentences": len(gold),
        "tokens": total,
        "UAS": round(100 * uas / total, 2),
        "LAS": round(100 * las / total, 2),
        "lemma_accuracy": round(100 * lemma / total, 2),
        "core_frames_right": round(100 * frames[1] / max(frames[0], 1), 2),
        "tokens_per_second": round(tokens / seconds),
        "load_seconds": round(load_seconds, 2),
    }
