"""Build `src/diplowatch/data/ontology/cameo.tsv` from the CAMEO/PLOVER files in ../shared.

Codes, names, Goldstein weights and the CAMEO->PLOVER mapping are facts; the table is
generated once and committed, so users never need ../shared. Run: make ontology.
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data" / "cameo"
OUT = ROOT / "src" / "diplowatch" / "data" / "ontology" / "cameo.tsv"
GERMAN = ROOT / "src" / "diplowatch" / "data" / "ontology" / "cameo_de.tsv"  # our translation
COLUMNS = (
    "code", "root", "name_en", "name_de", "goldstein", "quad_class", "plover", "plover_mode",
    "plover_context",
)  # fmt: skip
# The GDELT lookup merges code 106 into the line of 1056 ("...engagement106:[-5.0] Demand
# withdrawal"): split it back into its two codes.
_MERGED = re.compile(r"^(?P<name>.*?)(?P<code>\d{3}):\[(?P<weight>-?\d+\.\d)\]\s*(?P<name2>.+)$")


def quad_class(root: str) -> int:
    """QuadClass of a root: 1/2 verbal/material cooperation, 3/4 verbal/material conflict."""
    number = int(root)
    return 1 if number <= 5 else 2 if number <= 8 else 3 if number <= 13 else 4


def read_names() -> dict[str, str]:
    names: dict[str, str] = {}
    with (SHARED / "CAMEO.eventcodes.txt").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            code, name = row["CAMEOEVENTCODE"].strip(), row["EVENTDESCRIPTION"].strip()
            if len(code) < 2:
                continue
            merged = _MERGED.match(name)
            if merged:
                names[merged["code"]] = merged["name2"].strip()
                name = merged["name"].strip()
            names[code] = name.replace("ÒhirdÓ", "third ").replace("matyerial", "material")
    return names


def read_goldstein() -> dict[str, float]:
    with (SHARED / "CAMEO.goldsteinscale.txt").open(encoding="utf-8") as handle:
        rows = csv.DictReader(handle, delimiter="\t")
        weights = {r["CAMEOEVENTCODE"].strip(): float(r["GOLDSTEINSCALE"]) for r in rows}
    weights.setdefault("106", -5.0)
    return weights


def read_plover() -> dict[str, tuple[str, str, str]]:
    mapping: dict[str, tuple[str, str, str]] = {}
    for line in (SHARED / "CAMEO2PLOVER-2021.txt").read_text(encoding="utf-8").splitlines():
        body = line.split("#", 1)[0].strip()
        if not body or ":" not in body:
            continue
        code, rest = (part.strip() for part in body.split(":", 1))
        fields = [f.strip() for f in rest.split(",")] + ["", ""]
        if code.isdigit() and len(code) >= 3 and fields[0]:
            mapping[code] = (fields[0], fields[1], fields[2])
    return mapping


def inherited(code: str, table: dict[str, object]) -> object:
    """The value of the code or of its nearest parent code (4-digit codes share their 3-digit)."""
    for length in range(len(code), 1, -1):
        if code[:length] in table:
            return table[code[:length]]
    return None


def main() -> int:
    if not SHARED.is_dir():
        print(f"needs {SHARED}", file=sys.stderr)
        return 1
    names, weights, plover = read_names(), read_goldstein(), read_plover()
    with GERMAN.open(encoding="utf-8") as handle:
        german = {r["code"]: r["name_de"] for r in csv.DictReader(handle, delimiter="\t")}
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter="\t", lineterminator="\n")
        writer.writerow(COLUMNS)
        for code in sorted(names):
            mapped = inherited(code, plover) or ("", "", "")
            weight = inherited(code, weights)
            writer.writerow(
                [
                    code,
                    code[:2],
                    names[code],
                    german.get(code, ""),
                    "" if weight is None else weight,
                    quad_class(code[:2]),
                    *mapped,
                ]
            )
    print(f"wrote {len(names)} codes to {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
