"""Similar personas: personas compared by the pain points, JTBDs and goals they share.

Up to ``EXACT_UP_TO`` personas with a facet, GDS node similarity: the exact Jaccard (or
overlap) of every pair of personas that share a facet; its cost grows with the square
of the personas a facet has (65 s at 10,000 synthetic personas, docs/benchmarks.md).
Above, one of two approximate methods, both linear in personas (``approximate``):

* ``knn_jaccard`` (the default, :mod:`.facet_neighbours`): kNN over each persona's facet
  set with the Jaccard metric; the scores are exact Jaccard, only the search is
  approximate;
* ``fastrp_knn`` (:mod:`.embedding_neighbours`): FastRP embeddings and kNN by their
  cosine, which estimates the facet sets' cosine; measured to find far fewer of the
  exact neighbours (bench/similar_personas_recall.py), kept for comparison.

The run records which method it used. Each active persona keeps its top-k most similar
personas as ``(Persona)-[:SIMILAR_TO {score, rank, run}]->(Persona)``; a new run
replaces the links of every earlier run. The new links are written in batches first and
the old ones deleted only after the run is marked finished, so readers (who follow the
latest finished run) always see one complete run. Every GDS algorithm is preceded by
its memory estimate, and each step is reported to ``progress`` (:mod:`.progress`).
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal

from graphdatascience import GraphDataScience
from graphdatascience.graph.graph_api import Graph

from personagraph.analytics import embedding_neighbours, facet_neighbours, node_similarity, runs
from personagraph.analytics import gds as gds_support
from personagraph.analytics.embedding_neighbours import EmbeddingParameters
from personagraph.analytics.progress import Progress, Steps
from personagraph.store import Store
from personagraph.store.connection import ConnectionSpec, Transaction

Metric = Literal["JACCARD", "OVERLAP"]
Method = Literal["node_similarity", "knn_jaccard", "fastrp_knn"]
Approximate = Literal["knn_jaccard", "fastrp_knn"]
APPROXIMATE: tuple[Approximate, ...] = ("knn_jaccard", "fastrp_knn")
TOP_K = 10
SIMILARITY_CUTOFF = 0.05
# Node similarity up to this many personas with a facet, kNN above. At 10,000 kNN over
# facets was 2.45 times faster (measured); at 5,000 node similarity's quadratic growth
# puts it at about a quarter of its 10,000 time (estimated), still affordable and exact.
EXACT_UP_TO = 5_000
BATCH = 10_000
PERSONA_GRAPH = node_similarity.Compared(
    "analytics/persona_graph_size", "has a pain point, JTBD or goal"
)
EXACT_STEPS = ("estimate memory", "project the personas", "node similarity",
               "write the links", "remove older links")  # fmt: skip
FACET_STEPS = ("project the personas' facets", "estimate kNN memory", "kNN",
               "write the links", "remove older links")  # fmt: skip
EMBEDDING_STEPS = ("estimate memory", "project the personas", "FastRP embeddings",
                   "estimate kNN memory", "kNN", "write the links",
                   "remove older links")  # fmt: skip


@dataclass(frozen=True)
class SimilarPersona:
    """One persona similar to another: its id, the similarity (0-1) and its rank (1 = most)."""

    persona: str
    score: float
    rank: int


@dataclass(frozen=True)
class SimilarityResult:
    """A similarity run: its id, method, parameters, GDS version and how many links it wrote."""

    run_id: str
    method: Method
    parameters: dict[str, Any]
    gds_version: str
    personas: int
    links: int


def choose_method(
    personas: int, exact_up_to: int = EXACT_UP_TO, approximate: Approximate = "knn_jaccard"
) -> Method:
    """Node similarity for up to ``exact_up_to`` personas, ``approximate`` for more."""
    return "node_similarity" if personas <= exact_up_to else approximate


STEPS: dict[Method, tuple[str, ...]] = {
    "node_similarity": EXACT_STEPS,
    "knn_jaccard": FACET_STEPS,
    "fastrp_knn": EMBEDDING_STEPS,
}


def rank_pairs(pairs: Sequence[tuple[str, str, float]]) -> dict[str, list[SimilarPersona]]:
    """Each source's similar personas, most similar first (ties by id), ranked from 1."""
    by_source: dict[str, list[tuple[str, float]]] = defaultdict(list)
    for source, target, score in pairs:
        if source != target:
            by_source[source].append((target, score))
    return {
        source: [
            SimilarPersona(target, score, rank)
            for rank, (target, score) in enumerate(
                sorted(targets, key=lambda t: (-round(t[1], 12), t[0])), start=1
            )
        ]
        for source, targets in sorted(by_source.items())
    }


