"""Scoring against gold documents: sets, direction, symmetry, host = visit, optional events."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from diplowatch.errors import InputError
from diplowatch.evaluate import read_gold, score_document
from diplowatch.model import Document
from diplowatch.pipeline import code_document


def event(source: str, target: str, cameo: str):
    """A coded event with the given countries and code (through the real coder)."""
    text = {"042": "visited", "043": "hosted", "111": "criticised", "046": "negotiated with"}[cameo]
    names = {"CHL": "Chile", "PER": "Peru", "BOL": "Bolivia"}
    doc = Document(
        doc_id="d", text=f"{names[source]} {text} {names[target]}.", origin="t", lang="en"
    )
    [coded] = code_document(doc).events
    return coded


def gold(*events: dict) -> dict:
    return {"id": "d", "events": list(events)}


def g(source: str, target: str, cameo: str, **extra) -> dict:
    return {"source": source, "target": target, "cameo": cameo, **extra}


def test_exact_match_miss_and_false_alarm() -> None:
    score = score_document(gold(g("CHL", "PER", "111"), g("PER", "BOL", "042")),
                           [event("CHL", "PER", "111"), event("BOL", "CHL", "111")])  # fmt: skip
    assert (score.tp, score.fp, score.fn) == (1, 1, 1)
    assert score.misses[0]["target"] == "BOL" and score.alarms[0]["source"] == "BOL"


def test_direction_matters_unless_symmetric() -> None:
    assert score_document(gold(g("CHL", "PER", "111")), [event("PER", "CHL", "111")]).tp == 0
    symmetric = gold(g("CHL", "PER", "046", symmetric=True))
    assert score_document(symmetric, [event("PER", "CHL", "046")]).tp == 1


def test_host_is_the_guests_visit() -> None:
    score = score_document(gold(g("CHL", "PER", "042")), [event("PER", "CHL", "043")])
    assert (score.tp, score.fp, score.fn) == (1, 0, 0)


def test_optional_events_are_neither_misses_nor_alarms() -> None:
    score = score_document(
        gold(g("CHL", "PER", "111", required=False)), [event("CHL", "PER", "111")]
    )
    assert (score.tp, score.fp, score.fn) == (0, 0, 0)
    assert score_document(gold(g("CHL", "PER", "111", required=False)), []).fn == 0


def test_gold_is_compared_as_a_set() -> None:
    twice = gold(g("CHL", "PER", "111"), g("CHL", "PER", "112"))  # same root 11
    score = score_document(twice, [event("CHL", "PER", "111")])
    assert (score.tp, score.fp, score.fn) == (1, 0, 0)


def test_eval_command_reports_json(cli, tmp_path: Path) -> None:
    path = tmp_path / "gold.jsonl"
    record = {"id": "x", "lang": "en", "published": "2025-01-06", "text": "Chile criticised Peru.",
              "events": [g("CHL", "PER", "111"), g("PER", "CHL", "042")]}  # fmt: skip
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    result = cli("eval", path, "--show")
    assert result.exit_code == 0
    report = json.loads(result.stdout[: result.stdout.index("}\n}") + 3])
    assert report["all"] == {
        "precision": 1.0,
        "recall": 0.5,
        "f1": 0.667,
        "tp": 1,
        "fp": 0,
        "fn": 1,
        "documents": 1,
        "documents_exact": 0,
    }
    assert "miss" in result.stdout


def test_bad_gold_file(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"text": "Chile criticised Peru."}\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"bad\.jsonl:1"):
        read_gold(path)


def test_gold_without_text_reads_it_by_id_from_texts(cli, tmp_path: Path) -> None:
    text = "Chile criticised Peru. Peru rejected the claim."
    record = {"id": "a1", "lang": "en", "published": None,
              "events": [{**g("CHL", "PER", "111"), "evidence_span": [0, 22]}]}  # fmt: skip
    gold_path, texts = tmp_path / "gold.jsonl", tmp_path / "texts.jsonl"
    gold_path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    alone = cli("eval", gold_path)
    assert alone.exit_code != 0 and "a1" in alone.stderr and "--texts" in alone.stderr
    texts.write_text(json.dumps({"id": "a1", "text": text}) + "\n", encoding="utf-8")
    result = cli("eval", gold_path, "--texts", texts, "--show")
    assert result.exit_code == 0 and '"tp": 1' in result.stdout
    texts.write_text(json.dumps({"id": "a1", "text": "Peru is quiet."}) + "\n", encoding="utf-8")
    shown = cli("eval", gold_path, "--texts", texts, "--show").stdout
    assert "Chile criticised Peru." not in shown  # the evidence is cut from the text given
    assert '"evidence": "Peru is quiet."' in shown
