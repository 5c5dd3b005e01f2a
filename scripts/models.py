"""Train and evaluate diplowatch's own spaCy pipelines from the UD treebanks in ../shared.

`make models` runs `prepare`, `train` and `package` for both languages; `make parse-eval`
runs `evaluate`. Everything is seeded; the splits are fixed:

- English: train EWT train, early stopping on EWT dev, evaluation on EWT test.
- German: evaluation on the 500 news sentences of PUD (ids starting with "n"); training
  on GSD dev, GSD test and the 500 Wikipedia sentences of PUD, minus the first 200
  sentences of GSD test, which are the development set for early stopping.

The trained pipelines are copied to src/diplowatch/models/<lang>/ and committed, so
users and CI never train. UD data is CC BY-SA; the models carry that licence.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
UD = ROOT.parent / "shared/data/ud"
BUILD = ROOT / "build/models"
MODELS = ROOT / "src/diplowatch/models"
CONFIGS = ROOT / "scripts/model_configs"
GERMAN_DEV_SENTENCES = 200


def conllu_sentences(path: Path) -> list[str]:
    """The sentence blocks of a CoNLL-U file (comments included)."""
    blocks = path.read_text(encoding="utf-8").strip().split("\n\n")
    return [b.strip() + "\n" for b in blocks if b.strip()]


def sent_id(block: str) -> str:
    for line in block.splitlines():
        if line.startswith("# sent_id"):
            return line.split("=", 1)[1].strip()
    return ""


def write_conllu(path: Path, blocks: list[str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(blocks) + "\n", encoding="utf-8")


def splits(lang: str) -> dict[str, list[str]]:
    """The train, dev and test sentences of a language (see the module docstring)."""
    if lang == "en":
        ewt = UD / "UD_English-EWT"
        return {
            "train": conllu_sentences(ewt / "en_ewt-ud-train.reconstructed-from-sources.conllu"),
            "dev": conllu_sentences(ewt / "en_ewt-ud-dev.conllu"),
            "test": conllu_sentences(ewt / "en_ewt-ud-test.conllu"),
        }
    gsd_test = conllu_sentences(UD / "UD_German-GSD/de_gsd-ud-test.conllu")
    pud = conllu_sentences(UD / "UD_German-PUD/de_pud-ud-test.conllu")
    return {
        "train": [
            *conllu_sentences(UD / "UD_German-GSD/de_gsd-ud-dev.conllu"),
            *gsd_test[GERMAN_DEV_SENTENCES:],
            *[b for b in pud if not sent_id(b).startswith("n")],
        ],
        "dev": gsd_test[:GERMAN_DEV_SENTENCES],
        "test": [b for b in pud if sent_id(b).startswith("n")],
    }


def spacy(*args: str, threads: int = 1) -> None:
    env = {"OMP_NUM_THREADS": str(threads), "OPENBLAS_NUM_THREADS": str(threads)}
    command = [sys.executable, "-m", "spacy", *args]
    print("+", " ".join(command), flush=True)
    subprocess.run(command, check=True, env={**__import__("os").environ, **env})


def prepare(lang: str) -> None:
    """CoNLL-U splits and their .spacy versions under build/models/<lang>/corpus."""
    corpus = BUILD / lang / "corpus"
    for name, blocks in splits(lang).items():
        conllu = corpus / f"{name}.conllu"
        write_conllu(conllu, blocks)
        spacy("convert", str(conllu), str(corpus), "--converter", "conllu", "--n-sents", "10")
        print(f"{lang} {name}: {len(blocks)} sentences", flush=True)


def train(lang: str) -> None:
    corpus = BUILD / lang / "corpus"
    spacy(
        "train", str(CONFIGS / f"{lang}.cfg"), "--output", str(BUILD / lang / "out"),
        "--paths.train", str(corpus / "train.spacy"), "--paths.dev", str(corpus / "dev.spacy"),
    )  # fmt: skip


def package(lang: str) -> None:
    """Copy the best model into the package (without the training-only parts)."""
    best = BUILD / lang / "out" / "model-best"
    target = MODELS / lang
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(best, target)
    print(f"packaged {best} -> {target.relative_to(ROOT)}")


def evaluate(lang: str) -> dict[str, float]:
    """UAS, LAS, lemma accuracy and tokens/s on the held-out sentences, gold tokenisation."""
    from diplowatch.parse_eval import evaluate_conllu

    test = BUILD / lang / "corpus" / "test.conllu"
    if not test.exists():
        write_conllu(test, splits(lang)["test"])
    return evaluate_conllu(lang, test)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("step", choices=["prepare", "train", "package", "all", "evaluate"])
    parser.add_argument("--lang", choices=["de", "en"], action="append")
    args = parser.parse_args(argv)
    langs = args.lang or ["de", "en"]
    if not UD.is_dir():
        print(f"needs {UD}", file=sys.stderr)
        return 1
    if args.step == "evaluate":
        report = json.dumps({lang: evaluate(lang) for lang in langs}, indent=2)
        (ROOT / "benchmarks/results").mkdir(parents=True, exist_ok=True)
        (ROOT / "benchmarks/results/parse_eval.json").write_text(report + "\n", encoding="utf-8")
        print(report)
        return 0
    steps = [prepare, train, package] if args.step == "all" else [globals()[args.step]]
    for lang in langs:
        for step in steps:
            started = time.monotonic()
            step(lang)
            print(f"{lang} {step.__name__}: {time.monotonic() - started:.0f} s", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
