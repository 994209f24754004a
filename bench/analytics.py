"""How long the GDS analytics take, against a pure-Python (networkx) scoring of the same graph.

    python bench/analytics.py [--personas 10000 25000 100000] [--seed 7] [--heap 6g]
        [--keep DIR]

In one run, on a synthetic catalog of each ``--personas`` size in turn (``seed synth``;
0 skips them) and then on the seed catalog, each loaded into an empty database, after
one untimed warm-up scoring run:

* a full opportunity-scoring run (weighted degree; projection, estimate, evidence,
  write-back) and a segment run (personalised PageRank from one function's personas);
* the baseline: the same whole-population scores computed in plain Python with networkx
  from the catalog's plan (weighted persona→opportunity graph, in-degree, sub-scores),
  and the largest difference between its overall scores and the GDS run's;
* on the seed catalog, ``WARM_REPEATS`` more warm scoring runs and their median;
* the pain clustering (node similarity + Leiden, stored as PainCluster nodes);
* last, the persona similarity (SIMILAR_TO written): exact node similarity up to
  5,000 personas, FastRP + kNN above (the method is recorded).

The ratio is baseline seconds / GDS scoring seconds (above 1: GDS is faster); the growth
is each step's time at one size over its time at the size before, beside the growth
in personas. Each size has its own local Neo4j, in a temporary folder (or kept in
``DIR/<size>``: see bench/kept_catalog.py); the seed catalog replaces the last one.
The load average is recorded before and after each catalog. Figures are printed, and
saved to bench/results/analytics.json after every step.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import platform
import statistics
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import networkx as nx

from kept_catalog import KeptCatalog, synthetic_catalog
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

# Warm whole-population scoring runs on the seed catalog, for their median (goal ≤ 0.4 s).
WARM_REPEATS = 7
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
    warm_repeats: int = 0,
) -> None:
    """Time each analysis, recording figures into ``figures`` as they come (``save`` after
    each, so that a run stopped during the slowest step, similar personas, keeps the
    others); ``warm_repeats`` more whole-population scoring runs give a median."""
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
    if warm_repeats:
        warm = []
        for _ in range(warm_repeats):
            warm.append(_timed("warm scoring run", lambda: run_scoring(spec, store))[1])
        figures["scoring_whole_warm_seconds"] = [round(t, 3) for t in warm]
        figures["scoring_whole_warm_median"] = round(statistics.median(warm), 3)
        print(f"  warm scoring runs, median of {warm_repeats}: {statistics.median(warm):.3f} s")
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
        "similar personas (write)",
        lambda: run_similarity(spec, store),
    )
    figures["similar_to_links"] = similar.links
    figures["similar_personas_method"] = similar.method
    figures["load_average_after"] = [round(x, 2) for x in os.getloadavg()]


def growth(sizes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each step's time at a size over its time at the size before, with the personas'."""
    rows = []
    for before, after in itertools.pairwise(sizes):
        steps = sorted(set(before["seconds"]) & set(after["seconds"]) - {"seed_load"})
        rows.append(
            {
                "from": before["personas"],
                "to": after["personas"],
                "personas": round(after["personas"] / before["personas"], 2),
                **{
                    step: round(after["seconds"][step] / before["seconds"][step], 2)
                    for step in steps
                    if before["seconds"][step]
                },
            }
        )
    return rows


def _run(
    root: Path, sizes: list[int], seed: int, heap: str, keep: bool, results: Path
) -> dict[str, Any]:
    figures: dict[str, Any] = {
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, {platform.platform()}",
        "neo4j_heap": heap,
        "gds_concurrency": "1 (FastRP: 4)",
        "synthetic": [],
    }
    sizes = [size for size in sizes if size] or [0]
    for number, personas in enumerate(sizes, start=1):
        last = number == len(sizes)
        # Each synthetic catalog first, so that a kept one (bench/kept_catalog.py) is used
        # before the seed catalog replaces the last.
        with (
            synthetic_catalog(root / str(personas), personas, seed, heap, keep=keep) as kept,
            Store.open(kept.server.spec) as store,
        ):
            if personas:
                print(f"synthetic catalog of {personas} personas", flush=True)
                prepared, _ = _timed("prepare", lambda: pipeline.prepare(kept.catalog))
                measured: dict[str, Any] = {
                    "catalog_reused": kept.reused,
                    "load_average_before": [round(x, 2) for x in os.getloadavg()],
                }
                figures["synthetic"].append(measured)
                _measure(
                    kept.server.spec,
                    store,
                    prepared.plan,
                    kept.load_seconds,
                    measured,
                    lambda: _save(figures, results),
                )
                del prepared
                figures["growth"] = growth(figures["synthetic"])
            if last:
                _seed_catalog(kept, store, figures, lambda: _save(figures, results))
    return figures


def _seed_catalog(
    kept: KeptCatalog, store: Store, figures: dict[str, Any], save: Callable[[], None]
) -> None:
    kept.forget()
    print("seed catalog", flush=True)
    wipe(store)
    migrations.migrate(store)
    prepared = pipeline.prepare(SEEDS)
    _, load = _timed("seed load", lambda: pipeline.load(store, prepared))
    measured = {"load_average_before": [round(x, 2) for x in os.getloadavg()]}
    figures["seed_catalog"] = measured
    _measure(kept.server.spec, store, prepared.plan, load, measured, save, WARM_REPEATS)


def _save(figures: dict[str, Any], results: Path) -> None:
    results.parent.mkdir(parents=True, exist_ok=True)
    results.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--personas",
        type=int,
        nargs="+",
        default=[10_000, 25_000, 100_000],
        help="synthetic catalog sizes, smallest first; 0: seed catalog only",
    )
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--heap", default="6g", help="heap of the benchmark's Neo4j")
    parser.add_argument(
        "--keep",
        type=Path,
        help="reuse (or leave) a server per size with its synthetic catalog loaded in "
        "DIR/<size> (see bench/kept_catalog.py); the last ends holding the seed catalog",
    )
    parser.add_argument(
        "--results", type=Path, default=RESULTS, help="where the figures are saved (JSON)"
    )
    arguments = parser.parse_args()
    run = (arguments.personas, arguments.seed, arguments.heap)
    if arguments.keep:
        figures = _run(arguments.keep, *run, True, arguments.results)
    else:
        with tempfile.TemporaryDirectory(prefix="pg-analytics-bench-") as scratch:
            figures = _run(Path(scratch), *run, False, arguments.results)
    _save(figures, arguments.results)
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
