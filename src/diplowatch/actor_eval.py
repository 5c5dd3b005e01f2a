"""Measure the actor knowledge base against reference lists in ../shared.

Three measures, each a share with its misses, printed as JSON by `make actor-eval`:
- German country adjectives: the GermEval 2014 LOCderiv forms that denote a state
  (our annotation in tests/gold/locderiv_countries.tsv) resolve to that state;
- country names: every state's CLDR name in German and English (via Babel, an
  independent list) resolves to the state;
- dated roles: leader terms sampled from CountryInfo resolve to the country's
  government inside the term and not outside it.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import random
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from diplowatch.actors import gazetteer_for
from diplowatch.kb import load_knowledge
from diplowatch.model import Mention
from diplowatch.resolve import resolve_phrase

SAMPLE_SIZE = 500
SEED = 20261201
# CountryInfo's open terms were closed at this artefact date by its converter; its
# file is from 2012-01-16, so that is the last day a term is known to be running.
OPEN_TERM_ARTEFACT = dt.date(2016, 12, 1)
COUNTRYINFO_DATE = dt.date(2012, 1, 16)
TERMS_SINCE = dt.date(2000, 1, 1)


@dataclass(slots=True)
class Measure:
    """A share of checks passed, with the failures for the report."""

    passed: int = 0
    total: int = 0
    misses: list[str] = field(default_factory=list)

    def check(self, ok: bool, miss: str) -> None:
        self.total += 1
        self.passed += ok
        if not ok:
            self.misses.append(miss)

    @property
    def share(self) -> float:
        return self.passed / self.total if self.total else 0.0

    def report(self) -> dict[str, Any]:
        return {"share": round(self.share, 4), "passed": self.passed, "total": self.total,
                "misses": self.misses}  # fmt: skip


def resolve_one(text: str, lang: str, day: dt.date | None = None) -> Mention | None:
    """The longest resolved mention of a phrase on its own, with the bundled knowledge."""
    return resolve_phrase(text, gazetteer_for(lang), day)


def locderiv(gold: Path) -> Measure:
    """German country-derived forms resolve to their state."""
    measure = Measure()
    for row in _tsv(gold):
        mention = resolve_one(row["surface_form"], "de")
        country = mention.actor.country if mention and mention.actor else None
        measure.check(
            country == row["code"], f"{row['surface_form']} -> {country} (want {row['code']})"
        )
    return measure


def country_names(shared: Path) -> Measure:
    """Each state's CLDR names (German and English) resolve to it."""
    from babel import Locale

    iso2 = {
        r["cca3"]: r["cca2"]
        for r in _tsv(shared / "data/actors/countries_mledoze/countries_en_de_derived.tsv")
    }
    kb = load_knowledge()
    measure = Measure()
    for code, entry in kb.countries.items():
        if entry.get("kind") not in ("state", "observer") or code not in iso2:
            continue
        for lang in ("de", "en"):
            name = Locale(lang).territories.get(iso2[code])
            if not name:
                continue
            mention = resolve_one(name, lang)
            found = mention.actor.country if mention and mention.actor else None
            measure.check(found == code, f"{lang}: {name} -> {found} (want {code})")
    return measure


def dated_roles(shared: Path, size: int = SAMPLE_SIZE, seed: int = SEED) -> Measure:
    """Sampled leader terms: GOV inside the term, not GOV a year before it (or after it)."""
    folder = shared / "data/actors/countryinfo"
    leaders = list(_csv(folder / "people_leaders.csv"))
    offices = [*leaders, *_csv(folder / "people_gov.csv")]
    codes = _country_codes({r["country"] for r in leaders})
    terms = [r for r in leaders if r["country"] in codes and _in_scope(r)]
    measure = Measure()
    for term in random.Random(seed).sample(terms, min(size, len(terms))):
        code, name = codes[term["country"]], _name(term["name"])
        start, end = _day(term["startYr"]), _day(term["endYr"])
        assert start is not None and end is not None
        known_end = COUNTRYINFO_DATE if end >= OPEN_TERM_ARTEFACT else end
        inside = start + (max(known_end, start) - start) / 2
        measure.check(
            _is_gov(name, code, inside), f"{name} ({code}) {inside}: not {code}GOV inside the term"
        )
        outside = _outside(term, start, end, offices)
        if outside is not None:
            measure.check(
                not _is_gov(name, code, outside),
                f"{name} ({code}) {outside}: {code}GOV outside the term",
            )
    return measure


