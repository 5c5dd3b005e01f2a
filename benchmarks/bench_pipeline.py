"""Speed and memory of coding a corpus end to end, against two baselines in the same run.

Per language (German: GNAD's 988 articles; English: the 4,500 synthetic stories) the
corpus is coded into a fresh store exactly as `diplowatch code` does (read, clean,
detect, find actors, parse, code, store), in a process of its own so its peak memory
is its own. Models and knowledge are loaded first (one short document per language is coded
to load everything a first document loads) and reported apart. Reported:
documents, sentences, tokens and events per second, peak RSS, and each stage's share
of the time. The baselines, on the same text in the same run:

- floor: reading the corpus and tokenising it with a regular expression, the least
  any coder must do (our throughput is given as a fraction of it);
- parse-all: parsing every sentence with the project's own spaCy pipelines, what a
  coder without diplowatch's pre-filtering pays (ours as a multiple of it).

Then `--jobs 2` against one job (speed-up, identical event ids), and the German corpus
repeated 1, 4 and 16 times (time should grow linearly, memory stay flat).
Writes benchmarks/results/pipeline.json and pipeline.md. Run: make bench
(`--quick` skips the 16x repetition).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import platform
import re
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared/data"
CORPORA = {
    "de": SHARED / "news-de/gnad_dev.jsonl",
    "en": SHARED / "news-en/synthetic_stories.jsonl",
}
OUT = ROOT / "benchmarks/results/pipeline.json"
TABLE = ROOT / "benchmarks/results/pipeline.md"
TOKEN = re.compile(r"\w+|[^\w\s]")
REPEATS = (1, 4, 16)
WARM_UP = {"de": "Polen kritisierte Russland am Montag.", "en": "Poland criticised Russia."}


def _stream(path: Path) -> Iterator:
    """The documents of a corpus, one at a time."""
    from diplowatch.model import Document
    from diplowatch.readers import read_inputs

    return (d for d in read_inputs([str(path)]) if isinstance(d, Document))


def _documents(path: Path) -> list:
    return list(_stream(path))


def run_one(lang: str, path: Path, jobs: int) -> dict[str, object]:
    """Code one corpus into a fresh store (in this process) and measure it."""
    from rich.console import Console

    from diplowatch import stages
    from diplowatch.kb import load_knowledge
    from diplowatch.model import Document
    from diplowatch.parse import load_pipeline
    from diplowatch.pipeline import CodeOptions, code_document
    from diplowatch.readers import ReadOptions
    from diplowatch.run import code_inputs
    from diplowatch.store import Store

    started = time.perf_counter()
    load_knowledge(())
    for language, text in WARM_UP.items():  # pipelines, gazetteer, frames, HanTa's model
        load_pipeline(language)
        code_document(Document(doc_id="warm-up", text=text, origin="bench", lang=language))
    loaded = time.perf_counter() - started
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "bench.duckdb"
        stages.reset()
        started = time.perf_counter()
        summary = code_inputs([str(path)], db, ReadOptions(), CodeOptions(),
                              Console(file=open(os.devnull, "w")), jobs)  # noqa: SIM115  # fmt: skip
        seconds = time.perf_counter() - started
        with Store(db, read_only=True) as store:
            ids = [
                r[0] for r in store.con.execute("SELECT event_id FROM events ORDER BY 1").fetchall()
            ]
    # peak memory of the run itself, before this script reads the corpus to count tokens
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    tokens = sum(len(TOKEN.findall(d.text)) for d in _stream(path))
    total = sum(stages.seconds.values()) or 1.0
    shares = {name: round(stages.seconds[name] / total, 3) for name in stages.STAGES}
    return {
        "lang": lang, "jobs": jobs, "documents": summary.read, "sentences": summary.sentences,
        "tokens": tokens, "events": summary.events, "seconds": round(seconds, 1),
        "load_seconds": round(loaded, 1),
        "documents_per_s": round(summary.read / seconds, 1),
        "sentences_per_s": round(summary.sentences / seconds, 1),
        "tokens_per_s": round(tokens / seconds),
        "events_per_s": round(summary.events / seconds, 1),
        "peak_rss_mb": round(peak / 1024),
        "worker_peak_rss_mb": round(children / 1024) if jobs > 1 else None,
        "stage_shares": shares if jobs == 1 else None,
        "event_ids_sha256": hashlib.sha256("\n".join(ids).encode()).hexdigest()[:16],
    }  # fmt: skip


def floor(path: Path) -> float:
    """Documents per second for reading and regex-tokenising the corpus."""
    started = time.perf_counter()
    documents = _documents(path)
    for document in documents:
        TOKEN.findall(document.text)
    return len(documents) / (time.perf_counter() - started)


def parse_all(lang: str, path: Path) -> float:
    """Documents per second for splitting and parsing every sentence."""
    from diplowatch.clean import clean
    from diplowatch.parse import parse_sentences
    from diplowatch.split import split_sentences

    documents = _documents(path)
    list(parse_sentences(lang, ["Warm up."]))  # parsing is lazy: list() makes it happen
    started = time.perf_counter()
    for document in documents:
        masked = clean(document.text).masked
        list(parse_sentences(lang, [s.text for s in split_sentences(masked, lang)]))
    return len(documents) / (time.perf_counter() - started)


def _in_subprocess(*args: str) -> dict:
    """Run one measurement in a fresh interpreter (its own peak memory)."""
    env = {**os.environ, "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"}
    done = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True,
                          env=env, check=True)  # fmt: skip
    return json.loads(done.stdout.strip().splitlines()[-1])


def _repeated(path: Path, times: int, folder: Path) -> Path:
    """The corpus `times` over, each copy with its own document ids."""
    lines = path.read_text(encoding="utf-8").splitlines()
    out = folder / f"{path.stem}.x{times}.jsonl"
    with out.open("w", encoding="utf-8") as handle:
        for copy in range(times):
            for line in lines:
                record = json.loads(line)
                record["id"] = f"{record.get('id')}#{copy}"
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    return out


def main(quick: bool) -> int:
    missing = [str(p) for p in CORPORA.values() if not p.is_file()]
    if missing:
        print(f"needs {', '.join(missing)}", file=sys.stderr)
        return 1
    report: dict[str, object] = {
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}",
        "date": dt.date.today().isoformat(),
    }  # fmt: skip
    for lang, path in CORPORA.items():
        ours = _in_subprocess("--one", lang, str(path), "1")
        two = _in_subprocess("--one", lang, str(path), "2")
        base = _in_subprocess("--baselines", lang, str(path))
        report[lang] = {
            **ours,
            "floor_documents_per_s": round(base["floor"], 1),
            "parse_all_documents_per_s": round(base["parse_all"], 1),
            "fraction_of_floor": round(ours["documents_per_s"] / base["floor"], 4),
            "multiple_of_parse_all": round(ours["documents_per_s"] / base["parse_all"], 2),
            "jobs_2": {
                k: two[k]
                for k in ("seconds", "documents_per_s", "peak_rss_mb", "worker_peak_rss_mb")
            },
            "speedup_2_jobs": round(ours["seconds"] / two["seconds"], 2),
            "identical_with_2_jobs": two["event_ids_sha256"] == ours["event_ids_sha256"],
        }
        print(json.dumps(report[lang]), file=sys.stderr)
    with tempfile.TemporaryDirectory() as folder:
        scaling = []
        for times in REPEATS[:2] if quick else REPEATS:
            copy = _repeated(CORPORA["de"], times, Path(folder))
            run = _in_subprocess("--one", "de", str(copy), "1")
            kept = ("documents", "seconds", "documents_per_s", "peak_rss_mb")
            scaling.append({"repeats": times, **{k: run[k] for k in kept}})
            print(json.dumps(scaling[-1]), file=sys.stderr)
        report["german_scaling"] = scaling
    OUT.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    TABLE.write_text(_markdown(report), encoding="utf-8")
    print(json.dumps(report, indent=2))
    return 0


def _markdown(report: dict) -> str:
    rows = ["| | German (GNAD) | English (synthetic) |", "|---|---|---|"]
    fields = [
        ("documents", "{:,}"), ("documents_per_s", "{:.1f}"), ("sentences_per_s", "{:.1f}"),
        ("tokens_per_s", "{:,}"), ("events_per_s", "{:.1f}"), ("peak_rss_mb", "{:,} MB"),
        ("floor_documents_per_s", "{:,.1f}"), ("fraction_of_floor", "{:.4f}"),
        ("parse_all_documents_per_s", "{:.1f}"), ("multiple_of_parse_all", "{:.2f}x"),
        ("speedup_2_jobs", "{:.2f}x"), ("identical_with_2_jobs", "{}"),
    ]  # fmt: skip
    for name, form in fields:
        rows.append(
            f"| {name} | {form.format(report['de'][name])} | {form.format(report['en'][name])} |"
        )
    for stage in report["de"]["stage_shares"]:
        de, en = report["de"]["stage_shares"][stage], report["en"]["stage_shares"][stage]
        rows.append(f"| share: {stage} | {de:.1%} | {en:.1%} |")
    rows += [
        "",
        "| German corpus repeated | documents | seconds | docs/s | peak RSS |",
        "|---|---|---|---|---|",
    ]
    for s in report["german_scaling"]:
        rows.append(f"| {s['repeats']}x | {s['documents']:,} | {s['seconds']} | "
                    f"{s['documents_per_s']} | {s['peak_rss_mb']} MB |")  # fmt: skip
    return f"Machine: {report['machine']}, {report['date']}.\n\n" + "\n".join(rows) + "\n"


if __name__ == "__main__":
    if sys.argv[1:2] == ["--one"]:
        print(json.dumps(run_one(sys.argv[2], Path(sys.argv[3]), int(sys.argv[4]))))
    elif sys.argv[1:2] == ["--baselines"]:
        lang, path = sys.argv[2], Path(sys.argv[3])
        print(json.dumps({"floor": floor(path), "parse_all": parse_all(lang, path)}))
    else:
        raise SystemExit(main(quick="--quick" in sys.argv))
