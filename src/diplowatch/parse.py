"""The linguistic backbone: diplowatch's own spaCy pipelines, loaded from the package.

The pipelines (tokenizer, tagger, morphologizer, dependency parser, lemmatizer, in UD
relations) are trained by `make models` from the UD treebanks and committed under
`diplowatch/models/<lang>/`, so nothing is downloaded at run time. Only sentences that
can hold an event are parsed (see `pipeline.py`).
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

import spacy
from spacy.language import Language
from spacy.tokens import Token

from diplowatch.errors import InputError

PARTICLE = "compound:prt"


@lru_cache(maxsize=2)
def load_pipeline(lang: str) -> Language:
    """The trained pipeline of a language (loaded once per process)."""
    folder = resources.files("diplowatch").joinpath(f"models/{lang}")
    if not folder.joinpath("config.cfg").is_file():
        raise InputError(f"no trained {lang} pipeline in {folder}: run `make models`")
    return spacy.load(str(folder))


def joined_lemma(token: Token) -> str:
    """The lemma with a separable verb particle joined: "teilte ... mit" -> "mitteilen"."""
    particles = [c for c in token.children if c.dep_ == PARTICLE]
    lemma = token.lemma_ or token.text
    return "".join(p.lemma_.lower() or p.lower_ for p in particles) + lemma
