"""Routing: decision latency in process, accuracy on the labelled sets, and ``route`` through
GraphQL at concurrency 1 and 8 with the audit log on and off.

    python bench/routing.py [--decisions 20000] [--model-decisions 2000] [--seconds 10]
                            [--skip-graphql]

In one run:

1. In process: every (persona, request) pair of tests/routing_set/ decided in turn,
   ``--decisions`` times in all, under the shipped rules; p50/p95/p99/max of the whole
   decision (analysis, sentiment, policies, rules, overrides, explanation) and of its
   parts. Then ``--model-decisions`` pairs decided twice each, in turn: by the cue rules
   alone and with the nearest labelled example (the local embedding model, one request
   embedded per decision), so that the two share the machine's load; their ratio.
2. Accuracy: the share of pairs whose service layer and configuration match the label,
   for labelled_requests.yaml and the held-out holdout_requests.yaml, with every miss;
   by the rules alone and with the nearest example (on the labelled set each request is
   compared with the others only, since the examples are its requests). And the request
   types of the examples themselves against their hand labels, rules alone and with the
   nearest (other) example.
3. Through GraphQL: a local Neo4j + GDS in a temporary folder, the seed catalog loaded,
   two ``personagraph serve`` processes, one with the audit log on and one with it off
   (PERSONAGRAPH_ROUTING_AUDIT=false); closed-loop clients on the loopback. The baseline
   is ``persona(id:)`` reading the same personas (one node by key). Each cell runs
   ``--seconds`` in all, cut in ``--rounds`` slices taken in turn with the other cells',
   so that a shared machine's load falls on all alike; besides latency, the CPU time the
   service (its audit writer included) and Neo4j spent per request is read from /proc.
   With the audit on, the decisions written are counted against the requests sent.

Figures are printed and saved to bench/results/routing.json (with ``--skip-graphql``,
only 1 and 2, to bench/results/routing_in_process.json). Nothing here is a test.
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

from _harness import (
    SEEDS,
    free_port,
    load_catalog,
    start_service,
    stop,
    tree_usage,
    wait_ready,
)
from personagraph.embedding import default_embedder
from personagraph.model.catalog import Catalog
from personagraph.neo4j_local.provision import provision_local
from personagraph.routing.analysis import classify_request, measure_complexity
from personagraph.routing.decision import decide
from personagraph.routing.evaluation import LabelledPair, evaluate, pairs_from, personas_of
from personagraph.routing.examples import NearestExamples, shipped_examples
from personagraph.routing.rules import RoutingRules
from personagraph.routing.sentiment import measure_sentiment
from personagraph.seeding.validation import read_catalog
from personagraph.settings import Settings
from personagraph.store import Store
from personagraph.store.connection import ConnectionSpec

RESULTS = Path(__file__).parent / "results" / "routing.json"
IN_PROCESS_RESULTS = Path(__file__).parent / "results" / "routing_in_process.json"
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
    parser.add_argument("--model-decisions", type=int, default=2_000)
    parser.add_argument("--skip-graphql", action="store_true", help="in process only")
    parser.add_argument("--seconds", type=float, default=30.0, help="per GraphQL cell, in all")
    parser.add_argument("--rounds", type=int, default=5, help="slices of each cell, interleaved")
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
    }
    started = time.perf_counter()
    nearest = NearestExamples(
        default_embedder(), shipped_examples(), Settings().routing_nearest_min_similarity
    )
    figures["nearest_examples"] = {
        "model": default_embedder().model_id,
        "examples": len(nearest.examples),
        "min_similarity": nearest.min_similarity,
        "load_and_embed_examples_s": round(time.perf_counter() - started, 2),
    }
    figures["in_process"]["with_and_without_model"] = _with_and_without_model(
        rules, catalog, pairs, nearest, arguments.model_decisions
    )
    personas = personas_of(catalog)
    figures["accuracy"] = {
        name: evaluate(rules, personas, found).as_json() for name, found in sets.items()
    }
    for name, found in sets.items():
        figures["accuracy"][f"{name}_with_nearest_example"] = evaluate(
            rules, personas, found, nearest, skip_identical=name == "labelled"
        ).as_json()
    figures["request_type_of_examples"] = _request_types(nearest)
    _print_in_process(figures)
    if arguments.skip_graphql:
        figures["load_average_at_end"] = [round(load, 2) for load in os.getloadavg()]
        IN_PROCESS_RESULTS.parent.mkdir(parents=True, exist_ok=True)
        IN_PROCESS_RESULTS.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
        return
    figures["graphql"] = _through_graphql(pairs, arguments.seconds, arguments.rounds)
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


def _with_and_without_model(
    rules: RoutingRules,
    catalog: Catalog,
    pairs: list[LabelledPair],
    nearest: NearestExamples,
    decisions: int,
) -> dict[str, Any]:
    """Each pair decided by the rules alone, then with the nearest example, in turn."""
    personas = personas_of(catalog)
    work = [(personas[pair.persona], pair.request) for pair in pairs]
    for persona, text in work[:50]:  # warm: the model's first runs
        decide(rules, persona, text, None, nearest)
    clocks: dict[str, dict[str, list[float]]] = {
        name: {"wall": [], "cpu": []} for name in ("without_model", "with_model")
    }
    for persona, text in itertools.islice(itertools.cycle(work), decisions):
        for name, examples in (("without_model", None), ("with_model", nearest)):
            started, started_cpu = time.perf_counter(), time.thread_time()
            decide(rules, persona, text, None, examples)
            clocks[name]["cpu"].append(time.thread_time() - started_cpu)
            clocks[name]["wall"].append(time.perf_counter() - started)
    result: dict[str, Any] = {"decisions_each": decisions}
    for name, by_clock in clocks.items():
        result[name] = {clock: _quantiles_us(samples) for clock, samples in by_clock.items()}
    for clock in ("wall", "cpu"):
        without, with_model = result["without_model"][clock], result["with_model"][clock]
        result[f"ratio_{clock}"] = {
            cut: round(with_model[f"{cut}_us"] / without[f"{cut}_us"], 1) for cut in ("p50", "p99")
        }
    return result


def _request_types(nearest: NearestExamples) -> dict[str, Any]:
    """The examples' hand-labelled request types against the rules alone and with the
    nearest of the *other* examples."""
    rules_right = combined_right = nearest_right = 0
    for example in nearest.examples:
        by_rules = classify_request(example.text)
        found = nearest.nearest(example.text, skip_identical=True)
        combined = nearest.classify(by_rules, example.text, skip_identical=True)
        rules_right += by_rules.value == example.request_type.value
        nearest_right += found.example.request_type is example.request_type
        combined_right += combined.value == example.request_type.value
    total = len(nearest.examples)
    return {
        "examples": total,
        "rules_alone": round(rules_right / total, 4),
        "nearest_example_alone": round(nearest_right / total, 4),
        "rules_then_nearest_example": round(combined_right / total, 4),
    }


def _through_graphql(pairs: list[LabelledPair], seconds: float, rounds: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="pg-routing-bench-") as scratch:
        root = Path(scratch)
        settings = Settings(cache_dir=Settings().cache_dir, data_dir=root / "data")
        server = provision_local(settings, print, root / "neo4j", keep=False)
        try:
            load_catalog(server.spec, SEEDS)
            neo4j_pid = _pid_with(str(root / "neo4j"))
            return _interleaved(server.spec, pairs, seconds, rounds, neo4j_pid)
        finally:
            server.release()


def _interleaved(
    spec: ConnectionSpec, pairs: list[LabelledPair], seconds: float, rounds: int, neo4j: int
) -> dict[str, Any]:
    """Both services up at once, every cell measured in each round in turn, so that the
    load of a shared machine falls on all cells alike; CPU per request is read from /proc
    for the service (its audit writer included) and for Neo4j (the audit's writes)."""
    services = {
        audit: start_service(
            spec, free_port(), env={"PERSONAGRAPH_ROUTING_AUDIT": str(audit == "on").lower()}
        )
        for audit in ("on", "off")
    }
    bases = {audit: _base_of(process) for audit, process in services.items()}
    cells: dict[str, dict[str, dict[str, Any]]] = {}
    try:
        for audit, process in services.items():
            wait_ready(f"{bases[audit]}/readyz", process)
        workloads = {
            "baseline_persona_read": ("off", _baseline_payloads(pairs)),
            "route_audit_on": ("on", _route_payloads(pairs)),
            "route_audit_off": ("off", _route_payloads(pairs)),
        }
        with Store.open(spec) as store:
            before = _decisions(store)
            for number in range(rounds):
                print(f"  round {number + 1} of {rounds}")
                for concurrency in CONCURRENCY:
                    for name, (audit, payloads) in workloads.items():
                        usage = (tree_usage(services[audit].pid), tree_usage(neo4j))
                        run = asyncio.run(
                            _load(bases[audit], payloads, concurrency, seconds / rounds)
                        )
                        after = (tree_usage(services[audit].pid), tree_usage(neo4j))
                        cell = cells.setdefault(name, {}).setdefault(str(concurrency), _cell())
                        _add(cell, run, after[0].cpu_seconds - usage[0].cpu_seconds,
                             after[1].cpu_seconds - usage[1].cpu_seconds)  # fmt: skip
            time.sleep(2)  # the recorder's interval is 0.5 s: let the last batch land
            written = _decisions(store) - before
    finally:
        for process in services.values():
            stop(process)
    figures: dict[str, Any] = {
        name: {c: _summary(cell) for c, cell in by_c.items()} for name, by_c in cells.items()
    }
    sent = sum(cell["sent"] for cell in cells["route_audit_on"].values())
    figures["audit"] = {"route_requests_sent": sent, "decisions_written": written}
    return figures


def _base_of(process: Any) -> str:
    port = process.args[process.args.index("--port") + 1]
    return f"http://127.0.0.1:{port}"


def _pid_with(text: str) -> int:
    """The Java process whose command line holds ``text`` (the benchmark's Neo4j)."""
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                command = (entry / "cmdline").read_bytes().decode(errors="replace")
            except OSError:
                continue
            if text in command and "java" in command:
                return int(entry.name)
    raise SystemExit(f"no Neo4j process runs from {text}")


def _cell() -> dict[str, Any]:
    return {"latencies": [], "seconds": 0.0, "sent": 0, "service_cpu": 0.0, "neo4j_cpu": 0.0}


def _add(cell: dict[str, Any], run: dict[str, Any], service_cpu: float, neo4j_cpu: float) -> None:
    cell["latencies"] += run["latencies"]
    cell["seconds"] += run["seconds"]
    cell["sent"] += run["sent"]
    cell["service_cpu"] += service_cpu
    cell["neo4j_cpu"] += neo4j_cpu


def _summary(cell: dict[str, Any]) -> dict[str, float]:
    latencies = cell["latencies"]
    cuts = statistics.quantiles(latencies, n=100, method="inclusive")
    return {
        "requests": len(latencies),
        "p50_ms": round(cuts[49] * 1000, 2),
        "p95_ms": round(cuts[94] * 1000, 2),
        "p99_ms": round(cuts[98] * 1000, 2),
        "requests_per_second": round(len(latencies) / cell["seconds"], 1),
        # Warm-ups included: /proc counts every request the service answered.
        "service_cpu_ms_per_request": round(cell["service_cpu"] * 1000 / cell["sent"], 2),
        "neo4j_cpu_ms_per_request": round(cell["neo4j_cpu"] * 1000 / cell["sent"], 2),
    }


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
) -> dict[str, Any]:
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    feed = itertools.cycle(payloads)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=60) as client:
        warm_until = time.perf_counter() + min(1.0, seconds / 4)
        warm: list[float] = []
        await asyncio.gather(*(_worker(client, feed, warm_until, warm) for _ in range(concurrency)))
        latencies: list[float] = []
        began = time.perf_counter()
        until = began + seconds
        await asyncio.gather(*(_worker(client, feed, until, latencies) for _ in range(concurrency)))
        elapsed = time.perf_counter() - began
    return {"latencies": latencies, "seconds": elapsed, "sent": len(warm) + len(latencies)}


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
    both = result["with_and_without_model"]
    print(f"in process, {both['decisions_each']} pairs decided both ways, in turn")
    for name in ("without_model", "with_model"):
        for clock in ("wall", "cpu"):
            cell = both[name][clock]
            print(
                f"  {name:<13} {clock:<4} p50 {cell['p50_us']:8.1f} µs  "
                f"p95 {cell['p95_us']:8.1f} µs  p99 {cell['p99_us']:8.1f} µs  "
                f"max {cell['max_us']:8.1f} µs"
            )
    print(f"  with/without model: wall {both['ratio_wall']}, cpu {both['ratio_cpu']}")
    print(f"nearest examples: {figures['nearest_examples']}")
    print(f"request types of the examples: {figures['request_type_of_examples']}")
    for name, accuracy in figures["accuracy"].items():
        print(
            f"accuracy {name}: {accuracy['correct']}/{accuracy['pairs']} = "
            f"{accuracy['accuracy']:.2%} (layer and configuration)"
        )
        for miss in accuracy["misses"]:
            print(f"  miss: {miss['persona']}: {miss['request'][:60]!r} → {miss['got']}")


def _print_graphql(cells: dict[str, Any]) -> None:
    print("\nthrough GraphQL (one uvicorn worker per service, loopback, rounds interleaved)")
    base = cells["baseline_persona_read"]
    for name in ("baseline_persona_read", "route_audit_on", "route_audit_off"):
        for concurrency in map(str, CONCURRENCY):
            cell = cells[name][concurrency]
            ratio = cell["p50_ms"] / base[concurrency]["p50_ms"]
            print(
                f"  {name:<22} c={concurrency}  p50 {cell['p50_ms']:7.2f} ms "
                f"({ratio:4.2f}x baseline)  p99 {cell['p99_ms']:7.2f} ms  "
                f"{cell['requests_per_second']:6.1f} req/s  CPU/request: service "
                f"{cell['service_cpu_ms_per_request']:5.2f} ms, Neo4j "
                f"{cell['neo4j_cpu_ms_per_request']:5.2f} ms"
            )
    audit = cells["audit"]
    print(
        f"  audit on: {audit['decisions_written']} decisions written for "
        f"{audit['route_requests_sent']} route requests sent (warm-ups included)"
    )


if __name__ == "__main__":
    main()
