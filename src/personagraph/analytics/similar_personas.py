"""Similar personas: GDS node similarity over the pain points, JTBDs and goals they share.

Each active persona keeps its top-k most similar personas as
``(Persona)-[:SIMILAR_TO {score, rank, run}]->(Persona)``; a new run replaces the links
of every earlier run. The new links are written in batches first and the old ones
deleted only after the run is marked finished, so readers (who follow the latest
finished run) always see one complete run.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal

from graphdatascience import GraphDataScience

from personagraph.analytics import gds as gds_support
from personagraph.analytics import node_similarity, runs
from personagraph.store import Store
from personagraph.store.connection import ConnectionSpec, Transaction

Metric = Literal["JACCARD", "OVERLAP"]
TOP_K = 10
SIMILARITY_CUTOFF = 0.05
BATCH = 10_000
Progress = Callable[[str], None]
PERSONA_GRAPH = node_similarity.Compared(
    "analytics/persona_graph_size", "has a pain point, JTBD or goal"
)


@dataclass(frozen=True)
class SimilarPersona:
    """One persona similar to another: its id, the similarity (0-1) and its rank (1 = most)."""

    persona: str
    score: float
    rank: int


@dataclass(frozen=True)
class SimilarityResult:
    """A similarity run: its id, parameters, GDS version and how many links it wrote."""

    run_id: str
    parameters: dict[str, Any]
    gds_version: str
    personas: int
    links: int


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
    progress: Progress | None = None,
) -> SimilarityResult:
    """Find each persona's top-k similar personas and write them as ``SIMILAR_TO``.

    Args:
        spec: where the server is (the GDS client opens its own connection).
        store: the store on the same database.
        top_k: how many similar personas each persona keeps.
        metric: JACCARD (shared / all facets) or OVERLAP (shared / the smaller set).
        similarity_cutoff: pairs less similar than this are not linked (0-1].
        progress: called with a line of text at each step.

    Raises:
        ValidationFailed: a parameter is out of range (each one is listed), or no persona
            has a facet.
        InsufficientMemory: GDS estimates the run would not fit in the server's heap.
        StoreError: the database or GDS failed; readers still see the previous run.
    """
    say = progress or (lambda _: None)
    node_similarity.check_parameters(
        top_k,
        similarity_cutoff,
        (TOP_K, SIMILARITY_CUTOFF),
        []
        if metric in ("JACCARD", "OVERLAP")
        else [f"metric is {metric!r}; use 'JACCARD' or 'OVERLAP'."],
    )
    parameters = {
        "top_k": top_k,
        "similarity_metric": metric,
        "similarity_cutoff": similarity_cutoff,
        "features": ["PainPoint", "JTBD", "Goal"],
    }
    run_id = str(uuid.uuid4())
    started_at = datetime.now(UTC)
    with node_similarity.client(spec, store, PERSONA_GRAPH, top_k) as (gds, gds_version):
        say("computing node similarity")
        pairs = _pairs(gds, store, run_id, top_k, metric, similarity_cutoff)
    ranked = rank_pairs(pairs)
    store.transaction(
        lambda tx: runs.start(tx, run_id, "similar_personas", started_at, parameters, gds_version)
    )
    written = 0
    for batch in _batches(ranked):
        store.transaction(_writer(run_id, batch))
        written += len(batch)
        say(f"written {written} SIMILAR_TO links")
    store.transaction(lambda tx: runs.finish(tx, run_id))
    store.run_autocommit("analytics/delete_old_similar_personas", run_id=run_id)
    return SimilarityResult(run_id, parameters, gds_version, len(ranked), written)


def _pairs(
    gds: GraphDataScience,
    store: Store,
    run_id: str,
    top_k: int,
    metric: Metric,
    similarity_cutoff: float,
) -> list[tuple[str, str, float]]:
    statement = store.registry.statement("analytics/project_persona_graph")
    with gds_support.projection(gds, statement, f"personagraph-personas-{run_id}") as graph:
        frame = gds.node_similarity.stream(
            graph,
            top_k=top_k,
            similarity_metric=metric,
            similarity_cutoff=similarity_cutoff,
            concurrency=1,
        )
    nodes = sorted({int(n) for n in frame["node1"]} | {int(n) for n in frame["node2"]})
    ids = {row["node_id"]: row["key"] for row in store.read("analytics/node_keys", node_ids=nodes)}
    return [
        (ids[int(a)], ids[int(b)], float(score))
        for a, b, score in zip(frame["node1"], frame["node2"], frame["similarity"], strict=True)
    ]


def _batches(ranked: dict[str, list[SimilarPersona]]) -> Iterator[list[dict[str, Any]]]:
    rows = [
        {"source": source, "target": s.persona, "score": s.score, "rank": s.rank}
        for source, similar in ranked.items()
        for s in similar
    ]
    for start in range(0, len(rows), BATCH):
        yield rows[start : start + BATCH]


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
