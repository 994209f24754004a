"""Cross-functional pain clusters: pain points that the same people have, across functions.

GDS node similarity (Jaccard) compares pain points by the personas who experience them
(PainPoint→Persona projection); the top-k similar pairs become an undirected weighted
graph that Leiden partitions (fixed random seed, one thread: the same graph gives the
same clusters). Each cluster is summed up from the graph — functions spanned, persona
count, mean severity, the opportunities addressing any of its pain points — and a
cluster no opportunity addresses is white space.

Clusters are persisted: the latest clustering replaces the previous one as
``(AnalysisRun)-[:FOUND]->(PainCluster)-[:GROUPS]->(PainPoint)``, so the API reads
clusters without re-running GDS, and the ``AnalysisRun`` keeps when and how they were found.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from graphdatascience import GraphDataScience

from personagraph.analytics import gds as gds_support
from personagraph.analytics import node_similarity, runs
from personagraph.analytics.progress import Progress, Steps
from personagraph.store import Store
from personagraph.store.connection import ConnectionSpec, Transaction

TOP_K = 10
SIMILARITY_CUTOFF = 0.1
MIN_SIZE = 2
RANDOM_SEED = 42
SIMILAR = "SIMILAR"
SIMILAR_UNDIRECTED = "SIMILAR_UNDIRECTED"
PAIN_GRAPH = node_similarity.Compared("analytics/pain_graph_size", "experiences a pain point")
STEPS = ("estimate memory", "project the pain points", "node similarity",
         "estimate Leiden's memory", "Leiden", "sum up the clusters",
         "write the clusters")  # fmt: skip


@dataclass(frozen=True)
class PainReach:
    """One pain point and who it reaches: ``(persona, function, severity)`` and opportunities."""

    key: str
    text: str
    experienced: tuple[tuple[str, str | None, float], ...]
    opportunities: tuple[str, ...]


@dataclass(frozen=True)
class PainCluster:
    """A group of pain points the same personas share, and what that group reaches.

    ``white_space`` is true when no active opportunity addresses any of its pain points;
    ``unaddressed`` are the pain points no opportunity addresses (white space inside it).
    """

    id: str
    rank: int
    name: str
    pain_points: tuple[str, ...]
    functions: tuple[str, ...]
    persona_count: int
    mean_severity: float
    opportunities: tuple[str, ...]
    unaddressed: tuple[str, ...]

    @property
    def white_space(self) -> bool:
        return not self.opportunities

    @property
    def coverage(self) -> float:
        """The share of its pain points some opportunity addresses, 0-1."""
        return 1 - len(self.unaddressed) / len(self.pain_points) if self.pain_points else 0.0

    @property
    def cross_functional(self) -> bool:
        return len(self.functions) > 1


@dataclass(frozen=True)
class PainClusterResult:
    """A clustering run: its id, parameters, GDS version and clusters, best first."""

    run_id: str
    parameters: dict[str, Any]
    gds_version: str
    clusters: tuple[PainCluster, ...]


def summarise(
    run_id: str,
    communities: Mapping[str, int],
    reach: Iterable[PainReach],
    min_size: int = MIN_SIZE,
) -> list[PainCluster]:
    """Clusters from a partition of pain points (key → community) and what each pain reaches.

    Communities with fewer than ``min_size`` pain points are left out (a lone pain point
    is not a pattern). Ranked most functions first, then most personas, then the first
    pain point key; ids are ``<run id>:<rank>``. The name is the text of the pain point
    most personas have.
    """
    by_key = {item.key: item for item in reach}
    members: dict[int, list[PainReach]] = {}
    for key, community in sorted(communities.items()):
        if key in by_key:
            members.setdefault(community, []).append(by_key[key])
    groups = [_facts(items) for items in members.values() if len(items) >= min_size]
    groups.sort(key=lambda g: (-len(g["functions"]), -g["persona_count"], g["pain_points"][0]))
    return [
        PainCluster(id=f"{run_id}:{rank}", rank=rank, **group)
        for rank, group in enumerate(groups, start=1)
    ]


def _facts(items: Sequence[PainReach]) -> dict[str, Any]:
    personas = {persona for item in items for persona, _, _ in item.experienced}
    functions = {f for item in items for _, f, _ in item.experienced if f is not None}
    severities = [severity for item in items for _, _, severity in item.experienced]
    named = min(items, key=lambda item: (-len(item.experienced), item.key))
    return {
        "name": named.text,
        "pain_points": tuple(sorted(item.key for item in items)),
        "functions": tuple(sorted(functions)),
        "persona_count": len(personas),
        "mean_severity": sum(severities) / len(severities) if severities else 0.0,
        "opportunities": tuple(sorted({o for item in items for o in item.opportunities})),
        "unaddressed": tuple(sorted(item.key for item in items if not item.opportunities)),
    }


def run_pain_clustering(
    spec: ConnectionSpec,
    store: Store,
    *,
    top_k: int = TOP_K,
    similarity_cutoff: float = SIMILARITY_CUTOFF,
    min_size: int = MIN_SIZE,
    random_seed: int = RANDOM_SEED,
    progress: Progress | None = None,
) -> PainClusterResult:
    """Cluster pain points by the personas they share, store the clusters, and return them.

    Args:
        spec: where the server is (the GDS client opens its own connection).
        store: the store on the same database.
        top_k: how many most-similar pain points each pain point keeps.
        similarity_cutoff: the least Jaccard similarity that links two pain points (0-1].
        min_size: the fewest pain points a reported cluster has.
        random_seed: Leiden's seed; the same seed and graph give the same clusters.
        progress: called at each step (see :mod:`.progress`).

    Raises:
        ValidationFailed: a parameter is out of range (each one is listed), or no persona
            experiences a pain point.
        InsufficientMemory: GDS estimates the run would not fit in the server's heap.
        StoreError: the database or GDS failed; the stored clusters are unchanged.

    Returns:
        The run and its clusters, most cross-functional first.
    """
    node_similarity.check_parameters(
        top_k,
        similarity_cutoff,
        (TOP_K, SIMILARITY_CUTOFF),
        [f"min_size is {min_size}; it must be at least 1."] if min_size < 1 else [],
    )
    parameters = {
        "top_k": top_k,
        "similarity_cutoff": similarity_cutoff,
        "similarity_metric": "JACCARD",
        "features": "personas",
        "community_detection": "leiden",
        "random_seed": random_seed,
        "min_size": min_size,
    }
    run_id = str(uuid.uuid4())
    started_at = datetime.now(UTC)
    steps = Steps("pain_clusters", run_id, STEPS, progress)
    steps.start("estimate memory")
    with node_similarity.client(spec, store, PAIN_GRAPH, top_k) as (gds, gds_version):
        communities = _communities(gds, store, run_id, steps, top_k, similarity_cutoff, random_seed)
    steps.start("sum up the clusters")
    reach = pain_reach(store, sorted(communities))
    clusters = summarise(run_id, communities, reach, min_size)
    steps.start("write the clusters")

    def work(tx: Transaction) -> None:
        runs.start(tx, run_id, "pain_clusters", started_at, parameters, gds_version)
        tx.run("analytics/write_pain_clusters", run_id=run_id, clusters=_rows(clusters))
        runs.finish(tx, run_id)

    store.transaction(work)
    return PainClusterResult(run_id, parameters, gds_version, tuple(clusters))


def _communities(
    gds: GraphDataScience,
    store: Store,
    run_id: str,
    steps: Steps,
    top_k: int,
    similarity_cutoff: float,
    random_seed: int,
) -> dict[str, int]:
    """Pain point key → Leiden community, over the top-k Jaccard similarities."""
    steps.start("project the pain points")
    statement = store.registry.statement("analytics/project_pain_graph")
    with gds_support.projection(gds, statement, f"personagraph-pains-{run_id}") as graph:
        steps.start("node similarity")
        gds.node_similarity.mutate(
            graph,
            mutate_relationship_type=SIMILAR,
            mutate_property="score",
            top_k=top_k,
            similarity_cutoff=similarity_cutoff,
            concurrency=1,
        )
        # Leiden needs undirected links; a pair found from both ends becomes one link.
        gds.graph.relationships.to_undirected(graph, SIMILAR, SIMILAR_UNDIRECTED, aggregation="MAX")
        leiden: dict[str, Any] = {
            "node_labels": ["PainPoint"],
            "relationship_types": [SIMILAR_UNDIRECTED],
            "relationship_weight_property": "score",
            "random_seed": random_seed,
            "concurrency": 1,
        }
        steps.start("estimate Leiden's memory")
        estimate = gds.leiden.estimate(graph, **leiden)
        gds_support.ensure_fits(gds, estimate, "Leiden over the similar pain points")
        steps.start("Leiden")
        frame = gds.leiden.stream(graph, **leiden)
    community = {
        int(node): int(c) for node, c in zip(frame["nodeId"], frame["communityId"], strict=True)
    }
    keys = store.read("analytics/node_keys", node_ids=sorted(community))
    return {row["key"]: community[row["node_id"]] for row in keys}


def pain_reach(store: Store, keys: Sequence[str]) -> list[PainReach]:
    """Who experiences each of ``keys`` (active personas) and which opportunities address it."""
    return [
        PainReach(
            key=row["key"],
            text=row["text"] or row["key"],
            experienced=tuple(
                (e["persona"], e["function"], float(e["severity"] or 0)) for e in row["experienced"]
            ),
            opportunities=tuple(sorted(row["opportunities"])),
        )
        for row in store.read("analytics/pain_point_reach", keys=list(keys))
    ]


def _rows(clusters: Sequence[PainCluster]) -> list[dict[str, Any]]:
    return [
        {
            "id": c.id,
            "rank": c.rank,
            "name": c.name,
            "pain_points": list(c.pain_points),
            "functions": list(c.functions),
            "persona_count": c.persona_count,
            "mean_severity": c.mean_severity,
            "opportunities": list(c.opportunities),
            "unaddressed": list(c.unaddressed),
        }
        for c in clusters
    ]


def stored_pain_clusters(store: Store) -> list[PainCluster]:
    """The clusters of the latest clustering run, best first (empty before the first run)."""
    return [
        PainCluster(
            id=row["id"],
            rank=row["rank"],
            name=row["name"],
            pain_points=tuple(sorted(row["pain_points"])),
            functions=tuple(row["functions"]),
            persona_count=row["persona_count"],
            mean_severity=row["mean_severity"],
            opportunities=tuple(row["opportunities"]),
            unaddressed=tuple(row["unaddressed"]),
        )
        for row in store.read("analytics/pain_clusters")
    ]