def run_similarity(
    spec: ConnectionSpec,
    store: Store,
    *,
    top_k: int = TOP_K,
    metric: Metric = "JACCARD",
    similarity_cutoff: float = SIMILARITY_CUTOFF,
    exact_up_to: int = EXACT_UP_TO,
    approximate: Approximate = "knn_jaccard",
    embedding: EmbeddingParameters = embedding_neighbours.DEFAULTS,
    progress: Progress | None = None,
) -> SimilarityResult:
    """Find each persona's top-k similar personas and write them as ``SIMILAR_TO``.

    Args:
        spec: where the server is (the GDS client opens its own connection).
        store: the store on the same database.
        top_k: how many similar personas each persona keeps.
        metric: JACCARD (shared / all facets) or OVERLAP (shared / the smaller set), for
            node similarity and kNN over facets; the embeddings compare by cosine.
        similarity_cutoff: pairs less similar than this are not linked (0-1].
        exact_up_to: the most personas compared exactly (node similarity); above,
            ``approximate``. 0 always uses ``approximate``.
        approximate: the method above ``exact_up_to``: ``knn_jaccard`` (kNN over facet
            sets, exact Jaccard scores) or ``fastrp_knn`` (FastRP embeddings, cosine).
        embedding: FastRP's and kNN's settings, when ``fastrp_knn`` is used.
        progress: called at each step (see :mod:`.progress`).

    Raises:
        ValidationFailed: a parameter is out of range (each one is listed), or no persona
            has a facet.
        InsufficientMemory: GDS estimates a step would not fit in the server's heap.
        StoreError: the database or GDS failed; readers still see the previous run.
    """
    node_similarity.check_parameters(
        top_k,
        similarity_cutoff,
        (TOP_K, SIMILARITY_CUTOFF),
        [
            *(
                []
                if metric in ("JACCARD", "OVERLAP")
                else [f"metric is {metric!r}; use 'JACCARD' or 'OVERLAP'."]
            ),
            *(
                [f"exact_up_to is {exact_up_to}; it must be at least 0 (e.g. {EXACT_UP_TO})."]
                if exact_up_to < 0
                else []
            ),
            *(
                []
                if approximate in APPROXIMATE
                else [f"approximate is {approximate!r}; use 'knn_jaccard' or 'fastrp_knn'."]
            ),
        ],
    )
    run_id = str(uuid.uuid4())
    started_at = datetime.now(UTC)
    with node_similarity.sized_client(spec, store, PERSONA_GRAPH) as (gds, gds_version, size):
        method = choose_method(int(size["persona_count"]), exact_up_to, approximate)
        steps = Steps("similar_personas", run_id, STEPS[method], progress)
        parameters: dict[str, Any] = {
            "method": method,
            "exact_up_to": exact_up_to,
            "top_k": top_k,
            "similarity_cutoff": similarity_cutoff,
            "features": ["PainPoint", "JTBD", "Goal"],
        }
        if method == "node_similarity":
            parameters["similarity_metric"] = metric
        elif method == "knn_jaccard":
            parameters |= {"similarity_metric": metric, **facet_neighbours.recorded(top_k)}
        else:
            parameters |= {"similarity_metric": "COSINE", **embedding.recorded()}
        pairs = similar_pairs(
            gds, store, size, method, steps, top_k, metric, similarity_cutoff, embedding
        )
    ranked = {source: similar[:top_k] for source, similar in rank_pairs(pairs).items()}
    store.transaction(
        lambda tx: runs.start(tx, run_id, "similar_personas", started_at, parameters, gds_version)
    )
    steps.start("write the links")
    rows = _rows(ranked)
    for start in range(0, len(rows), BATCH):
        store.transaction(_writer(run_id, rows[start : start + BATCH]))
        steps.advance(min(start + BATCH, len(rows)), len(rows))
    store.transaction(lambda tx: runs.finish(tx, run_id))
    steps.start("remove older links")
    store.run_autocommit("analytics/delete_old_similar_personas", run_id=run_id)
    return SimilarityResult(run_id, method, parameters, gds_version, len(ranked), len(rows))


