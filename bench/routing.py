"""Routing: decision latency in process, accuracy on the labelled sets, and ``route`` through
GraphQL at concurrency 1 and 8 with the audit log on and off.

    python bench/routing.py [--decisions 20000] [--seconds 10]

In one run:

1. In process: every (persona, request) pair of tests/routing_set/ decided in turn,
   ``--decisions`` times in all, under the shipped rules; p50/p95/p99/max of the whole
   decision (analysis, sentiment, policies, rules, overrides, explanation) and of its
   parts. There is no embedding model in this build, so the "< 15 ms with it" goal of
   issue 24 is not measured.
2. Accuracy: the share of pairs whose service layer and configuration match the label,
   for labelled_requests.yaml and the held-out holdout_requests.yaml, with every miss.
3. Through GraphQL: a local Neo4j + GDS in a temporary folder, the seed catalog loaded,
   ``personagraph serve`` as its own process; closed-loop clients on the loopback send
   for ``--seconds`` after a warm-up. The baseline is ``persona(id:)`` reading the same
   personas (one node by key); then ``route`` with the audit log on, then a fresh
   service with it off (PERSONAGRAPH_ROUTING_AUDIT=false). With the audit on, the
   decisions written are counted against the requests answered.

Figures are printed and saved to bench/results/routing.json. Nothing here is a test.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
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
import yaml

from _harness import SEEDS, free_port, load_catalog, start_service, stop, wait_ready
from personagraph.model.catalog import Catalog
from personagraph.neo4j_local.provision import provision_local
from personagraph.routing.analysis import classify_request, measure_complexity
from personagraph.routing.decision import decide
from personagraph.routing.evaluation import LabelledPair, evaluate, pairs_from, personas_of
from personagraph.routing.rules import RoutingRules
from personagraph.routing.sentiment import measure_sentiment
from personagraph.seeding.validation import read_catalog
from personagraph.settings import Settings
from personagraph.store import Store
from personagraph.store.connection import ConnectionSpec

RESULTS = Path(__file__).parent / "results" / "routing.json"
SETS = Path(__file__).resolve().parents[1] / "tests" / "routing_set"
CONCURRENCY = (1, 8)
BASELINE = "query Persona($id: String!) { persona(id: $id) { id archetype } }"
ROUTE = """query Route($persona: ID!, $request: String!) {
  route(personaId: $persona, request: $request) {
    serviceLayer configuration { automationLevel explanationDepth citationDensity
      proactivityLevel hitlFrequency } rule { id } policy { action } } }"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--decisions", type=int, default=20_000)
    parser.add_argument("--seconds", type=float, default=10.0, help="per GraphQL cell")
    arguments = parser.parse_args()
    catalog = read_catalog(SEEDS)
    assert catalog.routing is not None, "seeds/ has routing/"
    rules = RoutingRules(catalog.routing.rules, catalog.routing.policies)
    sets = {
        name: pairs_from(yaml.safe_load((SETS / f"{name}_requests.yaml").read_text("utf-8")))
        for name in ("labelled", "holdout")
    }
    pairs = sets["labelled"] + sets["holdout"]
    figures: dict[str, Any] = {
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, {platform.platform()}",
        "load_average_at_start": [round(load, 2) for load in os.getloadavg()],
        "python": platform.python_version(),
        "rules_version": rules.version,
        "in_process": _in_process(rules, catalog, pairs, arguments.decisions),
        "accuracy": {
            name: evaluate(rules, personas_of(catalog), found).as_json()
            for name, found in sets.items()
        },
    }
    _print_in_process(figures)
    figures["graphql"] = _through_graphql(pairs, arguments.seconds)
    figures["load_average_at_end"] = [round(load, 2) for load in os.getloadavg()]
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    _print_graphql(figures["graphql"])


def _quantiles_us(samples: list[float]) -> dict[str, float]:
    cuts = statistics.quantiles(samples, n=100, method="inclusive")
    return {
        "p50_us": round(cuts[49] * 1e6, 1),
        "p95_us": round(cuts[94] * 1e6, 1),
        "p99_us": round(cuts[98] * 1e6, 1),
        "max_us": round(max(samples) * 1e6, 1),
    }


