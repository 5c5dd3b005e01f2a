"""Speed of the actor stage alone on real German news (issue #3: >= 1 MB/s on one core).

Cleans and splits the GNAD articles first (not timed), then times resolve_document
over all of them, best of three runs, and a baseline in the same run: a plain regex
word scan over the same text, so the figure survives a noisy machine as a ratio.
Writes benchmarks/results/actors.json. Run: make bench.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import re
import sys
import time
from pathlib import Path

from diplowatch.actors import gazetteer_for
from diplowatch.clean import clean
from diplowatch.resolve import resolve_document
from diplowatch.split import split_sentences

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared/data/news-de/gnad_dev.jsonl"
OUT = ROOT / "benchmarks/results/actors.json"
RUNS = 3


def best_of(runs: int, work) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> int:
    if not CORPUS.is_file():
        print(f"needs {CORPUS}", file=sys.stderr)
        return 1
    texts = [json.loads(line)["text"] for line in CORPUS.open(encoding="utf-8")]
    prepared = [(c.masked, split_sentences(c.masked, "de")) for c in map(clean, texts)]
    megabytes = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    started = time.perf_counter()
    gazetteer = gazetteer_for("de")
    build = time.perf_counter() - started
    day = dt.date(2016, 6, 1)
    actors = best_of(RUNS, lambda: [resolve_document(m, s, gazetteer, day) for m, s in prepared])
    word = re.compile(r"\w+")
    floor = best_of(RUNS, lambda: [len(word.findall(t)) for t in texts])
    machine = platform.processor() or platform.machine()
    result = {
        "corpus": "news-de/gnad_dev.jsonl",
        "documents": len(texts),
        "megabytes": round(megabytes, 2),
        "actor_stage_mb_per_s": round(megabytes / actors, 2),
        "regex_word_scan_mb_per_s": round(megabytes / floor, 2),
        "fraction_of_floor": round(floor / actors, 3),
        "knowledge_base_load_and_build_s": round(build, 2),
        "surface_forms": gazetteer.size,
        "machine": f"{machine}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "date": dt.date.today().isoformat(),
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
