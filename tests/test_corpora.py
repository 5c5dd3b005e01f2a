"""Whole corpora: every document of ../shared's news is coded without a crash, and the
dev gold sets keep at least the scores reached (a drop is a regression to look at)."""

from __future__ import annotations

import pytest

from diplowatch.evaluate import evaluate, load_texts, read_gold
from diplowatch.model import Document
from diplowatch.pipeline import code_document
from diplowatch.readers import read_inputs

from .conftest import REPO, SHARED

pytestmark = pytest.mark.skipif(not SHARED.is_dir(), reason="needs ../shared")
CORPORA = ("data/news-de/gnad_dev.jsonl", "data/news-en/synthetic_stories.jsonl")


@pytest.mark.timeout(900)
@pytest.mark.parametrize("corpus", CORPORA)
def test_every_document_of_the_news_corpora_is_coded(corpus: str) -> None:
    documents = [d for d in read_inputs([str(SHARED / corpus)]) if isinstance(d, Document)]
    assert len(documents) > 900
    statuses = {code_document(d).status for d in documents}  # an exception fails the test
    assert statuses == {"coded"}


# (gold file, texts it needs, the F1 and precision reached; see README "Evaluation")
GOLD_SETS = [
    ("examples.gold.jsonl", None, 0.63, 0.75),
    ("gnad_de.gold.jsonl", "data/news-de/gnad_dev.jsonl", 0.29, 0.48),
    ("petr2_en.gold.jsonl", "data/petrarch/universal-english/PETR2_GSR_validation.xml", 0.44, 0.67),
]


@pytest.mark.parametrize(("gold", "texts", "f1", "precision"), GOLD_SETS)
def test_dev_gold_scores_do_not_fall(
    gold: str, texts: str | None, f1: float, precision: float
) -> None:
    inputs = [str(SHARED / texts)] if texts else []
    report = evaluate(read_gold(REPO / "tests/gold" / gold), (), load_texts(inputs))["all"]
    assert report.report()["f1"] >= f1 and report.report()["precision"] >= precision, report
