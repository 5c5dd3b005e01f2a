"""Turn annotated gold documents into a gold file that holds no news text.

Gold on text the project may not copy (GNAD is CC BY-NC-SA, the PETRARCH sentences
belong to the agencies) is committed as ids and annotations only: each event's
`evidence` quote becomes `evidence_span` [start, end) into the text, and `diplowatch
eval --texts FILE` reads the text back from where it lies.

    python scripts/gold_spans.py ANNOTATED.jsonl --texts TEXTS [--texts ...] -o GOLD.jsonl

An evidence quote that is not in its document's text is an error naming it.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from diplowatch.evaluate import load_texts, read_gold


def without_text(record: dict[str, Any], text: str) -> dict[str, Any]:
    """The record with its evidence as spans and no text of the document left in it."""
    events = []
    for number, event in enumerate(record.get("events", []), start=1):
        evidence = event.get("evidence") or ""
        start = text.find(evidence) if evidence else -1
        if start < 0:
            raise SystemExit(f"{record['id']} event {number}: evidence not in the text")
        rest = {k: v for k, v in event.items() if k != "evidence"}
        events.append({**rest, "evidence_span": [start, start + len(evidence)]})
    kept = {k: v for k, v in record.items() if k not in ("text", "events")}
    return {**kept, "events": events}


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("annotated", type=Path)
    parser.add_argument("--texts", action="append", required=True)
    parser.add_argument("-o", "--output", type=Path, required=True)
    args = parser.parse_args(argv)
    texts = load_texts(args.texts)
    lines = []
    for record in read_gold(args.annotated):
        document = texts.get(str(record["id"]))
        if document is None:
            raise SystemExit(f"{record['id']}: not in the --texts inputs")
        lines.append(json.dumps(without_text(record, document.text), ensure_ascii=False))
    args.output.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{args.output}: {len(lines)} documents")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