def _in_process(
    rules: RoutingRules, catalog: Catalog, pairs: list[LabelledPair], decisions: int
) -> dict[str, Any]:
    personas = personas_of(catalog)
    work = [(personas[pair.persona], pair.request) for pair in pairs]
    for persona, text in work:  # warm: compiled patterns, VADER's lexicon
        decide(rules, persona, text)
    parts: dict[str, Callable[[Any, str], object]] = {
        "decision": lambda persona, text: decide(rules, persona, text),
        "request_type": lambda _, text: classify_request(text),
        "complexity": lambda _, text: measure_complexity(text),
        "sentiment": lambda _, text: measure_sentiment(text),
        "policies": lambda _, text: rules.policies.check(text),
    }
    result: dict[str, Any] = {"decisions": decisions, "distinct_requests": len(work)}
    for name, run in parts.items():
        wall, cpu = [], []
        for persona, text in itertools.islice(itertools.cycle(work), decisions):
            started, started_cpu = time.perf_counter(), time.thread_time()
            run(persona, text)
            cpu.append(time.thread_time() - started_cpu)
            wall.append(time.perf_counter() - started)
        # Wall time includes the waits of a busy machine; this thread's CPU time does not.
        result[name] = {"wall": _quantiles_us(wall), "cpu": _quantiles_us(cpu)}
    return result


def _through_graphql(pairs: list[LabelledPair], seconds: float) -> dict[str, Any]:
    cells: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="pg-routing-bench-") as scratch:
        root = Path(scratch)
        settings = Settings(cache_dir=Settings().cache_dir, data_dir=root / "data")
        server = provision_local(settings, print, root / "neo4j", keep=False)
        try:
            load_catalog(server.spec, SEEDS)
            for audit in ("on", "off"):
                cells.update(_service_cells(server.spec, pairs, seconds, audit))
        finally:
            server.release()
    return cells


def _service_cells(
    spec: ConnectionSpec, pairs: list[LabelledPair], seconds: float, audit: str
) -> dict[str, Any]:
    port = free_port()
    env = {"PERSONAGRAPH_ROUTING_AUDIT": "true" if audit == "on" else "false"}
    service = start_service(spec, port, env=env)
    cells: dict[str, Any] = {}
    try:
        base = f"http://127.0.0.1:{port}"
        wait_ready(f"{base}/readyz", service)
        workloads = {f"route_audit_{audit}": _route_payloads(pairs)}
        if audit == "on":
            workloads = {"baseline_persona_read": _baseline_payloads(pairs), **workloads}
        with Store.open(spec) as store:
            before = _decisions(store)
            for name, payloads in workloads.items():
                for concurrency in CONCURRENCY:
                    cell = asyncio.run(_load(base, payloads, concurrency, seconds))
                    cells.setdefault(name, {})[str(concurrency)] = cell
                    print(
                        f"  {name:<22} c={concurrency}  p50 {cell['p50_ms']:6.2f} ms  "
                        f"p95 {cell['p95_ms']:6.2f} ms  p99 {cell['p99_ms']:6.2f} ms  "
                        f"{cell['requests_per_second']:7.1f} req/s"
                    )
            time.sleep(2)  # the recorder's interval is 0.5 s: let the last batch land
            written = _decisions(store) - before
        answered = sum(cell["sent_with_warm_up"] for cell in cells[f"route_audit_{audit}"].values())
        cells[f"route_audit_{audit}"]["audit_rows_written"] = written
        cells[f"route_audit_{audit}"]["route_requests_answered"] = answered
    finally:
        stop(service)
    return cells


def _decisions(store: Store) -> int:
    return int(store.run_raw("MATCH (d:RoutingDecision) RETURN count(d) AS n")[0]["n"])


