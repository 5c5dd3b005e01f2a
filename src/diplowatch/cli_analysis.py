"""The analysis commands: stories, dyad, network, isolation, alerts, and serve."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer

from diplowatch.analysis.alerts import DEFAULT_GAP_DAYS, alerts
from diplowatch.analysis.dyads import dyad_history
from diplowatch.analysis.isolation import isolation
from diplowatch.analysis.network import network
from diplowatch.analysis.periods import QUAD_NAMES, Span, checked_period
from diplowatch.analysis.plots import checked_figure_path, plot_dyad, plot_isolation, plot_network
from diplowatch.analysis.stories import DEFAULT_WINDOW_DAYS, stories
from diplowatch.cli_support import (
    DbOption,
    err,
    fail,
    out,
    parse_date,
    print_json_lines,
    print_rows,
    store_path,
)
from diplowatch.errors import InputError
from diplowatch.store import EventFilter, Store

JsonOption = Annotated[bool, typer.Option("--json", help="One JSON object a line.")]
SinceOption = Annotated[str | None, typer.Option(help="Events on or after (YYYY-MM-DD).")]
UntilOption = Annotated[str | None, typer.Option(help="Events on or before (YYYY-MM-DD).")]
ByOption = Annotated[str, typer.Option("--by", help="Bucket: week, month or year.")]
PlotOption = Annotated[
    Path | None, typer.Option("--plot", help="Also draw the figure to FILE.png|.svg|.pdf.")
]


@contextmanager
def _reading(db: Path | None, plot: Path | None = None) -> Iterator[Store]:
    """The store opened read-only, once the figure name (if any) is known to be good;
    any user error ends the command with its message."""
    try:
        if plot is not None:
            checked_figure_path(plot)
        with Store(store_path(db), read_only=True) as store:
            yield store
    except InputError as problem:
        fail(str(problem))


def _show(
    result: dict[str, Any], rows: list[dict[str, Any]], fields: tuple[str, ...], title: str,
    as_json: bool,
) -> None:  # fmt: skip
    """The whole result as one JSON line, or its rows as a table."""
    if as_json:
        print_json_lines([result])
    else:
        print_rows(rows, fields, title, False)


def _span(since: str | None, until: str | None) -> Span:
    return Span(parse_date(since, "--since"), parse_date(until, "--until"))


def _plotted(plot: Path | None, draw: Callable[[Any, Path], None], result: Any) -> None:
    if plot is None:
        return
    try:
        draw(result, plot)
    except InputError as problem:
        fail(str(problem))
    err.print(f"wrote {plot}")


def story_list(
    db: DbOption = None,
    country: Annotated[str | None, typer.Option(help="Country on either side.")] = None,
    root: Annotated[str | None, typer.Option(help="CAMEO root (two digits).")] = None,
    since: SinceOption = None,
    until: UntilOption = None,
    window: Annotated[
        int, typer.Option(help="Days between reports that still join one story.", min=0)
    ] = DEFAULT_WINDOW_DAYS,
    limit: Annotated[int, typer.Option(help="Show at most this many stories.", min=1)] = 50,
    as_json: JsonOption = False,
) -> None:
    """Reports of the same event across articles, merged into stories."""
    where = EventFilter(country=country, root=root, since=parse_date(since, "--since"),
                        until=parse_date(until, "--until"))  # fmt: skip
    with _reading(db) as store:
        rows = stories(store, where, window, limit)
    fields = ("first_date", "source_country", "cameo", "target_country", "num_mentions",
              "num_documents", "num_sources", "evidence")  # fmt: skip
    print_rows(rows, fields, f"{len(rows)} stor{'y' if len(rows) == 1 else 'ies'}", as_json)


def dyad(
    a: Annotated[str, typer.Argument(help="One country (e.g. PRK).")],
    b: Annotated[str, typer.Argument(help="The other country (e.g. IRN).")],
    db: DbOption = None,
    by: ByOption = "month",
    since: SinceOption = None,
    until: UntilOption = None,
    plot: PlotOption = None,
    as_json: JsonOption = False,
) -> None:
    """A dyad's history: events by QuadClass and Goldstein per bucket, both ways."""
    with _reading(db, plot) as store:
        history = dyad_history(store, a, b, checked_period(by), _span(since, until))
    counts = ("events", *QUAD_NAMES.values(), "goldstein_sum")
    rows = [
        {"period": bucket["period"], "direction": f"{d['source_country']}→{d['target_country']}",
         **{k: d[k] for k in counts}}
        for bucket in history["buckets"] for d in (bucket["forward"], bucket["backward"])
    ]  # fmt: skip
    fields = ("period", "direction", *counts)
    title = f"{history['a']}–{history['b']} by {history['by']}"
    print_rows(history["buckets"] if as_json else rows, fields, title, as_json)
    _plotted(plot, plot_dyad, history)


