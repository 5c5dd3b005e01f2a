"""The CAMEO event ontology: names, roots, Goldstein weights, QuadClass and PLOVER types.

Every code the coder emits is looked up here; an unknown code is a bug in the trigger
data, so it raises instead of producing a row nobody can interpret.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import lru_cache

from diplowatch.knowledge import data_text


@dataclass(frozen=True, slots=True)
class EventType:
    """One CAMEO code and what it maps to."""

    code: str
    root: str
    name: str
    name_de: str
    goldstein: float | None
    quad_class: int
    plover: str | None
    plover_mode: str | None
    plover_context: str | None


@lru_cache(maxsize=1)
def cameo_table() -> dict[str, EventType]:
    """All CAMEO codes by code (built from ../shared by scripts/build_ontology.py)."""
    rows = csv.DictReader(io.StringIO(data_text("ontology/cameo.tsv")), delimiter="\t")
    return {
        row["code"]: EventType(
            code=row["code"],
            root=row["root"],
            name=row["name_en"],
            name_de=row["name_de"],
            goldstein=float(row["goldstein"]) if row["goldstein"] else None,
            quad_class=int(row["quad_class"]),
            plover=row["plover"] or None,
            plover_mode=row["plover_mode"] or None,
            plover_context=row["plover_context"] or None,
        )
        for row in rows
    }


def event_type(code: str) -> EventType:
    """The entry for a CAMEO code; KeyError names the code when it is not in CAMEO."""
    try:
        return cameo_table()[code]
    except KeyError:
        raise KeyError(f"{code!r} is not a CAMEO event code") from None
