"""GraphQL latency and throughput of ``personagraph serve``, at concurrency 1, 8 and 32.

    python bench/graphql_latency.py [--personas 100000] [--seconds 10] [--heap 14g]

In one run: a local Neo4j + GDS is started in a temporary folder; the seed catalog is
loaded; the service runs as its own process (one uvicorn worker, anonymous reads);
for each query of the workload and each concurrency, closed-loop clients on the same
loopback send it for ``--seconds`` after a warm-up, and p50/p95/p99 latency and
requests/s are recorded. Then the same is done with a synthetic catalog of
``--personas`` personas (``--personas 0`` skips it). Each query is first checked to
answer without errors and with one Cypher statement per root field (from /metrics).
The service's peak resident memory (VmHWM) is read from /proc.

Figures are printed and saved to bench/results/graphql_latency.json. Nothing here is a
test: times depend on the machine; compare figures from the same run.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

from _harness import SEEDS, free_port, load_catalog, start_service, stop, tree_usage, wait_ready
from kept_catalog import load_in_child
from personagraph.neo4j_local.provision import provision_local
from personagraph.settings import Settings
from personagraph.store import Store
from personagraph.store.connection import ConnectionSpec

RESULTS = Path(__file__).parent / "results" / "graphql_latency.json"
CONCURRENCY = (1, 8, 32)

FLAT = """query Flat { personas(where: {archetype: {eq: "SKEPTIC"}}, sort: [{name: ASC}], limit: 50)
  { id name title archetype teamSize } }"""
TWO_LEVELS = """query TwoLevels { personas(where: {teamSize: {gte: 5}}, limit: 25) {
  id name painPoints(where: {category: {in: ["workload", "data"]}}) { key text category } } }"""
FOUR_LEVELS = """query FourLevels($id: String!) { persona(id: $id) { id name
  painPointsConnection(first: 10, edgeWhere: {severity: {gte: 3}},
                       sort: [{edge: {severity: DESC}}]) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { severity node { key text
      opportunitiesConnection(first: 5) { edges { strength node { key name
        jtbds { key statement outcomes { key statement } } } } } } } } } }"""
FRAGMENTS = """query Fragments($id: String!) {
  a: persona(id: $id) { ...Card role { title function { name } } }
  b: personas(limit: 10, where: {archetype: {eq: "AUTOMATOR"}}) { ...Card } }
