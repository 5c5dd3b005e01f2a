"""One document through every stage: clean, detect, split, find, code.

A pure function of the document and the run's options, so the same function serves a
single process, a process pool and a Dask cluster, and its output is identical in all.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from diplowatch.actors import find_mentions, gazetteer_for
from diplowatch.clean import clean
from diplowatch.coder import code_sentence
from diplowatch.detect import SUPPORTED, detect_language, normalise_lang
from diplowatch.model import CodedDocument, Document
from diplowatch.split import split_sentences
from diplowatch.triggers import find_triggers, lexicon_for


@dataclass(frozen=True, slots=True)
class CodeOptions:
    """Values the user forces on every document of a run (`--lang`, `--published`)."""

    lang: str | None = None
    published: dt.date | None = None


def code_document(document: Document, options: CodeOptions | None = None) -> CodedDocument:
    """The coded document: its sentences, actor mentions and events, or why it was skipped."""
    options = options or CodeOptions()
    if options.published:
        document = replace(document, published=options.published)
    cleaned = clean(document.text)
    clean_text = cleaned.clean_text()
    lang = normalise_lang(options.lang) or normalise_lang(document.lang)
    if lang is None:
        lang = detect_language(clean_text)[0]
    coded = CodedDocument(document=document, status="coded", lang=lang, clean_text=clean_text)
    if not clean_text:
        return _skipped(coded, "no text left after removing scraping residue")
    if lang not in SUPPORTED:
        found = f"language '{lang}'" if lang else "language could not be detected"
        return _skipped(coded, f"{found} is not coded (supported: de, en; force with --lang)")
    coded.sentences = split_sentences(cleaned.masked, lang)
    gazetteer, lexicon = gazetteer_for(lang), lexicon_for(lang)
    for sentence in coded.sentences:
        mentions = find_mentions(sentence, cleaned.masked, gazetteer)
        coded.mentions.extend(mentions)
        if len(mentions) < 2:
            continue
        triggers = find_triggers(sentence, cleaned.masked, lexicon)
        coded.events.extend(
            code_sentence(
                sentence,
                cleaned.masked,
                mentions,
                triggers,
                lexicon,
                document.doc_id,
                document.published,
            )
        )
    return coded


def _skipped(coded: CodedDocument, reason: str) -> CodedDocument:
    coded.status = "skipped"
    coded.skip_reason = reason
    return coded