def _in_scope(term: dict[str, str]) -> bool:
    """A term with a start date that lasted into our scope (2000 on)."""
    return _day(term["startYr"]) is not None and (_day(term["endYr"]) or dt.date.min) >= TERMS_SINCE


def _outside(
    term: dict[str, str], start: dt.date, end: dt.date, offices: list[dict[str, str]]
) -> dt.date | None:
    """A day a year before (else after) the term on which the person held no office."""
    held = [
        (_day(o["startYr"]) or dt.date.min, _day(o["endYr"]) or dt.date.max)
        for o in offices if _same_person(o["name"], term["name"])
    ]  # fmt: skip
    candidates = [start - dt.timedelta(days=365)]
    if end < OPEN_TERM_ARTEFACT:
        candidates.append(end + dt.timedelta(days=365))
    for day in candidates:
        if not any(a <= day <= b for a, b in held):
            return day
    return None


def _is_gov(name: str, code: str, day: dt.date) -> bool:
    mention = resolve_one(name, "en", day)
    actor = mention.actor if mention else None
    return bool(actor and actor.country == code and actor.sector == "GOV")


def _country_codes(names: Iterable[str]) -> dict[str, str]:
    """CountryInfo's country names ('north_korea') to our codes, through the gazetteer."""
    fixes = {"madagaskar": "MDG", "cote_divoire": "CIV", "republic_of_south_africa": "ZAF",
             "united_republic_of_tanzania": "TZA", "swaziland": "SWZ", "macedonia": "MKD",
             "congo": "COG", "democratic_republic_of_the_congo": "COD", "georgia": "GEO",
             "guinea": "GIN", "niger": "NER", "chad": "TCD", "jordan": "JOR"}  # fmt: skip
    kb = load_knowledge()
    codes: dict[str, str] = {}
    for raw in names:
        if raw in fixes:
            codes[raw] = fixes[raw]
            continue
        name = raw.replace("_", " ").title()
        mention = resolve_one(name, "en")
        whole = mention is not None and mention.end - mention.start == len(name)
        country = mention.actor.country if whole and mention and mention.actor else None
        if country in kb.countries and kb.countries[country].get("kind") in (
            "state",
            "observer",
            "territory",
        ):
            codes[raw] = country
    return codes


def _name(raw: str) -> str:
    """'angela_merkel_|angela_dorothea_merkel_' -> 'Angela Merkel' (the first variant)."""
    first = raw.split("|")[0]
    return " ".join(w.capitalize() for w in first.strip("_").split("_") if w)


def _same_person(a: str, b: str) -> bool:
    """CountryInfo lists a person's name variants joined by '|'."""
    return bool({v.strip() for v in a.split("|")} & {v.strip() for v in b.split("|")})


def _day(raw: str) -> dt.date | None:
    """A CountryInfo date (YYYYMMDD, sometimes only YYYY or YYYYMM); None when missing."""
    if not raw[:4].isdigit():
        return None
    try:
        return dt.date(int(raw[:4]), int(raw[4:6] or 1), int(raw[6:8] or 1))
    except ValueError:
        return None


def _tsv(path: Path) -> Iterable[dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        yield from csv.DictReader(
            (line for line in handle if not line.startswith("#")), delimiter="\t"
        )


def _csv(path: Path) -> Iterable[dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        yield from csv.DictReader(handle)


def main(argv: list[str]) -> int:
    """`python -m diplowatch.actor_eval SHARED GOLD_TSV` prints the three measures as JSON."""
    shared, gold = Path(argv[0]), Path(argv[1])
    report = {
        "locderiv_countries": locderiv(gold).report(),
        "country_names_cldr": country_names(shared).report(),
        "dated_roles_countryinfo": dated_roles(shared).report(),
    }
    print(json.dumps(report, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
