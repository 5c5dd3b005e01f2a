"""Read PETRARCH/TABARI `.actors` dictionaries (the Phoenix format) into entity records.

The format: a line per actor in capitals with underscores for spaces (a trailing
underscore marks a whole word), `+SYNONYM` lines, and `[CODE]` or `[CODE dates]` code
lines where dates are `YYMMDD` or `YYYYMMDD`, `>date` (from), `<date` (until) or
`date-date`. An undated code is the actor's code outside every dated one. The
records have the shape of diplowatch's own entity files (`data/actors/persons/`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

from diplowatch.errors import InputError

_CODE = re.compile(r"\[([^\]]+)\]")
# Two-digit years up to this value are 20YY, later ones 19YY (TABARI's convention).
CENTURY_PIVOT = 30


NO_CODES = ("---", "+++")  # PETRARCH markers of a phrase that has no code of its own


def parse_date(token: str, where: str) -> dt.date:
    """A TABARI date: YYMMDD or YYYYMMDD; 000101-style dates are 2000-01-01."""
    digits = token.strip()
    try:
        if len(digits) == 8:
            return dt.date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
        if len(digits) == 6:
            year = int(digits[:2])
            year += 2000 if year <= CENTURY_PIVOT else 1900
            return dt.date(year, int(digits[2:4]), int(digits[4:]))
    except ValueError:
        pass
    raise InputError(f"{where}: {token!r} is not a date (YYMMDD or YYYYMMDD)")


def parse_code(body: str, where: str) -> dict[str, Any] | None:
    """One `[CODE dates]` body as a role: {'code', 'from', 'to'} (dates may be None).

    `[---]` and `[+++]` are PETRARCH's "known phrase, no code": no role (None).
    """
    parts = body.split()
    if not parts:
        raise InputError(f"{where}: empty code []")
    if parts[0] in NO_CODES:
        return None
    # "[ELR/GAL]" gives an actor two codes; an actor here has one per period: the first
    role: dict[str, Any] = {"code": parts[0].split("/")[0].upper(), "from": None, "to": None}
    if len(parts) > 1:
        span = "".join(parts[1:])  # "< 950601" and "19950601 - 19990815" occur too
        if span.startswith(">"):
            role["from"] = parse_date(span[1:], where)
        elif span.startswith("<"):
            role["to"] = parse_date(span[1:], where)
        elif "-" in span:
            start, end = span.split("-", 1)
            role["from"], role["to"] = parse_date(start, where), parse_date(end, where)
        else:
            raise InputError(f"{where}: cannot read the dates {span!r}")
    return role


def surface(token: str) -> str:
    """A dictionary phrase as text: 'ANGELA_MERKEL_' -> 'Angela Merkel'."""
    words = [w for w in token.strip().strip("+").split("_") if w]
    return " ".join(_title(w) for w in words)


# Short words that are name particles or articles, not acronyms, when they stand in capitals.
_PARTICLES = frozenset(
    "the of and al el bin ibn de la le van von der den da di du dos das y".split()  # noqa: SIM905
)


def _title(word: str) -> str:
    """Capitalise a word of a name; short all-capital words are acronyms and stay."""
    if "-" in word:
        return "-".join(_title(part) for part in word.split("-"))
    if word.lower() in _PARTICLES:
        return word.lower()
    if len(word) <= 3 and word.isalpha():
        return word
    return word[:1].upper() + word[1:].lower()


def read_actors(
    text: str, origin: str, problems: list[str] | None = None
) -> Iterator[dict[str, Any]]:
    """Entity records {'id', 'names', 'roles', 'comment'} of a `.actors` dictionary.

    A code line that cannot be read raises InputError, or, where a `problems` list is
    given, is reported there and skipped (large dictionaries carry a few typos).
    """
    current: dict[str, Any] | None = None
    in_comment = False
    for number, raw in enumerate(text.splitlines(), start=1):
        where = f"{origin}:{number}"
        if in_comment or raw.lstrip().startswith("<!"):
            in_comment = "-->" not in raw
            continue
        line, _, comment = raw.partition("#")
        if not line.strip():
            continue
        codes = _CODE.findall(line)
        phrase = _CODE.sub("", line).strip()
        if phrase and not phrase.startswith("+") and not raw[:1].isspace():
            if current is not None:
                yield current
            current = {"id": _slug(phrase), "names": [surface(phrase)], "roles": [],
                       "comment": comment.strip()}  # fmt: skip
        elif phrase.startswith("+"):
            if current is None:
                raise InputError(f"{where}: synonym before any actor")
            name = surface(phrase)
            if name and name not in current["names"]:
                current["names"].append(name)
        elif phrase:
            raise InputError(f"{where}: cannot read {raw.strip()!r}")
        if codes and current is None:
            raise InputError(f"{where}: code before any actor")
        for body in codes:
            try:
                role = parse_code(body, where)
                if role is not None:
                    current["roles"].append(role)  # type: ignore[index]
            except InputError as err:
                if problems is None:
                    raise
                problems.append(str(err))
    if current is not None:
        yield current


def _slug(phrase: str) -> str:
    return "-".join(w.lower() for w in phrase.strip().split("_") if w)
