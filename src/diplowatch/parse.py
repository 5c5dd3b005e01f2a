"""The linguistic backbone: diplowatch's own spaCy pipelines, loaded from the package.

The pipelines (tokenizer, tagger, morphologizer, dependency parser, lemmatizer, in UD
relations) are trained by `make models` from the UD treebanks and committed under
`diplowatch/models/<lang>/`, so nothing is downloaded at run time. Only sentences that
can hold an event are parsed (see `pipeline.py`).
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from importlib import resources

import spacy
from HanTa import HanoverTagger
from lemminflect import getLemma
from spacy.language import Language
from spacy.tokens import Doc, Token

from diplowatch.errors import InputError

PARTICLE = "compound:prt"
# Word classes whose German lemmas HanTa knows better than a lemmatizer trained on 2,000
# sentences (measured on PUD news: 95.9% joined lemmas against 92.3% for the model
# alone); closed classes keep the model's lemmas, which follow the UD conventions.
# UD word class -> the STTS tag prefixes HanTa may analyse it as (its best-ranked
# compatible tag is used, so "vereinbarten" as VERB is "vereinbaren", not an adjective).
HANTA_CLASSES = {
    "NOUN": ("NN",), "PROPN": ("NE", "NN"), "VERB": ("VV",), "AUX": ("VA", "VM"),
    "ADJ": ("ADJ",), "ADV": ("ADV",),
}  # fmt: skip
LEMMA_CACHE = 200_000
# English word classes whose lemmas come from lemminflect: verbs, where the trained
# lemmatizer fails most (measured on EWT test: nouns and modal auxiliaries come out
# better from the model, which follows the treebank's conventions: "would", "thanks").
ENGLISH_CLASSES = ("VERB",)


@lru_cache(maxsize=2)
def load_pipeline(lang: str) -> Language:
    """The trained pipeline of a language (loaded once per process)."""
    folder = resources.files("diplowatch").joinpath(f"models/{lang}")
    if not folder.joinpath("config.cfg").is_file():
        raise InputError(f"no trained {lang} pipeline in {folder}: run `make models`")
    return pipeline_from(lang, str(folder))


def pipeline_from(lang: str, folder: str) -> Language:
    """A trained pipeline from a folder, with the run-time parts diplowatch adds to it."""
    nlp = spacy.load(folder)
    nlp.add_pipe(LEMMA_COMPONENTS[lang], last=True)
    return nlp


@lru_cache(maxsize=1)
def _hanta() -> HanoverTagger.HanoverTagger:
    return HanoverTagger.HanoverTagger("morphmodel_ger.pgz")


@lru_cache(maxsize=LEMMA_CACHE)
def _tags(word: str) -> tuple[tuple[str, float], ...]:
    """HanTa's ranked tags of a word form (cached: the lemma and verb tests both ask)."""
    return tuple(_hanta().tag_word(word))


@lru_cache(maxsize=LEMMA_CACHE)
def hanta_lemma(word: str, pos: str | None = None) -> str:
    """HanTa's lemma of a German word form in a UD word class (cached: news repeat words)."""
    tagger = _hanta()
    prefixes = HANTA_CLASSES.get(pos or "", ())
    for tag, _score in _tags(word) if prefixes else ():
        if tag.startswith(prefixes):
            return str(tagger.analyze(word, pos=tag)[0])
    return str(tagger.analyze(word)[0])


@lru_cache(maxsize=LEMMA_CACHE)
def verb_reading(word: str) -> str | None:
    """The verb lemma of a German word form HanTa reads first as a verb, else None.

    For a finite verb the tagger took for something else ("kritisierte" as ADJ); an
    adjective that merely can be a verb form ("die bekannten Gespräche") keeps its class.
    """
    tags = _tags(word)
    return hanta_lemma(word, "VERB") if tags and tags[0][0].startswith("VV") else None


@lru_cache(maxsize=LEMMA_CACHE)
def compound_head(word: str) -> str:
    """The head of a German compound noun, capitalised ("Waffenlieferungen" -> "Lieferung").

    Lexicon lookups use the head, so "Wirtschaftsdelegation" finds "Delegation" and
    "Staatsbesuch" finds "Besuch"; a word that is no compound is its own lemma.
    """
    lemma, morphemes, _tag = _hanta().analyze(word, taglevel=3)
    nouns = [m for m, tag in morphemes if tag == "NN"]
    head = nouns[-1] if len(nouns) > 1 else lemma
    return head[:1].upper() + head[1:]


@Language.component("diplowatch_hanta_lemmas")
def hanta_lemmas(doc: Doc) -> Doc:
    """Replace the lemmas of open-class German words by HanTa's morphological analysis."""
    for token in doc:
        if token.pos_ in HANTA_CLASSES:
            token.lemma_ = hanta_lemma(token.text, token.pos_)
    return doc


@lru_cache(maxsize=LEMMA_CACHE)
def english_lemma(word: str, pos: str) -> str | None:
    """lemminflect's lemma of an English word form in a UD word class (None if unknown)."""
    lemmas = getLemma(word, upos=pos)
    return lemmas[0] if lemmas else None


@Language.component("diplowatch_english_lemmas")
def english_lemmas(doc: Doc) -> Doc:
    """Replace the lemmas of English verbs by lemminflect's.

    The edit-tree lemmatizer trained on EWT guesses unseen inflections wrong
    ("summoned" -> "summone", "expelled" -> "expelle"), and verbs are the triggers;
    lemminflect knows the inflection classes of the English lexicon.
    """
    for token in doc:
        if token.pos_ in ENGLISH_CLASSES:
            token.lemma_ = english_lemma(token.lower_, token.pos_) or token.lemma_
    return doc


LEMMA_COMPONENTS = {"de": "diplowatch_hanta_lemmas", "en": "diplowatch_english_lemmas"}


def parse_sentences(lang: str, texts: list[str]) -> Iterator[Doc]:
    """Parse sentence texts in batches, lazily, so a caller can code each parse and let it
    go (only sentences that can hold an event are passed; for none no model is loaded)."""
    return load_pipeline(lang).pipe(texts, batch_size=64) if texts else iter(())


def token_at(doc: Doc, offset: int) -> Token | None:
    """The token that starts at a character offset of the parsed text, if any."""
    span = doc.char_span(offset, offset + 1, alignment_mode="expand")
    return span[0] if span is not None and len(span) else None


def joined_lemma(token: Token, lemma: str | None = None) -> str:
    """The lemma (or the one given) with a separable verb particle joined: "teilte ...
    mit" -> "mitteilen"."""
    particles = [c for c in token.children if c.dep_ == PARTICLE]
    lemma = lemma or token.lemma_ or token.text
    return "".join(p.lemma_.lower() or p.lower_ for p in particles) + lemma
