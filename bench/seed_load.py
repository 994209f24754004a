"""How fast a seed load writes a large catalog, against LOAD CSV of the same data.

    python bench/seed_load.py [--personas 25000] [--seed 7] [--heap 4g]

In one run: a synthetic catalog (``seed synth``; 25,000 personas give about 1.24M
relationships) is prepared (parsed, validated, archetypes inferred), written by
``seed load`` into an empty database, then the database is emptied and the same
nodes and relationships are loaded with ``LOAD CSV`` (``CALL … IN TRANSACTIONS``,
the way the Neo4j manual loads CSV), from CSV files written beforehand. The
figures are graph elements (nodes + relationships) written per second; the ratio
is ours / LOAD CSV. Note the difference in guarantees: ``seed load`` is one
transaction (all or nothing, idempotent); the baseline commits every 10,000 rows.

The server is a local Neo4j started for this run in a temporary folder. Figures
are printed and saved to bench/results/seed_load.json.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from load_csv_statements import LINKS as CSV_LINKS
from load_csv_statements import NODES as CSV_NODES
from personagraph.neo4j_local.provision import provision_local
from personagraph.seeding import pipeline
from personagraph.seeding.plan import GraphPlan
from personagraph.seeding.synthetic import write_synthetic_catalog
from personagraph.settings import Settings
from personagraph.store import Store, migrations
from personagraph.store.fingerprint import fingerprint
from personagraph.store.wipe import wipe

RESULTS = Path(__file__).parent / "results" / "seed_load.json"
SEEDS = Path(__file__).resolve().parents[1] / "seeds"


def _timed(label: str, began: float) -> float:
    elapsed = time.perf_counter() - began
    print(f"  {label}: {elapsed:.1f} s")
    return elapsed


def _fresh(store: Store) -> None:
    wipe(store)
    migrations.migrate(store)


def _write_csv(path: Path, header: list[str], rows: Iterable[dict[str, Any]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=header)
        writer.writeheader()
        writer.writerows(rows)


def _export_csv(plan: GraphPlan, folder: Path) -> None:
    for label, nodes in plan.nodes.items():
        columns = sorted({name for node in nodes for name in node.props} - {"key"})
        rows = ({"key": node.key, **node.props} for node in nodes)
        _write_csv(folder / f"nodes_{label}.csv", ["key", *columns], rows)
    for rel_type, links in plan.links.items():
        columns = sorted({name for link in links for name in link.props})
        rows = ({"source": x.source, "target": x.target, **x.props} for x in links)
        _write_csv(folder / f"links_{rel_type}.csv", ["source", "target", *columns], rows)


def _load_csv(store: Store, plan: GraphPlan) -> None:
    for label in plan.nodes:
        store.run_autocommit(CSV_NODES[label], url=f"file:///nodes_{label}.csv")
    for rel_type in plan.links:
        store.run_autocommit(CSV_LINKS[rel_type], url=f"file:///links_{rel_type}.csv")


def _counts(store: Store) -> tuple[int, int]:
    graph = fingerprint(store)
    bookkeeping = {"SchemaMigration", "SeedLoad"}
    nodes = sum(n for label, n in graph.labels.items() if label not in bookkeeping)
    return nodes, sum(graph.types.values())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--personas", type=int, default=25_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--heap", default="4g", help="heap of the benchmark's Neo4j")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="pg-seed-bench-") as scratch:
        root = Path(scratch)
        figures = _run(root, arguments.personas, arguments.seed, arguments.heap)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(figures, indent=2))


def _run(root: Path, personas: int, seed: int, heap: str) -> dict[str, Any]:
    print(f"generating {personas} personas")
    began = time.perf_counter()
    write_synthetic_catalog(root / "catalog", personas, seed, source=SEEDS)
    generate = _timed("generate", began)
    began = time.perf_counter()
    prepared = pipeline.prepare(root / "catalog")
    prepare = _timed("prepare (parse, validate, infer, plan)", began)
    elements = prepared.plan.node_count() + prepared.plan.link_count()

    settings = Settings(cache_dir=Settings().cache_dir, data_dir=root / "data", neo4j_heap=heap)
    server = provision_local(settings, print, root / "neo4j", keep=False)
    try:
        with Store.open(server.spec) as store:
            _fresh(store)
            began = time.perf_counter()
            pipeline.load(store, prepared)
            ours = _timed("seed load (one transaction)", began)
            ours_counts = _counts(store)

            _fresh(store)
            began = time.perf_counter()
            _export_csv(prepared.plan, root / "neo4j" / "import")
            export = _timed("write CSV files", began)
            began = time.perf_counter()
            _load_csv(store, prepared.plan)
            baseline = _timed("LOAD CSV", began)
            baseline_counts = _counts(store)
    finally:
        server.release()
    if ours_counts != baseline_counts:
        raise SystemExit(f"the two loads differ: ours {ours_counts}, LOAD CSV {baseline_counts}")
    return {
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, {platform.platform()}",
        "neo4j_heap": heap,
        "personas": personas,
        "nodes": ours_counts[0],
        "relationships": ours_counts[1],
        "seconds": {
            "generate": round(generate, 1),
            "prepare": round(prepare, 1),
            "seed_load_write": round(ours, 1),
            "csv_export": round(export, 1),
            "load_csv": round(baseline, 1),
        },
        "elements_per_second": {
            "seed_load_write": round(elements / ours),
            "seed_load_end_to_end": round(elements / (prepare + ours)),
            "load_csv": round(elements / baseline),
        },
        "ratio_ours_to_load_csv": {
            "write": round(baseline / ours, 3),
            "end_to_end": round((baseline + export) / (prepare + ours), 3),
        },
    }


if __name__ == "__main__":
    main()