def _route_payloads(pairs: list[LabelledPair]) -> list[dict[str, Any]]:
    return [
        {"query": ROUTE, "variables": {"persona": pair.persona, "request": pair.request}}
        for pair in pairs
    ]


def _baseline_payloads(pairs: list[LabelledPair]) -> list[dict[str, Any]]:
    return [{"query": BASELINE, "variables": {"id": pair.persona}} for pair in pairs]


async def _load(
    base: str, payloads: list[dict[str, Any]], concurrency: int, seconds: float
) -> dict[str, float]:
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    feed = itertools.cycle(payloads)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=60) as client:
        warm_until = time.perf_counter() + min(2.0, seconds / 4)
        warm: list[float] = []
        await asyncio.gather(*(_worker(client, feed, warm_until, warm) for _ in range(concurrency)))
        latencies: list[float] = []
        began = time.perf_counter()
        until = began + seconds
        await asyncio.gather(*(_worker(client, feed, until, latencies) for _ in range(concurrency)))
        elapsed = time.perf_counter() - began
    cuts = statistics.quantiles(latencies, n=100, method="inclusive")
    return {
        "requests": len(latencies),
        "sent_with_warm_up": len(warm) + len(latencies),
        "p50_ms": round(cuts[49] * 1000, 2),
        "p95_ms": round(cuts[94] * 1000, 2),
        "p99_ms": round(cuts[98] * 1000, 2),
        "requests_per_second": round(len(latencies) / elapsed, 1),
    }


async def _worker(
    client: httpx.AsyncClient,
    feed: itertools.cycle[dict[str, Any]],
    until: float,
    latencies: list[float],
) -> None:
    while time.perf_counter() < until:
        payload = next(feed)
        started = time.perf_counter()
        response = await client.post("/graphql", json=payload)
        if response.status_code != 200 or "errors" in response.json():
            raise SystemExit(f"request failed: {response.status_code} {response.text[:300]}")
        latencies.append(time.perf_counter() - started)


def _print_in_process(figures: dict[str, Any]) -> None:
    print(f"\n{figures['machine']}; rules {figures['rules_version']}")
    print(f"load average at start: {figures['load_average_at_start']}")
    result = figures["in_process"]
    print(f"in process, {result['decisions']} decisions over {result['distinct_requests']} pairs")
    for name in ("decision", "request_type", "complexity", "sentiment", "policies"):
        for clock in ("wall", "cpu"):
            cell = result[name][clock]
            print(
                f"  {name:<13} {clock:<4} p50 {cell['p50_us']:8.1f} µs  "
                f"p95 {cell['p95_us']:8.1f} µs  p99 {cell['p99_us']:8.1f} µs  "
                f"max {cell['max_us']:8.1f} µs"
            )
    for name, accuracy in figures["accuracy"].items():
        print(
            f"accuracy {name}: {accuracy['correct']}/{accuracy['pairs']} = "
            f"{accuracy['accuracy']:.2%} (layer and configuration)"
        )
        for miss in accuracy["misses"]:
            print(f"  miss: {miss['persona']}: {miss['request'][:60]!r} → {miss['got']}")


def _print_graphql(cells: dict[str, Any]) -> None:
    print("\nthrough GraphQL (one uvicorn worker, loopback)")
    base = cells["baseline_persona_read"]
    for name in ("baseline_persona_read", "route_audit_on", "route_audit_off"):
        for concurrency in map(str, CONCURRENCY):
            cell = cells[name][concurrency]
            ratio = cell["p50_ms"] / base[concurrency]["p50_ms"]
            print(
                f"  {name:<22} c={concurrency}  p50 {cell['p50_ms']:6.2f} ms "
                f"({ratio:4.2f}x baseline)  p99 {cell['p99_ms']:6.2f} ms  "
                f"{cell['requests_per_second']:7.1f} req/s"
            )
    on = cells["route_audit_on"]
    print(
        f"  audit on: {on['audit_rows_written']} decisions written for "
        f"{on['route_requests_answered']} route requests answered (warm-ups included)"
    )


if __name__ == "__main__":
    main()
