"""Root pages sorted on an indexed property: walked along the index (bounded) against
sorting every match, statement alone, for filters from common to matching nothing.

    python bench/root_pages.py [--personas 100000] [--seed 7] [--heap 14g] [--keep DIR]

A synthetic catalog is loaded into a local Neo4j started for this run (or reused from
``--keep DIR``, see bench/kept_catalog.py). For each filter, 50 personas by name are
asked for with the statement GraphQL sends (``compile_list``, the default
:class:`IndexWalk`) and with the same page sorted in full (``IndexWalk(0, 0)``); both
answers must be equal. The two statements are run in turn, ``--repeat`` times each
after a warm-up, on one session; the figure is the median in milliseconds and the
ratio walked / sorted. Team-size thresholds are chosen from the catalog so that each
filter passes about the share of personas its name says. Figures are printed and saved
to bench/results/root_pages.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

from kept_catalog import synthetic_catalog
from personagraph.api.graphql.compile.compiler import compile_list
from personagraph.api.graphql.compile.index_walk import IndexWalk
from personagraph.api.graphql.compile.plan import CompiledQuery, NodePlan, Page, Scalar, SortKey
from personagraph.model.ontology import node_type
from personagraph.store import Store

RESULTS = Path(__file__).parent / "results" / "root_pages.json"
PERSONA = node_type("Persona")
PLAN = NodePlan(PERSONA, tuple(Scalar(p, PERSONA.property(p)) for p in ("id", "name", "archetype")))
SORT = (SortKey("name"), SortKey("id"))
# Share of personas a team-size filter should pass -> its name in the table.
SHARES = {0.05: "team size, 5% pass", 0.01: "team size, 1%", 0.001: "team size, 0.1%"}


def _filters(store: Store) -> dict[str, dict[str, Any] | None]:
    sizes = [row["t"] for row in store.read("bench/team_sizes")]
    filters: dict[str, dict[str, Any] | None] = {
        "none": None,
        "archetype (a quarter pass)": {"archetype": {"eq": "SKEPTIC"}},
        "two archetypes, team size >= 3": {
            "archetype": {"in_": ["SKEPTIC", "LEARNER"]},
            "teamSize": {"gte": 3},
        },
    }
    for share, name in SHARES.items():
        filters[name] = {"teamSize": {"gte": sizes[int(len(sizes) * (1 - share))]}}
    nobody = max(sizes) + 1
    filters["team size, nobody passes"] = {"teamSize": {"gte": nobody}}
    filters["archetype and nobody"] = {"archetype": {"eq": "SKEPTIC"}, "teamSize": {"gte": nobody}}
    ids = [row["id"] for row in store.read("bench/last_ids")]
    filters["three ids"] = {"id": {"in_": ids}}
    return filters


def _timed(store: Store, queries: dict[str, CompiledQuery], repeat: int) -> dict[str, float]:
    for query in queries.values():  # warm-up: plans compiled, pages cached
        for _ in range(3):
            store.run_raw(query.text, **query.parameters)
    times: dict[str, list[float]] = {name: [] for name in queries}
    for _ in range(repeat):
        for name, query in queries.items():
            began = time.perf_counter()
            store.run_raw(query.text, **query.parameters)
            times[name].append((time.perf_counter() - began) * 1000)
    return {name: round(statistics.median(values), 2) for name, values in times.items()}


def _measure(store: Store, repeat: int) -> dict[str, Any]:
    rows: dict[str, Any] = {}
    for name, where in _filters(store).items():
        page = Page(where=where, sort=SORT, limit=50)
        queries = {
            "walked": compile_list(PLAN, page),
            "sorted": compile_list(PLAN, page, IndexWalk(0, 0)),
        }
        answers = {
            side: store.run_raw(q.text, **q.parameters)[0]["result"] for side, q in queries.items()
        }
        if answers["walked"] != answers["sorted"]:
            raise SystemExit(f"{name}: the walked page differs from the sorted one")
        medians = _timed(store, queries, repeat)
        rows[name] = {
            "where": where,
            "rows": len(answers["walked"]),
            "walked_ms": medians["walked"],
            "sorted_ms": medians["sorted"],
            "ratio": round(medians["walked"] / medians["sorted"], 3),
        }
        print(
            f"{name:32s} {rows[name]['rows']:3d} rows  walked {medians['walked']:8.2f} ms"
            f"  sorted {medians['sorted']:8.2f} ms  x {rows[name]['ratio']}",
            flush=True,
        )
    return rows


def _run(root: Path, arguments: argparse.Namespace, keep: bool) -> dict[str, Any]:
    with (
        synthetic_catalog(
            root, arguments.personas, arguments.seed, arguments.heap, keep=keep
        ) as kept,
        Store.open(kept.server.spec) as store,
    ):
        rows = _measure(store, arguments.repeat)
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=False
    ).stdout.strip()
    return {
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, {platform.platform()}",
        "commit": commit,
        "personas": arguments.personas,
        "neo4j_heap": arguments.heap,
        "repeat": arguments.repeat,
        "page": "50 personas sorted by name, then id",
        "walk": vars(IndexWalk()),
        "filters": rows,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--personas", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--heap", default="14g", help="heap of the benchmark's Neo4j")
    parser.add_argument("--repeat", type=int, default=25, help="timed runs per statement")
    parser.add_argument(
        "--keep",
        type=Path,
        help="keep the server and its loaded catalog in this folder, and reuse them when "
        "they are already there (see bench/kept_catalog.py)",
    )
    arguments = parser.parse_args()
    if arguments.keep:
        figures = _run(arguments.keep, arguments, keep=True)
    else:
        with tempfile.TemporaryDirectory(prefix="pg-root-pages-") as scratch:
            figures = _run(Path(scratch), arguments, keep=False)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    print(f"saved {RESULTS}")


if __name__ == "__main__":
    main()