def similar_pairs(
    gds: GraphDataScience,
    store: Store,
    size: dict[str, Any],
    method: Method,
    steps: Steps,
    top_k: int = TOP_K,
    metric: Metric = "JACCARD",
    similarity_cutoff: float = SIMILARITY_CUTOFF,
    embedding: EmbeddingParameters = embedding_neighbours.DEFAULTS,
) -> list[tuple[str, str, float]]:
    """``(persona, similar persona, score)`` for each persona's top-k by ``method``, each
    GDS step after its memory estimate; nothing is written.

    ``size`` is the row of ``analytics/persona_graph_size``; ``steps`` made of
    ``STEPS[method]``. kNN over facets returns up to ``facet_neighbours.CANDIDATES`` times
    top-k per persona (the caller keeps the best top-k).

    Raises:
        InsufficientMemory: a step's estimate does not fit in the server's free heap.
    """
    if method == "knn_jaccard":
        steps.start("project the personas' facets")
        statement = store.registry.statement("analytics/project_persona_facets")
        with gds_support.projection(gds, statement, f"personagraph-facets-{uuid.uuid4()}") as graph:
            steps.start("estimate kNN memory")
            facet_neighbours.ensure_neighbours_fit(gds, graph, top_k, metric)
            steps.start("kNN")
            frame = facet_neighbours.neighbours(gds, graph, top_k, metric, similarity_cutoff)
        return _keyed(store, frame)
    steps.start("estimate memory")
    if method == "node_similarity":
        node_similarity.ensure_node_similarity_fits(gds, size, top_k)
    else:
        embedding_neighbours.ensure_embedding_fits(gds, size, embedding)
    steps.start("project the personas")
    statement = store.registry.statement("analytics/project_persona_graph")
    with gds_support.projection(gds, statement, f"personagraph-personas-{uuid.uuid4()}") as graph:
        frame = _similarities(
            gds, graph, method, steps, top_k, metric, similarity_cutoff, embedding
        )
    return _keyed(store, frame)


def _keyed(store: Store, frame: Any) -> list[tuple[str, str, float]]:
    """GDS's ``(node1, node2, similarity)`` rows with the personas' ids for the node ids."""
    nodes = sorted({int(n) for n in frame["node1"]} | {int(n) for n in frame["node2"]})
    ids = {row["node_id"]: row["key"] for row in store.read("analytics/node_keys", node_ids=nodes)}
    return [
        (ids[int(a)], ids[int(b)], float(score))
        for a, b, score in zip(frame["node1"], frame["node2"], frame["similarity"], strict=True)
    ]


def _similarities(
    gds: GraphDataScience,
    graph: Graph,
    method: Method,
    steps: Steps,
    top_k: int,
    metric: Metric,
    similarity_cutoff: float,
    embedding: EmbeddingParameters,
) -> Any:
    if method == "node_similarity":
        steps.start("node similarity")
        return gds.node_similarity.stream(
            graph,
            top_k=top_k,
            similarity_metric=metric,
            similarity_cutoff=similarity_cutoff,
            concurrency=1,
        )
    steps.start("FastRP embeddings")
    embedding_neighbours.embed(gds, graph, embedding)
    steps.start("estimate kNN memory")
    embedding_neighbours.ensure_neighbours_fit(gds, graph, top_k, embedding)
    steps.start("kNN")
    return embedding_neighbours.neighbours(gds, graph, top_k, similarity_cutoff, embedding)


def _rows(ranked: dict[str, list[SimilarPersona]]) -> list[dict[str, Any]]:
    return [
        {"source": source, "target": s.persona, "score": s.score, "rank": s.rank}
        for source, similar in ranked.items()
        for s in similar
    ]


def _writer(run_id: str, rows: list[dict[str, Any]]) -> Callable[[Transaction], None]:
    def work(tx: Transaction) -> None:
        tx.run("analytics/write_similar_personas", run_id=run_id, rows=rows)

    return work


def similar_to(store: Store, persona: str) -> list[SimilarPersona]:
    """The personas most similar to ``persona`` in the latest run (empty before any run)."""
    latest = runs.latest(store, "similar_personas")
    if latest is None:
        return []
    rows = store.read("analytics/similar_personas", persona=persona, run_id=latest.id)
    return [SimilarPersona(row["persona"], row["score"], row["rank"]) for row in rows]