def network_command(
    db: DbOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    plot: PlotOption = None,
    as_json: JsonOption = False,
) -> None:
    """The signed network of states for a period: blocs and each state's position."""
    with _reading(db, plot) as store:
        result = network(store, _span(since, until))
    fields = ("id", "bloc", "partners", "rivals", "cooperation", "conflict", "betweenness")
    _show(result, result["nodes"], fields, f"{len(result['blocs'])} bloc(s)", as_json)
    _plotted(plot, plot_network, result)


def isolation_command(
    country: Annotated[str, typer.Argument(help="The country (e.g. PRK).")],
    db: DbOption = None,
    by: ByOption = "year",
    since: SinceOption = None,
    until: UntilOption = None,
    plot: PlotOption = None,
    as_json: JsonOption = False,
) -> None:
    """A state's cooperative partners per period and their trend."""
    with _reading(db, plot) as store:
        result = isolation(store, country, checked_period(by), _span(since, until))
    trend = "n/a" if result["slope"] is None else f"{result['slope']:+.3f}/{result['by']}"
    title = f"{result['country']}: trend {trend}, last change {result['change']}"
    fields = ("period", "partners", "events", "goldstein")
    _show(result, result["periods"], fields, title, as_json)
    _plotted(plot, plot_isolation, result)


def alert_feed(
    since: Annotated[str, typer.Option(help="Alerts for events on or after (YYYY-MM-DD).")],
    db: DbOption = None,
    gap_days: Annotated[
        int, typer.Option(help="Days without a code that make its return new.", min=1)
    ] = DEFAULT_GAP_DAYS,
    by: ByOption = "week",
    limit: Annotated[int, typer.Option(help="Show at most this many alerts.", min=1)] = 200,
    as_json: JsonOption = False,
) -> None:
    """Novelties ("first visit between PRK and IRN since 2019-08") and conflict spikes,
    newest first."""
    start = parse_date(since, "--since")
    assert start is not None
    with _reading(db) as store:
        rows = alerts(store, start, gap_days, checked_period(by), limit)
    print_rows(rows, ("date", "kind", "message"), f"{len(rows)} alert(s)", as_json)


def serve(
    db: DbOption = None,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port.", min=1, max=65535)] = 8000,
    token: Annotated[
        str | None,
        typer.Option(
            envvar="DIPLOWATCH_TOKEN",
            help="Let requests with `Authorization: Bearer TOKEN` code text; without a "
            "token the server is read-only.",
        ),
    ] = None,
) -> None:
    """The dashboard and its JSON API (OpenAPI schema at /docs)."""
    import uvicorn  # the server stack loads only for this command

    from diplowatch.access import is_loopback
    from diplowatch.server import create_app

    try:
        app = create_app(store_path(db), token=token or None)
    except InputError as problem:
        fail(str(problem))
    if not is_loopback(host):
        err.print(
            f"[bold yellow]warning:[/bold yellow] {_exposure(host, bool(token))}", highlight=False
        )
    out.print(f"diplowatch dashboard on http://{host}:{port}/ (API docs: /docs)")
    uvicorn.run(app, host=host, port=port, log_level="warning")


def _exposure(host: str, has_token: bool) -> str:
    """What listening beyond this machine opens up (the server speaks plain HTTP)."""
    reach = f"listening on {host}: anyone who can reach it reads the store"
    if has_token:
        return f"{reach}, and the token crosses the network unencrypted (use a TLS proxy)"
    return f"{reach} (coding stays off without a token)"


def register(app: typer.Typer) -> None:
    """Add the analysis commands to the main command line."""
    app.command("stories")(story_list)
    app.command("dyad")(dyad)
    app.command("network")(network_command)
    app.command("isolation")(isolation_command)
    app.command("alerts")(alert_feed)
    app.command("serve")(serve)
