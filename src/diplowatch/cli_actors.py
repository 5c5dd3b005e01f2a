"""`diplowatch actors ...`: look mentions up, list unknown names, import dictionaries."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
import yaml

from diplowatch.actors import gazetteer_for
from diplowatch.cli_support import (
    ActorsOption,
    DbOption,
    actor_files,
    err,
    fail,
    parse_date,
    print_rows,
    store_path,
)
from diplowatch.detect import SUPPORTED
from diplowatch.errors import InputError
from diplowatch.kb import load_knowledge, phoenix_entities
from diplowatch.resolve import resolve_phrase
from diplowatch.store import Store

app = typer.Typer(help="Check and extend the actor knowledge base.", no_args_is_help=True)
FIELDS = ("mention", "code", "country", "sector", "entity_id", "matched", "kind", "lang")


@app.command()
def lookup(
    mentions: Annotated[
        list[str], typer.Argument(help="Mentions to resolve, or - to read one a line from stdin.")
    ],
    lang: Annotated[
        str | None, typer.Option(help="Language of the mentions (default: try de, then en).")
    ] = None,
    date: Annotated[
        str | None, typer.Option(help="Article date (YYYY-MM-DD): persons resolve by term.")
    ] = None,
    actors: ActorsOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object a line.")] = False,
) -> None:
    """Print what each mention resolves to: code, country, sector, entity id, matched form."""
    if lang is not None and lang not in SUPPORTED:
        raise typer.BadParameter(
            f"{lang!r}: choose from {', '.join(SUPPORTED)}", param_hint="--lang"
        )
    day = parse_date(date, "--date")
    texts = [line.strip() for line in sys.stdin if line.strip()] if mentions == ["-"] else mentions
    files = actor_files(actors)
    try:
        load_knowledge(files)
        rows = [_lookup_row(text, lang, day, files) for text in texts]
    except InputError as problem:
        fail(str(problem))
    print_rows(rows, FIELDS, f"actors on {day or 'an unknown date'}", as_json)


def _lookup_row(
    text: str, lang: str | None, day: dt.date | None, files: tuple[str, ...]
) -> dict[str, Any]:
    """The row for one mention; without --lang the language whose match covers most wins."""
    found = []
    for candidate in [lang] if lang else SUPPORTED:
        mention = resolve_phrase(text, gazetteer_for(candidate, files), day)
        if mention is not None:
            found.append((mention, candidate))
    if not found:
        return dict.fromkeys(FIELDS) | {"mention": text}
    mention, chosen = max(found, key=lambda pair: pair[0].end - pair[0].start)
    actor = mention.actor
    assert actor is not None
    return {"mention": text, "code": actor.code, "country": actor.country,
            "sector": actor.sector, "entity_id": mention.entity_id,
            "matched": mention.text, "kind": mention.kind, "lang": chosen}  # fmt: skip


@app.command()
def unknown(
    db: DbOption = None,
    limit: Annotated[int, typer.Option(help="Show at most this many names.", min=1)] = 30,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object a line.")] = False,
) -> None:
    """The most frequent names in the store that resolved to no known actor."""
    try:
        with Store(store_path(db), read_only=True) as store:
            rows = store.query(
                "SELECT text AS name, count(*) AS mentions, count(DISTINCT doc_id) AS documents "
                "FROM mentions WHERE code IS NULL GROUP BY text "
                "ORDER BY mentions DESC, documents DESC, name LIMIT ?",
                [limit],
            )
    except InputError as problem:
        fail(str(problem))
    fields = ("name", "mentions", "documents")
    print_rows(rows, fields, "unresolved names (add them with --actors)", as_json)


@app.command("import")
def import_actors(
    dictionary: Annotated[Path, typer.Argument(help="A PETRARCH/TABARI .actors dictionary.")],
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="YAML file to write (default: stdout).")
    ] = None,
) -> None:
    """Convert a PETRARCH/Phoenix `.actors` dictionary into a diplowatch actor file."""
    try:
        text = dictionary.read_text(encoding="utf-8", errors="strict")
        entities = phoenix_entities(text, str(dictionary))
    except (OSError, UnicodeDecodeError) as problem:
        fail(f"{dictionary}: cannot read: {problem}")
    except InputError as problem:
        fail(str(problem))
    body = yaml.safe_dump({"persons": entities}, allow_unicode=True, sort_keys=False, width=100)
    header = f"# Imported by `diplowatch actors import` from {dictionary.name}\n"
    if output is None:
        sys.stdout.write(header + body)
        return
    output.write_text(header + body, encoding="utf-8")
    err.print(f"wrote {len(entities)} actors to {output} (use it with --actors {output})")
