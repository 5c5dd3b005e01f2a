"""Score the coder against gold documents in the format of EVAL-FORMAT.md.

Per document, events are compared as sets of (source country, target country, CAMEO
root). Direction counts except for gold events marked symmetric; a coded "host" (043,
B hosts A) is the gold "visit" (042, A visits B). Gold events with `required: false`
are neither misses when absent nor false alarms when coded.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from diplowatch.errors import InputError
from diplowatch.model import Document, Event, ReadProblem
from diplowatch.petrarch_records import read_records
from diplowatch.pipeline import CodeOptions, code_document
from diplowatch.readers import read_inputs

Key = tuple[str, str, str]  # source country, target country, CAMEO root
HOST = "043"
NO_ACTOR = "---"


@dataclass(slots=True)
class Score:
    """True positives, false alarms and misses, with what they were (for --show)."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    documents: int = 0
    exact: int = 0  # documents with no miss and no false alarm
    misses: list[dict[str, Any]] = field(default_factory=list)
    alarms: list[dict[str, Any]] = field(default_factory=list)

    def add(self, other: Score) -> None:
        self.tp, self.fp, self.fn = self.tp + other.tp, self.fp + other.fp, self.fn + other.fn
        self.documents, self.exact = self.documents + other.documents, self.exact + other.exact
        self.misses += other.misses
        self.alarms += other.alarms

    def report(self) -> dict[str, float | int]:
        precision = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        recall = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return {"precision": round(precision, 3), "recall": round(recall, 3), "f1": round(f1, 3),
                "tp": self.tp, "fp": self.fp, "fn": self.fn, "documents": self.documents,
                "documents_exact": self.exact}  # fmt: skip


def event_key(event: Event) -> Key:
    """The compared form of a coded event (a host is the guest's visit)."""
    assert event.source.actor is not None and event.target.actor is not None
    source, target = event.source.actor.country, event.target.actor.country
    if event.cameo == HOST:
        source, target = target, source
    return source, target, event.cameo_root


def gold_keys(event: dict[str, Any]) -> set[Key]:
    """The forms a gold event matches: one, or both directions if symmetric."""
    root = str(event["cameo"])[:2]
    source, target = str(event["source"]), str(event["target"])
    keys = {(source, target, root)}
    if event.get("symmetric"):
        keys.add((target, source, root))
    return keys


def score_document(gold: dict[str, Any], events: list[Event], dyads_only: bool = False) -> Score:
    """The score of one document's coded events against its gold events.

    `dyads_only` compares (source, target) alone: PETRARCH's unit tests code with a
    toy verb dictionary whose codes are not CAMEO's, so only who-did-it-to-whom, the
    mechanics, can be compared.
    """

    def compared(key: Key) -> Key:
        return (key[0], key[1], "") if dyads_only else key

    def form(keys: set[Key]) -> set[Key]:
        return {compared(k) for k in keys}

    coded = {compared(event_key(e)): e for e in events}
    gold_events = gold.get("events", [])
    # the comparison is of sets: a dyad and root the gold lists twice counts once
    required = {frozenset(form(gold_keys(g))): g for g in gold_events if g.get("required", True)}
    optional = set().union(
        *(form(gold_keys(g)) for g in gold_events if not g.get("required", True))
    )
    score = Score()
    matched: set[Key] = set()
    fields = ("source", "target", "cameo", "evidence")
    for keys, event in required.items():
        if keys & set(coded):
            score.tp += 1
            matched |= keys & set(coded)
        else:
            score.fn += 1
            score.misses.append({"doc": gold["id"], **{k: event.get(k) for k in fields}})
    for key, event in coded.items():
        if key not in matched and key not in optional:
            score.fp += 1
            alarm = {"source": key[0], "target": key[1], "cameo": event.cameo}
            score.alarms.append({"doc": gold["id"], **alarm, "sentence": event.sentence})
    score.documents, score.exact = 1, int(score.fp == score.fn == 0)
    return score


def petrarch_gold(path: Path) -> list[dict[str, Any]]:
    """PETRARCH validation records as gold documents: each record's codings are its
    required events, compared on the country part (first three letters) of the codes;
    a coding with an uncoded side ("---") cannot be matched and is left out."""
    documents = []
    for record in read_records(path):
        if not record.evaluate:
            continue
        events = [
            {"source": c.source[:3], "target": c.target[:3], "cameo": c.cameo, "required": True}
            for c in record.codings
            if NO_ACTOR not in (c.source, c.target)
        ]
        published = record.date.isoformat() if record.date else None
        documents.append({"id": record.record_id, "lang": "en", "published": published,
                          "text": record.text, "events": events})  # fmt: skip
    return documents


def read_gold(path: Path) -> list[dict[str, Any]]:
    """The gold documents of a JSONL file (or of PETRARCH validation records); a
    malformed line is an error naming it."""
    if path.suffix.lower() == ".xml":
        return petrarch_gold(path)
    documents = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as err:
        raise InputError(f"{path}: cannot read the gold file: {err}") from None
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as err:
            raise InputError(f"{path}:{number}: malformed JSON ({err.msg})") from None
        if not isinstance(record, dict) or "id" not in record:
            raise InputError(f"{path}:{number}: a gold document needs an `id`")
        documents.append(record)
    return documents


def load_texts(inputs: Iterable[str]) -> dict[str, Document]:
    """The documents of the --texts inputs by id, for gold files that hold no text.

    Gold sets on text that may not be copied (news under a non-commercial licence) keep
    ids and annotations only; the text is read from where it lies.
    """
    texts: dict[str, Document] = {}
    for item in read_inputs(inputs):
        if isinstance(item, ReadProblem):
            raise InputError(item.message)
        texts[item.doc_id] = item
    return texts


def with_text(record: dict[str, Any], texts: dict[str, Document]) -> dict[str, Any]:
    """The gold document with its text, and each `evidence_span` as `evidence` text."""
    if "text" not in record:
        if str(record["id"]) not in texts:
            raise InputError(f"gold document {record['id']!r} has no `text`, and no --texts "
                             "input holds a document with that id")  # fmt: skip
        document = texts[str(record["id"])]
        record = {**record, "text": document.text}
        record.setdefault("published", document.published and document.published.isoformat())
    text = record["text"]
    events = [
        {**event, "evidence": text[slice(*event["evidence_span"])]} if "evidence_span" in event
        else event
        for event in record.get("events", [])
    ]  # fmt: skip
    return {**record, "events": events}


def evaluate(
    gold: Iterable[dict[str, Any]],
    actor_files: tuple[str, ...] = (),
    texts: dict[str, Document] | None = None,
    dyads_only: bool = False,
) -> dict[str, Score]:
    """Code every gold document and score it; scores overall and per language."""
    scores: dict[str, Score] = {"all": Score()}
    for record in (with_text(r, texts or {}) for r in gold):
        published = dt.date.fromisoformat(record["published"]) if record.get("published") else None
        document = Document(doc_id=str(record["id"]), text=record["text"], origin="gold",
                            published=published, lang=record.get("lang"))  # fmt: skip
        coded = code_document(document, CodeOptions(actor_files=actor_files))
        events = [e for e in coded.events if e.mention_of is None]
        result = score_document(record, events, dyads_only)
        scores["all"].add(result)
        scores.setdefault(str(coded.lang), Score()).add(result)
    return scores
