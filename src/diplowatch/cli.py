"""The `diplowatch` command line: code documents, list and export events."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table
from rich.text import Text

from diplowatch import __version__
from diplowatch.cli_actors import app as actors_app
from diplowatch.cli_analysis import register as register_analysis
from diplowatch.cli_support import (
    ActorsOption,
    DbOption,
    WaitOption,
    actor_files,
    err,
    fail,
    out,
    parse_date,
    print_json_lines,
    store_path,
)
from diplowatch.detect import SUPPORTED
from diplowatch.errors import InputError
from diplowatch.evaluate import evaluate, load_texts, read_gold
from diplowatch.export import FORMATS, export_events, infer_format
from diplowatch.kb import load_knowledge
from diplowatch.limits import DEFAULT_MAX_SECONDS, DEFAULT_MAX_SENTENCE_CHARS
from diplowatch.pipeline import CodeOptions
from diplowatch.readers import DEFAULT_MAX_BYTES, ReadOptions, read_inputs
from diplowatch.run import code_inputs
from diplowatch.store import EventFilter, Store
from diplowatch.store_lock import DEFAULT_WAIT_SECONDS

app = typer.Typer(
    name="diplowatch",
    help="German and English news to CAMEO/PLOVER political event data, in DuckDB.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.add_typer(actors_app, name="actors")
register_analysis(app)


def _version(value: bool) -> None:
    if value:
        out.print(f"diplowatch {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version.")
    ] = False,
) -> None:
    """German and English news to CAMEO/PLOVER political event data, in DuckDB."""


@app.command()
def code(
    inputs: Annotated[
        list[str],
        typer.Argument(
            help="Files (.txt .html .jsonl .csv .xml/.rss/.atom, each also .gz), "
            "directories (read recursively) or - for stdin.",
            show_default=False,
        ),
    ],
    db: DbOption = None,
    lang: Annotated[
        str | None, typer.Option(help="Force the language of every document (de or en).")
    ] = None,
    published: Annotated[
        str | None,
        typer.Option(help="Publication date (YYYY-MM-DD) for every document read in this run."),
    ] = None,
    max_bytes: Annotated[
        int, typer.Option(help="Largest document (bytes) read; larger ones are skipped.", min=1)
    ] = DEFAULT_MAX_BYTES,
    max_sentence_chars: Annotated[
        int,
        typer.Option(
            help="Longest sentence (characters) read for actors and parsed; longer ones are "
            "counted and left uncoded.",
            min=1,
        ),
    ] = DEFAULT_MAX_SENTENCE_CHARS,
    max_seconds: Annotated[
        float,
        typer.Option(
            help="Seconds one document may take to code; slower ones are skipped (0: no "
            "limit; not applied on a Dask cluster).",
            min=0,
        ),
    ] = DEFAULT_MAX_SECONDS,
    actors: ActorsOption = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print only problems.")] = False,
    jobs: Annotated[
        int, typer.Option("--jobs", "-j", help="Processes that code (output as with one).", min=1)
    ] = 1,
    scheduler: Annotated[
        str | None,
        typer.Option(
            help="Code on a Dask cluster: its scheduler (tcp://host:8786), or 'local' for a "
            "cluster of --jobs workers on this machine. Needs --parquet."
        ),
    ] = None,
    parquet: Annotated[
        Path | None,
        typer.Option(
            help="With --scheduler: a new folder for the Parquet output (diplowatch load)."
        ),
    ] = None,
    wait: WaitOption = DEFAULT_WAIT_SECONDS,
) -> None:
    """Code documents into events and store them (coding a document again replaces it)."""
    if lang is not None and lang not in SUPPORTED:
        raise typer.BadParameter(
            f"{lang!r}: choose from {', '.join(SUPPORTED)}", param_hint="--lang"
        )
    options = CodeOptions(
        lang=lang, published=parse_date(published, "--published"), actor_files=actor_files(actors),
        max_sentence_chars=max_sentence_chars, max_seconds=max_seconds,
    )  # fmt: skip
    if (scheduler is None) != (parquet is None):
        fail("--scheduler and --parquet go together (a cluster run writes Parquet)")
    path = store_path(db)
    try:
        load_knowledge(options.actor_files)  # a bad actor file fails before anything is read
        if scheduler is not None and parquet is not None:
            _code_on_cluster(inputs, parquet, options, ReadOptions(max_bytes), scheduler, jobs)
            return
        summary = code_inputs(inputs, path, ReadOptions(max_bytes), options, err, jobs, wait)
    except InputError as problem:
        fail(str(problem))
    if not quiet:
        summary.print(out, path)
    if summary.coded == 0:
        fail("nothing could be coded")


def _code_on_cluster(
    inputs: list[str], parquet: Path, options: CodeOptions, read_options: ReadOptions,
    scheduler: str, jobs: int,
) -> None:  # fmt: skip
    from diplowatch.cluster import code_on_cluster, connect

    with connect(scheduler, jobs) as client:
        result = code_on_cluster(read_inputs(inputs, read_options), parquet, options, client)
    for message in result.messages:
        err.print(message, highlight=False, markup=False)
    summary = result.summary
    out.print(f"coded {summary.coded:,} of {summary.read:,} documents, {summary.events:,} "
              f"events, into {parquet} (load it with: diplowatch load {parquet})")  # fmt: skip
    if summary.coded == 0:
        fail("nothing could be coded")


@app.command()
def load(
    folder: Annotated[Path, typer.Argument(help="The Parquet folder of a cluster run.")],
    db: DbOption = None,
    wait: WaitOption = DEFAULT_WAIT_SECONDS,
) -> None:
    """Load the Parquet output of a cluster run into the store (loading again is harmless)."""
    if not folder.is_dir():
        fail(f"{folder}: no such folder")
    try:
        with Store(store_path(db), wait=wait) as store:
            counts = store.load_parquet(folder)
    except InputError as problem:
        fail(str(problem))
    out.print(", ".join(f"{n:,} {table}" for table, n in counts.items()) + " loaded")


MentionsOption = Annotated[
    bool,
    typer.Option(
        "--mentions",
        help="Also list the repeats of an event in headline and lede (mention_of set).",
    ),
]


@app.command()
def events(
    db: DbOption = None,
    source: Annotated[
        str | None, typer.Option(help="Source actor code or country (PRK, PRKGOV).")
    ] = None,
    target: Annotated[str | None, typer.Option(help="Target actor code or country.")] = None,
    country: Annotated[str | None, typer.Option(help="Country on either side.")] = None,
    root: Annotated[str | None, typer.Option(help="CAMEO root (two digits, e.g. 04).")] = None,
    since: Annotated[
        str | None, typer.Option(help="Events on or after this date (YYYY-MM-DD).")
    ] = None,
    until: Annotated[str | None, typer.Option(help="Events on or before this date.")] = None,
    lang: Annotated[str | None, typer.Option(help="Only events coded from this language.")] = None,
    text: Annotated[
        str | None, typer.Option(help="Only events whose sentence contains this text.")
    ] = None,
    limit: Annotated[int, typer.Option(help="Show at most this many events.", min=1)] = 50,
    as_json: Annotated[
        bool, typer.Option("--json", help="One JSON object a line instead of a table.")
    ] = False,
    mentions: MentionsOption = False,
) -> None:
    """List stored events, newest first, with their evidence sentences."""
    where = EventFilter(
        source=source, target=target, country=country, root=root,
        since=parse_date(since, "--since"), until=parse_date(until, "--until"),
        lang=lang, text=text, mentions=mentions,
    )  # fmt: skip
    try:
        with Store(store_path(db), read_only=True) as store:
            rows = store.events(where, limit=limit)
    except InputError as problem:
        fail(str(problem))
    if as_json:
        print_json_lines(rows)
        return
    out.print(_events_table(rows))


def _events_table(rows: list[dict[str, Any]]) -> Table:
    """Events with their evidence; source, trigger and target are marked in the sentence."""
    table = Table(title=f"{len(rows)} event(s)", show_lines=True, expand=True)
    for name, width in (("date", 11), ("source", 9), ("cameo", 5), ("target", 9)):
        table.add_column(name, no_wrap=True, max_width=width)
    table.add_column("evidence (source, trigger, target)", overflow="fold", ratio=1)
    for row in rows:
        evidence = Text(row["sentence"])
        evidence.highlight_words([row["source_text"]], "bold cyan")
        evidence.highlight_words([row["trigger"]], "bold yellow")
        evidence.highlight_words([row["target_text"]], "bold magenta")
        evidence.append(f"\n{row['doc_id']} · {row['rule']}", style="dim")
        table.add_row(
            f"{row['date'] or '?'}\n[dim]{row['date_precision']}[/dim]",
            row["source_code"], row["cameo"], row["target_code"], evidence,
        )  # fmt: skip
    return table


@app.command()
def export(
    db: DbOption = None,
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format", "-f", help=f"One of {', '.join(FORMATS)} (default: from -o, else jsonl)."
        ),
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Output file (default: stdout).")
    ] = None,
    source: Annotated[str | None, typer.Option(help="Source actor code or country.")] = None,
    target: Annotated[str | None, typer.Option(help="Target actor code or country.")] = None,
    since: Annotated[str | None, typer.Option(help="Events on or after this date.")] = None,
    until: Annotated[str | None, typer.Option(help="Events on or before this date.")] = None,
    mentions: MentionsOption = False,
    level: Annotated[
        str, typer.Option(help="events, or stories: reports of one event merged.")
    ] = "events",
) -> None:
    """Export events or stories as JSONL, CSV or Parquet (the same field names in each)."""
    where = EventFilter(
        source=source, target=target, mentions=mentions,
        since=parse_date(since, "--since"), until=parse_date(until, "--until"),
    )  # fmt: skip
    try:
        chosen = infer_format(fmt, output)
        with Store(store_path(db), read_only=True) as store:
            count = export_events(store, chosen, output, where, level=level)
    except InputError as problem:
        fail(str(problem))
    if output is not None:
        err.print(f"wrote {count} {level} row(s) to {output} ({chosen})")


@app.command("eval")
def evaluate_gold(
    gold: Annotated[
        Path, typer.Argument(help="Gold documents, JSONL in the EVAL-FORMAT.md format.")
    ],
    show: Annotated[bool, typer.Option("--show", help="List misses and false alarms.")] = False,
    actors: ActorsOption = None,
    texts: Annotated[
        list[str] | None,
        typer.Option(
            "--texts",
            help="Input holding the text of gold documents that have none (matched by id; "
            "any format `code` reads). Repeatable.",
        ),
    ] = None,
    dyads: Annotated[
        bool,
        typer.Option(
            "--dyads",
            help="Compare (source, target) only, not the CAMEO root "
            "(PETRARCH unit tests code with a toy verb dictionary).",
        ),
    ] = False,
) -> None:
    """Precision, recall and F1 on (source, target, CAMEO root) per document, as JSON."""
    try:
        scores = evaluate(read_gold(gold), actor_files(actors), load_texts(texts or []), dyads)
    except InputError as problem:
        fail(str(problem))
    print(json.dumps({lang: score.report() for lang, score in scores.items()}, indent=2))
    if show:  # one line each, tab-separated, for grep and jq
        for miss in scores["all"].misses:
            print(f"miss\t{json.dumps(miss, ensure_ascii=False)}")
        for alarm in scores["all"].alarms:
            print(f"false alarm\t{json.dumps(alarm, ensure_ascii=False)}")


def main() -> None:
    """Console-script entry point."""
    app()
