"""Figures for papers: dyad timelines, networks and isolation series (matplotlib).

Readable in print: large type, a palette that survives greyscale and colour blindness
(Okabe-Ito), hatching that tells cooperation from conflict without colour, and the
output format taken from the file name (.png at 200 dpi, .svg, .pdf).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import networkx as nx
from matplotlib import rc_context
from matplotlib.axes import Axes
from matplotlib.figure import Figure  # no pyplot: no display and no global figure state

from diplowatch.analysis.periods import QUAD_NAMES
from diplowatch.errors import InputError

FORMATS = (".png", ".svg", ".pdf")
# Okabe-Ito colours, one per QuadClass, with hatches that survive greyscale
QUAD_STYLE = {
    "verbal_cooperation": ("#56B4E9", ""),
    "material_cooperation": ("#0072B2", ".."),
    "verbal_conflict": ("#E69F00", "//"),
    "material_conflict": ("#D55E00", "xx"),
}
BLOC_COLOURS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442")
STYLE = {"font.size": 12, "axes.titlesize": 14, "axes.labelsize": 12, "legend.fontsize": 10,
         "axes.spines.top": False, "axes.spines.right": False}  # fmt: skip


def checked_figure_path(path: Path) -> Path:
    """A figure file name with a format matplotlib writes, in a folder that exists."""
    if path.suffix.lower() not in FORMATS:
        raise InputError(f"{path}: give a figure file ending in {', '.join(FORMATS)}")
    if not path.parent.is_dir():
        raise InputError(f"{path.parent}: no such directory for the figure")
    return path


def _save(figure: Figure, path: Path) -> None:
    figure.tight_layout()
    figure.savefig(checked_figure_path(path), dpi=200)


def _legend(axis: Axes, twin: Axes) -> None:
    """One legend for a chart and its second y axis."""
    handles, labels = axis.get_legend_handles_labels()
    more_handles, more_labels = twin.get_legend_handles_labels()
    axis.legend(handles + more_handles, labels + more_labels, loc="upper left", frameon=False)


def plot_dyad(history: dict[str, Any], path: Path) -> None:
    """Events per bucket by QuadClass, A->B above the axis and B->A below it, with the
    Goldstein sum of each direction as a line."""
    with rc_context(STYLE):
        figure = Figure(figsize=(10, 5))
        axis = figure.subplots()
        periods = [b["period"] for b in history["buckets"]]
        x = range(len(periods))
        for sign, direction in ((1, "forward"), (-1, "backward")):
            bottom = [0.0] * len(periods)
            for quad in QUAD_NAMES.values():
                colour, hatch = QUAD_STYLE[quad]
                values = [sign * b[direction][quad] for b in history["buckets"]]
                label = quad.replace("_", " ") if sign == 1 else None
                axis.bar(x, values, bottom=bottom, color=colour, hatch=hatch, label=label,
                         edgecolor="black", linewidth=0.5)  # fmt: skip
                bottom = [s + v for s, v in zip(bottom, values, strict=True)]
        axis.axhline(0, color="black", linewidth=0.8)
        axis.set_xticks(list(x), periods, rotation=45 if len(periods) > 8 else 0, ha="right")
        a, b = history["a"], history["b"]
        axis.set_ylabel(f"events: {a} → {b} (up), {b} → {a} (down)")
        axis.set_title(f"{a}–{b} relations by {history['by']}")
        line = axis.twinx()
        for direction, style in (("forward", "-"), ("backward", "--")):
            sums = [b[direction]["goldstein_sum"] for b in history["buckets"]]
            label = f"Goldstein sum ({direction})"
            line.plot(list(x), sums, style, color="black", marker="o", label=label)
        line.set_ylabel("Goldstein sum")
        _legend(axis, line)
        _save(figure, path)


def plot_network(net: dict[str, Any], path: Path) -> None:
    """States as nodes coloured by bloc; solid ties net cooperative, dashed net hostile,
    width by the number of events."""
    graph = nx.Graph()
    graph.add_nodes_from(n["id"] for n in net["nodes"])
    for edge in net["edges"]:
        graph.add_edge(edge["a"], edge["b"], net=edge["net"],
                       size=edge["cooperation"] + edge["conflict"])  # fmt: skip
    with rc_context(STYLE):
        figure = Figure(figsize=(10, 8))
        axis = figure.subplots()
        layout = nx.spring_layout(graph, seed=7, weight=None)
        for positive, style, colour in ((True, "solid", "#009E73"), (False, "dashed", "#D55E00")):
            chosen = [(a, b) for a, b, d in graph.edges(data=True) if (d["net"] > 0) == positive]
            widths = [0.8 + graph.edges[e]["size"] ** 0.5 for e in chosen]
            nx.draw_networkx_edges(graph, layout, edgelist=chosen, style=style, width=widths,
                                   edge_color=colour, ax=axis)  # fmt: skip
        bloc = {n["id"]: n["bloc"] for n in net["nodes"]}
        colours = [BLOC_COLOURS[bloc[n] % len(BLOC_COLOURS)] for n in graph]
        sizes = [300 + 60 * graph.degree(n) for n in graph]
        nx.draw_networkx_nodes(graph, layout, node_color=colours, node_size=sizes,
                               edgecolors="black", ax=axis)  # fmt: skip
        nx.draw_networkx_labels(graph, layout, font_size=10, ax=axis)
        axis.set_title("States by bloc (solid: net cooperation, dashed: net conflict)")
        axis.axis("off")
        _save(figure, path)


def plot_isolation(series: dict[str, Any], path: Path) -> None:
    """Cooperative partners per period (bars) and cooperative events (line)."""
    with rc_context(STYLE):
        figure = Figure(figsize=(9, 4.5))
        axis = figure.subplots()
        periods = [p["period"] for p in series["periods"]]
        x = range(len(periods))
        axis.bar(x, [p["partners"] for p in series["periods"]], color="#0072B2",
                 edgecolor="black", linewidth=0.5, label="cooperative partners")  # fmt: skip
        axis.set_xticks(list(x), periods, rotation=45 if len(periods) > 8 else 0, ha="right")
        axis.set_ylabel("partners")
        events = axis.twinx()
        events.plot(list(x), [p["events"] for p in series["periods"]], color="black",
                    marker="o", label="cooperative events")  # fmt: skip
        events.set_ylabel("events")
        slope = series["slope"]
        trend = "n/a" if slope is None else f"{slope:+.2f} partners per {series['by']}"
        axis.set_title(
            f"{series['country']}: cooperative partners by {series['by']} (trend {trend})"
        )
        _legend(axis, events)
        _save(figure, path)
