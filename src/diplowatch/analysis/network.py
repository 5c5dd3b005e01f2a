"""The signed, weighted network of states for a period, its blocs and each state's place.

Ties are undirected pairs of countries weighted by their cooperative and conflictual
events (QuadClass 1-2 and 3-4); domestic events are no ties. Blocs are communities
of the net-cooperative ties found by networkx's Louvain method (seeded, so a store
always gives the same blocs), not by a hand-made algorithm.
"""

from __future__ import annotations

from typing import Any

import networkx as nx

from diplowatch.analysis.periods import CONFLICT, COOPERATION, Span
from diplowatch.store import Store

LOUVAIN_SEED = 7


def ties(store: Store, span: Span | None = None) -> list[dict[str, Any]]:
    """Every pair of countries with events in the period: cooperation, conflict, net."""
    dates, params = (span or Span()).sql()
    coop, conflict = ", ".join(map(str, COOPERATION)), ", ".join(map(str, CONFLICT))
    sql = f"""
        SELECT least(source_country, target_country) AS a,
            greatest(source_country, target_country) AS b,
            count(*) FILTER (WHERE quad_class IN ({coop})) AS cooperation,
            count(*) FILTER (WHERE quad_class IN ({conflict})) AS conflict,
            round(sum(goldstein), 2) AS goldstein
        FROM events
        WHERE mention_of IS NULL AND source_country <> target_country AND {dates}
        GROUP BY ALL ORDER BY a, b
    """
    rows = store.query(sql, params)
    for row in rows:
        row["net"] = row["cooperation"] - row["conflict"]
    return rows


def network(store: Store, span: Span | None = None) -> dict[str, Any]:
    """Nodes with their bloc and position, the signed edges, and the blocs."""
    edges = ties(store, span)
    graph = nx.Graph()
    for edge in edges:
        graph.add_edge(edge["a"], edge["b"], **edge)
    friendly = nx.Graph()
    friendly.add_nodes_from(graph)
    friendly.add_weighted_edges_from((e["a"], e["b"], e["net"]) for e in edges if e["net"] > 0)
    blocs = sorted(
        (sorted(c) for c in nx.community.louvain_communities(friendly, seed=LOUVAIN_SEED)),
        key=lambda members: (-len(members), members),
    )
    bloc_of = {node: i for i, members in enumerate(blocs) for node in members}
    between = nx.betweenness_centrality(friendly) if len(friendly) > 2 else {}
    nodes = [_position(graph, node, bloc_of[node], between.get(node, 0.0)) for node in graph]
    nodes.sort(key=lambda n: (n["bloc"], -n["cooperation"], n["id"]))
    return {"nodes": nodes, "edges": edges, "blocs": blocs}


def _position(graph: nx.Graph, node: str, bloc: int, betweenness: float) -> dict[str, Any]:
    """A state's place: its bloc, partners and rivals, and how central it is to the
    cooperative ties (betweenness: how many friendly paths run through it)."""
    around = [graph.edges[node, other] for other in graph[node]]
    return {
        "id": node,
        "bloc": bloc,
        "partners": sum(1 for e in around if e["net"] > 0),
        "rivals": sum(1 for e in around if e["net"] < 0),
        "cooperation": sum(e["cooperation"] for e in around),
        "conflict": sum(e["conflict"] for e in around),
        "betweenness": round(betweenness, 4),
    }
