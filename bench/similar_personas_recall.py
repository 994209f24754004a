"""How many of the exact most similar personas the two kNN methods find, and how fast,
against exact node similarity in the same run.

    python bench/similar_personas_recall.py [--personas 10000] [--seed 7] [--heap 4g]
        [--dimension 256] [--sample-rate 0.8] [--keep DIR]

On a synthetic catalog of ``--personas`` personas (``seed synth``), the three methods of
``personagraph.analytics.similar_personas`` compute each persona's top 10 (nothing is
written): node similarity (exact), kNN over facet sets (Jaccard) and kNN over FastRP
embeddings (cosine). Recall@10 is the share of a persona's exact neighbours (node
similarity, Jaccard over pain points, JTBDs and goals, above the 0.05 cutoff) that a
kNN method's top 10 holds, averaged over personas. Jaccard ties are common (many personas share the
same few facets), so the exact top 10 is one of several equally good lists; the
tie-aware recall also counts a found persona whose Jaccard equals or beats the exact
10th's. Both figures are printed and saved to bench/results/similar_personas_recall.json
with the load average of the machine.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from kept_catalog import synthetic_catalog
from personagraph.analytics import node_similarity
from personagraph.analytics.embedding_neighbours import EmbeddingParameters
from personagraph.analytics.progress import Steps
from personagraph.analytics.similar_personas import (
    PERSONA_GRAPH,
    STEPS,
    TOP_K,
    Method,
    similar_pairs,
)
from personagraph.seeding import pipeline
from personagraph.store import Store
from personagraph.store.connection import ConnectionSpec

RESULTS = Path(__file__).parent / "results" / "similar_personas_recall.json"
T = TypeVar("T")


def _timed(label: str, work: Callable[[], T]) -> tuple[T, float]:
    began = time.perf_counter()
    result = work()
    elapsed = time.perf_counter() - began
    print(f"  {label}: {elapsed:.1f} s", flush=True)
    return result, elapsed


def facets_of(catalog: Path) -> dict[str, frozenset[str]]:
    """Each persona's pain points, JTBDs and goals, from the catalog's plan."""
    plan = pipeline.prepare(catalog).plan
    facets: dict[str, set[str]] = defaultdict(set)
    for kind in ("EXPERIENCES", "PERFORMS", "PURSUES"):
        for link in plan.links.get(kind, []):
            facets[link.source].add(f"{kind}:{link.target}")
    return {persona: frozenset(items) for persona, items in facets.items()}


def top_lists(pairs: list[tuple[str, str, float]]) -> dict[str, list[str]]:
    by_source: dict[str, list[tuple[float, str]]] = defaultdict(list)
    for source, target, score in pairs:
        if source != target:
            by_source[source].append((-score, target))
    return {source: [t for _, t in sorted(found)][:TOP_K] for source, found in by_source.items()}


def recall(
    exact: dict[str, list[str]],
    found: dict[str, list[str]],
    facets: dict[str, frozenset[str]],
) -> tuple[float, float]:
    """Mean recall@10 of ``found`` against ``exact``: strict, and counting Jaccard ties."""

    def jaccard(a: str, b: str) -> float:
        return len(facets[a] & facets[b]) / len(facets[a] | facets[b])

    strict: list[float] = []
    tied: list[float] = []
    for persona, neighbours in exact.items():
        if not neighbours:
            continue
        theirs = found.get(persona, [])
        strict.append(len(set(theirs) & set(neighbours)) / len(neighbours))
        last = min(jaccard(persona, n) for n in neighbours)
        good = sum(1 for n in theirs if jaccard(persona, n) >= last - 1e-12)
        tied.append(min(good, len(neighbours)) / len(neighbours))
    return sum(strict) / len(strict), sum(tied) / len(tied)


def _pairs(
    spec: ConnectionSpec,
    store: Store,
    method: Method,
    steps: tuple[str, ...],
    embedding: EmbeddingParameters,
) -> list[tuple[str, str, float]]:
    with node_similarity.sized_client(spec, store, PERSONA_GRAPH) as (gds, _, size):
        progress = Steps("similar_personas", "bench", steps, None)
        return similar_pairs(gds, store, size, method, progress, embedding=embedding)


def _run(
    root: Path, personas: int, seed: int, heap: str, keep: bool, embedding: EmbeddingParameters
) -> dict[str, Any]:
    figures: dict[str, Any] = {
        "personas": personas,
        "load_average": os.getloadavg(),
        "cores": os.cpu_count(),
        "embedding": embedding.recorded(),
    }
    with (
        synthetic_catalog(root, personas, seed, heap, keep=keep) as kept,
        Store.open(kept.server.spec) as store,
    ):
        facets = facets_of(kept.catalog)
        lists: dict[Method, dict[str, list[str]]] = {}
        methods: tuple[Method, ...] = ("node_similarity", "knn_jaccard", "fastrp_knn")
        for method in methods:
            steps = STEPS[method]
            work = partial(_pairs, kept.server.spec, store, method, steps, embedding)
            pairs, seconds = _timed(method, work)
            figures[f"{method}_seconds"] = round(seconds, 2)
            lists[method] = top_lists(pairs)
    for method in ("knn_jaccard", "fastrp_knn"):
        strict, tied = recall(lists["node_similarity"], lists[method], facets)
        figures[f"{method}_recall_at_10"] = round(strict, 4)
        figures[f"{method}_recall_at_10_ties_counted"] = round(tied, 4)
        figures[f"{method}_speed_ratio_exact_to_it"] = round(
            figures["node_similarity_seconds"] / figures[f"{method}_seconds"], 2
        )
    figures["load_average_after"] = os.getloadavg()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--personas", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--heap", default="4g", help="heap of the benchmark's Neo4j")
    parser.add_argument("--dimension", type=int, default=EmbeddingParameters.embedding_dimension)
    parser.add_argument("--sample-rate", type=float, default=EmbeddingParameters.sample_rate)
    parser.add_argument("--keep", type=Path, help="reuse (or leave) the loaded server here")
    arguments = parser.parse_args()
    embedding = EmbeddingParameters(
        embedding_dimension=arguments.dimension, sample_rate=arguments.sample_rate
    )
    run = (arguments.personas, arguments.seed, arguments.heap)
    if arguments.keep:
        figures = _run(arguments.keep, *run, True, embedding)
    else:
        with tempfile.TemporaryDirectory(prefix="pg-recall-bench-") as scratch:
            figures = _run(Path(scratch), *run, False, embedding)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