fragment Card on Persona { id label: name tagline archetype inferredArchetype }"""
WORKLOAD = {
    "flat": FLAT,
    "two_levels": TWO_LEVELS,
    "four_levels": FOUR_LEVELS,
    "fragments": FRAGMENTS,
}
ROOT_FIELDS = {"flat": 1, "two_levels": 1, "four_levels": 1, "fragments": 2}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--personas", type=int, default=100_000, help="0 skips the large catalog")
    parser.add_argument("--seconds", type=float, default=10.0, help="per query and concurrency")
    parser.add_argument(
        "--heap",
        default="14g",
        help="heap of the benchmark's Neo4j (100k personas load in one transaction: ~14g)",
    )
    parser.add_argument("--seed", type=int, default=7)
    arguments = parser.parse_args()
    figures: dict[str, Any] = {
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, {platform.platform()}",
        "python": platform.python_version(),
        "seconds_per_cell": arguments.seconds,
        "catalogs": {},
    }
    with tempfile.TemporaryDirectory(prefix="pg-graphql-bench-") as scratch:
        root = Path(scratch)
        settings = Settings(
            cache_dir=Settings().cache_dir, data_dir=root / "data", neo4j_heap=arguments.heap
        )
        server = provision_local(settings, print, root / "neo4j", keep=False)
        try:
            catalogs: list[tuple[str, Callable[[], float]]] = [
                ("seed", lambda: load_catalog(server.spec, SEEDS))
            ]
            if arguments.personas:
                # Generated and loaded in a child process: a prepared 100k catalog takes
                # ~5 GB that this process would otherwise hold beside Neo4j all run.
                catalogs.append(
                    (
                        f"synthetic_{arguments.personas}",
                        lambda: load_in_child(
                            server, root / "synthetic", arguments.personas, arguments.seed
                        ),
                    )
                )
            for name, load in catalogs:
                loaded = load()
                figures["catalogs"][name] = {
                    "load_seconds": round(loaded, 1),
                    **_bench_catalog(server.spec, arguments.seconds),
                }
        finally:
            server.release()
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    _print_table(figures)


def _bench_catalog(spec: ConnectionSpec, seconds: float) -> dict[str, Any]:
    with Store.open(spec) as store:
        persona = store.read("bench/first_persona_with_pains")[0]["id"]
    port = free_port()
    service = start_service(spec, port)
    try:
        base = f"http://127.0.0.1:{port}"
        wait_ready(f"{base}/readyz", service)
        variables = {"id": persona}
        statements = {
            name: _statements_per_request(base, query, variables)
            for name, query in WORKLOAD.items()
        }
        cells: dict[str, Any] = {}
        for name, query in WORKLOAD.items():
            cells[name] = {}
            for concurrency in CONCURRENCY:
                cell = asyncio.run(_load(base, query, variables, concurrency, seconds))
                cells[name][str(concurrency)] = cell
                print(
                    f"  {name:<11} c={concurrency:<3} p50 {cell['p50_ms']:7.1f} ms  "
                    f"p95 {cell['p95_ms']:7.1f} ms  p99 {cell['p99_ms']:7.1f} ms  "
                    f"{cell['requests_per_second']:7.1f} req/s"
                )
        peak = tree_usage(service.pid).peak_rss_mb
    finally:
        stop(service)
    return {
        "persona_used": persona,
        "cypher_statements_per_request": statements,
        "root_fields_per_request": ROOT_FIELDS,
        "service_peak_rss_mb": peak,
        "queries": cells,
    }


def _statements_per_request(base: str, query: str, variables: dict[str, Any]) -> float:
    before = _cypher_total(base)
    runs = 5
    for _ in range(runs):
        body = httpx.post(f"{base}/graphql", json={"query": query, "variables": variables}).json()
        if body.get("errors"):
            raise SystemExit(f"the workload query failed: {body['errors']}")
    # /readyz is not called in between, so every statement counted came from the queries.
    return (_cypher_total(base) - before) / runs


def _cypher_total(base: str) -> float:
    for line in httpx.get(f"{base}/metrics").text.splitlines():
        if line.startswith("personagraph_cypher_queries_total"):
            return float(line.split()[-1])
    raise SystemExit("/metrics has no personagraph_cypher_queries_total")


async def _load(
    base: str, query: str, variables: dict[str, Any], concurrency: int, seconds: float
) -> dict[str, float]:
    payload = {"query": query, "variables": variables}
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=60) as client:
        warm_until = time.perf_counter() + min(2.0, seconds / 4)
        await asyncio.gather(
            *(_worker(client, payload, warm_until, []) for _ in range(concurrency))
        )
        latencies: list[float] = []
        began = time.perf_counter()
        until = began + seconds
        await asyncio.gather(
            *(_worker(client, payload, until, latencies) for _ in range(concurrency))
        )
        elapsed = time.perf_counter() - began
    quantiles = statistics.quantiles(latencies, n=100, method="inclusive")
    return {
        "requests": len(latencies),
        "p50_ms": round(quantiles[49] * 1000, 2),
        "p95_ms": round(quantiles[94] * 1000, 2),
        "p99_ms": round(quantiles[98] * 1000, 2),
        "requests_per_second": round(len(latencies) / elapsed, 1),
    }


async def _worker(
    client: httpx.AsyncClient, payload: dict[str, Any], until: float, latencies: list[float]
) -> None:
    while time.perf_counter() < until:
        started = time.perf_counter()
        response = await client.post("/graphql", json=payload)
        if response.status_code != 200 or "errors" in response.json():
            raise SystemExit(f"request failed: {response.status_code} {response.text[:300]}")
        latencies.append(time.perf_counter() - started)


def _print_table(figures: dict[str, Any]) -> None:
    print(f"\n{figures['machine']}")
    for catalog, result in figures["catalogs"].items():
        print(f"\n{catalog}: service peak RSS {result['service_peak_rss_mb']} MB")
        print(
            f"{'query':<12}{'c':>4}{'p50 ms':>10}{'p95 ms':>10}{'p99 ms':>10}"
            f"{'req/s':>10}{'stmts':>7}"
        )
        for name, cells in result["queries"].items():
            for concurrency, cell in cells.items():
                print(
                    f"{name:<12}{concurrency:>4}{cell['p50_ms']:>10}{cell['p95_ms']:>10}"
                    f"{cell['p99_ms']:>10}{cell['requests_per_second']:>10}"
                    f"{result['cypher_statements_per_request'][name]:>7}"
                )


if __name__ == "__main__":
    main()
