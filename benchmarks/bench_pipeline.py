"""Speed of the whole coding pipeline on news (issue #7 starts from these figures).

Codes the GNAD German articles and the first 1,000 English stories of ../shared with
`code_document` (clean, detect, split, actors, pronouns, parse, frames, dates), after
one warm-up document per language (models and knowledge loaded). The baseline, in the
same run and on the same documents, is the actor stage alone (clean, split, resolve):
the ratio says what parsing and coding cost on top, whatever the machine.
Writes benchmarks/results/pipeline.json. Run: make bench.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import sys
from pathlib import Path

from bench_actors import best_of

from diplowatch.actors import gazetteer_for
from diplowatch.clean import clean
from diplowatch.model import Document
from diplowatch.pipeline import code_document
from diplowatch.readers import read_inputs
from diplowatch.resolve import resolve_document
from diplowatch.split import split_sentences

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared/data"
CORPORA = {
    "de": SHARED / "news-de/gnad_dev.jsonl",
    "en": SHARED / "news-en/synthetic_stories.jsonl",
}
LIMIT = 1000  # documents per language
OUT = ROOT / "benchmarks/results/pipeline.json"


def measure(lang: str, path: Path) -> dict[str, object]:
    """Documents per second for the pipeline and for the actor stage alone."""
    documents = [d for d in read_inputs([str(path)]) if isinstance(d, Document)][:LIMIT]
    documents = [Document(doc_id=d.doc_id, text=d.text, origin=d.origin, lang=lang)
                 for d in documents]  # fmt: skip
    code_document(documents[0])  # warm-up: models and knowledge base loaded
    gazetteer = gazetteer_for(lang)
    coded: list = []
    pipeline = best_of(1, lambda: coded.extend(code_document(d) for d in documents))

    def actors() -> None:
        for document in documents:
            masked = clean(document.text).masked
            resolve_document(masked, split_sentences(masked, lang), gazetteer, None)

    baseline = best_of(1, actors)
    megabytes = sum(len(d.text.encode("utf-8")) for d in documents) / 1e6
    return {
        "corpus": str(path.relative_to(SHARED)),
        "documents": len(documents),
        "megabytes": round(megabytes, 2),
        "events": sum(len(c.events) for c in coded),
        "pipeline_docs_per_s": round(len(documents) / pipeline, 1),
        "pipeline_mb_per_s": round(megabytes / pipeline, 3),
        "actor_stage_docs_per_s": round(len(documents) / baseline, 1),
        "pipeline_over_actor_stage": round(pipeline / baseline, 1),
    }


def main() -> int:
    missing = [str(p) for p in CORPORA.values() if not p.is_file()]
    if missing:
        print(f"needs {', '.join(missing)}", file=sys.stderr)
        return 1
    machine = platform.processor() or platform.machine()
    result = {
        **{lang: measure(lang, path) for lang, path in CORPORA.items()},
        "machine": f"{machine}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "date": dt.date.today().isoformat(),
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
