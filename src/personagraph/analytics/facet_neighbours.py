"""Similar personas in linear time with exact scores: kNN over each persona's facet set
with the Jaccard metric.

Each persona is projected alone with its facets (pain points, JTBDs, goals) as a list of
integers (``project_persona_facets.cypher``); GDS kNN (NN-descent) compares a bounded
number of candidate personas per persona and iteration by the Jaccard of those lists, so
its work grows with the personas, not with the pairs sharing a popular facet as node
similarity's does. The scores are the exact Jaccard of the pairs it finds; what it can
miss are pairs it never compares. Asking kNN for ``CANDIDATES`` times top-k neighbours and
keeping the best top-k finds most of the exact top-k (recall@10 measured by
``bench/similar_personas_recall.py``).

Deterministic: kNN samples with ``random_seed`` on one thread (GDS gives a seeded kNN
the same result only with ``concurrency`` 1), over nodes numbered in key order.
"""

from __future__ import annotations

from typing import Any

from graphdatascience import GraphDataScience
from graphdatascience.graph.graph_api import Graph

from personagraph.analytics import gds as gds_support

FACETS = "facets"
# kNN keeps this many times top-k candidates per persona; the best top-k are written.
CANDIDATES = 3
RANDOM_SEED = 42
SAMPLE_RATE = 0.5


def ensure_neighbours_fit(gds: GraphDataScience, graph: Graph, top_k: int, metric: str) -> None:
    """Refuse kNN over the persona facets of ``graph`` when its estimate exceeds the
    free heap.

    Raises:
        InsufficientMemory: the estimate does not fit; the message names the setting to raise.
    """
    estimate = gds.knn.estimate(graph, **_configuration(top_k, metric, 0.0))
    gds_support.ensure_fits(gds, estimate, f"kNN (top {top_k * CANDIDATES}) over persona facets")


def neighbours(
    gds: GraphDataScience, graph: Graph, top_k: int, metric: str, similarity_cutoff: float
) -> Any:
    """Up to ``CANDIDATES`` times top-k personas per persona by ``metric`` (JACCARD or
    OVERLAP) of their facets, as GDS streams them (``node1``, ``node2``, ``similarity``)."""
    return gds.knn.stream(graph, **_configuration(top_k, metric, similarity_cutoff))


def recorded(top_k: int) -> dict[str, Any]:
    """kNN's settings as the run's parameters hold them."""
    return {
        "knn_top_k": top_k * CANDIDATES,
        "random_seed": RANDOM_SEED,
        "sample_rate": SAMPLE_RATE,
    }


def _configuration(top_k: int, metric: str, similarity_cutoff: float) -> dict[str, Any]:
    return {
        "node_properties": {FACETS: metric},
        "top_k": top_k * CANDIDATES,
        "similarity_cutoff": similarity_cutoff,
        "sample_rate": SAMPLE_RATE,
        "random_seed": RANDOM_SEED,
        "concurrency": 1,
    }
