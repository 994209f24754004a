"""How long the GDS analytics take, against a pure-Python (networkx) scoring of the same graph.

    python bench/analytics.py [--personas 100000] [--seed 7] [--heap 6g] [--keep DIR]

In one run, on a synthetic catalog of ``--personas`` personas (``seed synth``; 0 skips
it) and then on the seed catalog, each loaded into an empty database, after one
untimed warm-up scoring run:

* a full opportunity-scoring run (weighted degree; projection, estimate, evidence,
  write-back) and a segment run (personalised PageRank from one function's personas);
* the baseline: the same whole-population scores computed in plain Python with networkx
  from the catalog's plan (weighted persona→opportunity graph, in-degree, sub-scores),
  and the largest difference between its overall scores and the GDS run's;
* the pain clustering (node similarity + Leiden, stored as PainCluster nodes);
* last, the persona similarity (node similarity, SIMILAR_TO written), the step that
  grows fastest with the catalog (pairs of personas sharing a facet).

The ratio is baseline seconds / GDS scoring seconds (above 1: GDS is faster). The
server is a local Neo4j started for this run in a temporary folder (or kept: see
bench/kept_catalog.py). Figures are printed, and saved to bench/results/analytics.json
after every step.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import networkx as nx

from kept_catalog import synthetic_catalog
from personagraph.analytics import formulas
from personagraph.analytics.pain_clusters import run_pain_clustering
from personagraph.analytics.scoring import Segment, run_scoring
from personagraph.analytics.similar_personas import run_similarity
from personagraph.model.archetype import Archetype
from personagraph.seeding import pipeline
from personagraph.seeding.plan import GraphPlan
from personagraph.store import Store, migrations
from personagraph.store.connection import ConnectionSpec
from personagraph.store.wipe import wipe

RESULTS = Path(__file__).parent / "results" / "analytics.json"
SEEDS = Path(__file__).resolve().parents[1] / "seeds"
T = TypeVar("T")


def _timed(label: str, work: Callable[[], T]) -> tuple[T, float]:
    began = time.perf_counter()
    result = work()
    elapsed = time.perf_counter() - began
    print(f"  {label}: {elapsed:.1f} s", flush=True)
    return result, elapsed


def networkx_scores(plan: GraphPlan) -> dict[str, formulas.SubScores]:
    """Whole-population sub-scores of every opportunity, computed in Python with networkx."""
    links = plan.links
    opportunities = {row.key: row.props for row in plan.nodes["Opportunity"]}
    addresses: dict[str, list[tuple[str, float]]] = defaultdict(list)
    for link in links.get("ADDRESSES", []):
        addresses[link.target].append((link.source, float(link.props["strength"])))
    supports: dict[str, list[str]] = defaultdict(list)
    for link in links.get("SUPPORTS", []):
        supports[link.target].append(link.source)
    job_of = {link.target: link.source for link in links.get("HAS_OUTCOME", [])}
    rated: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    for link in links.get("RATES", []):
        rated[(link.source, job_of[link.target])].append(
            (float(link.props["importance"]), float(link.props["satisfaction"]))
        )
    archetype = {
        link.source: Archetype(link.target) for link in links["IS_A"] if link.props["inferred"]
    }
    graph = nx.DiGraph()
    graph.add_nodes_from(opportunities)
    pains: dict[str, list[tuple[float, float]]] = defaultdict(list)
    ratings: dict[str, list[tuple[float, float]]] = defaultdict(list)

    def reach(persona: str, opportunity: str, weight: float) -> None:
        if graph.has_edge(persona, opportunity):
            graph[persona][opportunity]["weight"] += weight
        else:
            graph.add_edge(persona, opportunity, weight=weight)

    for link in links.get("EXPERIENCES", []):
        severity = float(link.props["severity"])
        for opportunity, strength in addresses.get(link.target, []):
            reach(link.source, opportunity, formulas.pain_weight(severity, strength))
            pains[opportunity].append((severity, strength))
    for link in links.get("PERFORMS", []):
        for opportunity in supports.get(link.target, []):
            reach(link.source, opportunity, formulas.job_weight(link.props["importance"]))
            ratings[opportunity].extend(rated.get((link.source, link.target), []))
    degree = dict(graph.in_degree(list(opportunities), weight="weight"))
    normalised = formulas.normalise_reach({o: float(d) for o, d in degree.items()})
    return {
        key: formulas.SubScores(
            key=key,
            reach=normalised[key],
            impact=formulas.impact(pains[key], props["value_multiplier"], ratings[key]),
            feasibility=formulas.feasibility(props["feasibility"], props["effort_person_months"]),
            adoption_readiness=formulas.adoption_readiness(
                (archetype[p], d["weight"]) for p, _, d in graph.in_edges(key, data=True)
            ),
        )
        for key, props in opportunities.items()
    }


def _measure(
    spec: ConnectionSpec,
    store: Store,
    plan: GraphPlan,
    load: float,
    figures: dict[str, Any],
    save: Callable[[], None],
) -> None:
    """Time each analysis, recording figures into ``figures`` as they come (``save`` after
    each, so that a run stopped during the slowest step, similar personas, keeps the
    others)."""
    seconds: dict[str, float] = {"seed_load": round(load, 2)}
    figures.update(
        personas=len(plan.nodes["Persona"]),
        nodes=plan.node_count(),
        relationships=plan.link_count(),
        seconds=seconds,
    )

    def timed(name: str, label: str, work: Callable[[], T]) -> T:
        result, elapsed = _timed(label, work)
        seconds[name] = round(elapsed, 2)
        save()
        return result

    # The first statements after a load or start compile slowly; that is not the analysis.
    _timed("warm-up scoring run (not counted)", lambda: run_scoring(spec, store))
    scored = timed(
        "scoring_whole", "scoring run, whole population (degree)", lambda: run_scoring(spec, store)
    )
    figures["opportunities"] = len(scored.scores)
    figures["top_opportunity"] = scored.scores[0].key
    function = sorted(row.key for row in plan.nodes["Function"])[0]
    timed(
        "scoring_segment",
        f"scoring run, segment {function} (personalised PageRank)",
        lambda: run_scoring(spec, store, Segment(function=function)),
    )
    baseline_scores = timed(
        "networkx_scoring", "networkx baseline scoring", lambda: networkx_scores(plan)
    )
    difference = max(
        abs(score.overall - baseline_scores[score.key].overall) for score in scored.scores
    )
    print(f"  largest |overall GDS - overall networkx|: {difference:.2e}")
    figures["ratio_networkx_to_gds_scoring"] = round(
        seconds["networkx_scoring"] / seconds["scoring_whole"], 3
    )
    figures["max_overall_difference"] = difference
    clusters = timed(
        "pain_clusters",
        "pain clusters (node similarity + Leiden)",
        lambda: run_pain_clustering(spec, store),
    )
    figures["pain_clusters"] = len(clusters.clusters)
    similar = timed(
        "similar_personas",
        "similar personas (node similarity, write)",
        lambda: run_similarity(spec, store),
    )
    figures["similar_to_links"] = similar.links


def _run(root: Path, personas: int, seed: int, heap: str, keep: bool) -> dict[str, Any]:
    figures: dict[str, Any] = {
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, {platform.platform()}",
        "neo4j_heap": heap,
        "gds_concurrency": 1,
    }
    # The synthetic catalog first, so that a kept one (bench/kept_catalog.py) is used
    # before the seed catalog replaces it.
    with (
        synthetic_catalog(root, personas, seed, heap, keep=keep) as kept,
        Store.open(kept.server.spec) as store,
    ):
        if personas:
            print(f"synthetic catalog of {personas} personas")
            prepared, _ = _timed("prepare", lambda: pipeline.prepare(kept.catalog))
            figures["synthetic"] = {"catalog_reused": kept.reused}
            _measure(
                kept.server.spec,
                store,
                prepared.plan,
                kept.load_seconds,
                figures["synthetic"],
                lambda: _save(figures),
            )
        kept.forget()
        print("seed catalog")
        wipe(store)
        migrations.migrate(store)
        prepared = pipeline.prepare(SEEDS)
        _, load = _timed("seed load", lambda: pipeline.load(store, prepared))
        figures["seed_catalog"] = {}
        seed_figures = figures["seed_catalog"]
        _measure(kept.server.spec, store, prepared.plan, load, seed_figures, lambda: _save(figures))
    return figures


def _save(figures: dict[str, Any]) -> None:
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--personas", type=int, default=100_000, help="0: seed catalog only")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--heap", default="6g", help="heap of the benchmark's Neo4j")
    parser.add_argument(
        "--keep",
        type=Path,
        help="reuse (or leave) a server with the synthetic catalog loaded in this folder "
        "(see bench/kept_catalog.py); it ends holding the seed catalog",
    )
    arguments = parser.parse_args()
    if arguments.keep:
        figures = _run(arguments.keep, arguments.personas, arguments.seed, arguments.heap, True)
    else:
        with tempfile.TemporaryDirectory(prefix="pg-analytics-bench-") as scratch:
            figures = _run(Path(scratch), arguments.personas, arguments.seed, arguments.heap, False)
    _save(figures)
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
