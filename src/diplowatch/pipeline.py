"""One document through every stage: clean, detect, split, find, code.

A pure function of the document and the run's options, so the same function serves a
single process, a process pool and a Dask cluster, and its output is identical in all.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace

from diplowatch.actors import gazetteer_for
from diplowatch.clean import clean
from diplowatch.coder import code_sentence
from diplowatch.coref import pronoun_mentions, with_pronouns
from diplowatch.dedup import merge_opening
from diplowatch.detect import SUPPORTED, detect_language, normalise_lang
from diplowatch.frames import frames_for, trigger_words
from diplowatch.limits import (
    DEFAULT_MAX_SECONDS,
    DEFAULT_MAX_SENTENCE_CHARS,
    DocumentTimeout,
    time_limit,
)
from diplowatch.model import CodedDocument, Document, Mention, Sentence
from diplowatch.parse import parse_sentences
from diplowatch.resolve import resolve_document
from diplowatch.split import split_sentences
from diplowatch.stages import stage, timed

_WORD = re.compile(r"[a-z]+(?:-[a-z]+)*")


@dataclass(frozen=True, slots=True)
class CodeOptions:
    """What the user set for a run: forced values, their own actor files, and the limits
    per document (`limits.py`; `max_seconds` 0 for none)."""

    lang: str | None = None
    published: dt.date | None = None
    actor_files: tuple[str, ...] = ()
    max_sentence_chars: int = DEFAULT_MAX_SENTENCE_CHARS
    max_seconds: float = DEFAULT_MAX_SECONDS


def code_document(document: Document, options: CodeOptions | None = None) -> CodedDocument:
    """The coded document: its sentences, actor mentions and events, or why it was skipped
    (a document over the time limit is skipped with nothing of it kept)."""
    options = options or CodeOptions()
    if options.published:
        document = replace(document, published=options.published)
    try:
        with time_limit(options.max_seconds):
            return _code(document, options)
    except DocumentTimeout as limit:
        coded = CodedDocument(document=document, status="skipped", lang=None, clean_text="")
        return _skipped(coded, f"{limit} to code (the --max-seconds limit per document)")


def _code(document: Document, options: CodeOptions) -> CodedDocument:
    with stage("clean"):
        cleaned = clean(document.text)
        clean_text = cleaned.clean_text()
    with stage("detect"):
        lang = normalise_lang(options.lang) or normalise_lang(document.lang)
        if lang is None:
            lang = detect_language(clean_text)[0]
    coded = CodedDocument(document=document, status="coded", lang=lang, clean_text=clean_text)
    if not clean_text:
        return _skipped(coded, "no text left after removing scraping residue")
    if lang not in SUPPORTED:
        found = f"language '{lang}'" if lang else "language could not be detected"
        return _skipped(coded, f"{found} is not coded (supported: de, en; force with --lang)")
    with stage("find"):
        actors = _find_actors(coded, cleaned.masked, options)
        candidates = _candidates(coded, actors)
    # parses are coded as they come: one holds ~14 kB of vectors, a long document's
    # thousands of them at once would not fit
    with stage("parse"):  # loads the language's pipeline on first use
        parses = parse_sentences(lang, [cleaned.masked[s.start : s.end] for s in candidates])
    frames = frames_for(lang)
    for sentence, parsed in zip(candidates, timed(parses, "parse"), strict=True):
        with stage("code"):
            coded.events.extend(
                code_sentence(
                    sentence,
                    cleaned.masked,
                    actors[sentence.index],
                    frames,
                    document.doc_id,
                    document.published,
                    parsed,
                )
            )
    with stage("code"):
        coded.events = merge_opening(coded.events)
    return coded


def _find_actors(
    coded: CodedDocument, masked: str, options: CodeOptions
) -> dict[int, list[Mention]]:
    """Split the text, resolve its actor mentions and pronouns: the actors per sentence.

    Sentences over `options.max_sentence_chars` are kept as sentences but get no actors
    (so they are not parsed either); `coded.long_sentences` counts them for the report.
    """
    lang = str(coded.lang)
    coded.sentences = split_sentences(masked, lang)
    readable = [s for s in coded.sentences if s.end - s.start <= options.max_sentence_chars]
    coded.long_sentences = len(coded.sentences) - len(readable)
    gazetteer = gazetteer_for(lang, options.actor_files)
    coded.mentions = resolve_document(masked, readable, gazetteer, coded.document.published)
    by_sentence: dict[int, list[Mention]] = {}
    for mention in coded.mentions:
        if mention.actor is not None:
            by_sentence.setdefault(mention.sentence_index, []).append(mention)
    pronouns = pronoun_mentions(masked, readable, by_sentence, lang)
    return {
        s.index: with_pronouns(by_sentence.get(s.index, []), pronouns.get(s.index, []))
        for s in coded.sentences
    }


def _candidates(coded: CodedDocument, actors: dict[int, list[Mention]]) -> list[Sentence]:
    """The sentences worth parsing: two actors and, where known, a trigger word."""
    words = trigger_words(str(coded.lang))
    return [
        s for s in coded.sentences
        if len(actors[s.index]) >= 2 and (words is None or _has_word(s.text, words))
    ]  # fmt: skip


def _has_word(text: str, words: frozenset[str]) -> bool:
    return any(w in words for w in _WORD.findall(text.lower()))


def _skipped(coded: CodedDocument, reason: str) -> CodedDocument:
    coded.status = "skipped"
    coded.skip_reason = reason
    return coded
