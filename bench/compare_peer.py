"""personagraph against the Neo4j GraphQL Library (``@neo4j/graphql`` 7 on Node), side by side.

    python bench/compare_peer.py [--personas 100000 --heap 14g] [--seconds 6]
                                 [--large-seconds 30] [--rounds 3] [--workers 1,2]

In one run: a local Neo4j 5.26 + GDS with APOC core is started in a temporary folder
and the seed catalog loaded (then, with ``--personas N``, a synthetic catalog of N
personas). ``npm ci`` installs the peer (``bench/peer``). For 1 and then 2 workers on
each side (``personagraph serve --workers`` against ``node:cluster``), both services run against
that same database and, before anything is timed:

1. every question of the workload (``peer_workload.py``) and variable set is asked of
   both, and the answers must be equal once normalised (see that module);
2. Cypher statements per request are counted on each side from Neo4j's own query
   statistics (``db.stats.collect('QUERIES')``), with Neo4j's execution time per request;
3. every question is sent to each side at concurrency 8 for ``--warm-all`` seconds,
   unrecorded. Neo4j's JVM compiles its hot paths in the first minutes, and whichever
   cells came first paid for it in their p99 (docs/benchmarks.md, "Fairness, as run").

Then each question is sent by ``wrk`` (Debian's; a Lua script posts the body) at
concurrency 1, 8 and 32 for ``--seconds`` (``--large-seconds`` on the synthetic
catalog, where one request can take seconds) after a warm-up, alternating which side goes
first, ``--rounds`` times in a row. Recorded per cell and round: p50/p95/p99 latency,
requests/s, and the CPU time the service processes (and Neo4j) used per request; a
cell's figures are each the median of its rounds (a single stall on two shared cores
moves one round's p99, not the median), and every round is saved beside them. Per
service, the summed peak RSS of its processes. Ratios are ours / peer from the same run.
Figures are printed and saved to ``bench/results/compare_peer.json``. Nothing here is a
test.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from _harness import (
    SEEDS,
    free_port,
    load_catalog,
    start_service,
    stop,
    tree_usage,
    wait_ready,
)
from kept_catalog import load_in_child
from peer_workload import WORKLOAD, Json, Question, end_cursor, normalised
from personagraph.neo4j_local.instance import read_state
from personagraph.neo4j_local.provision import provision_local
from personagraph.settings import Settings
from personagraph.store import Store
from personagraph.store.connection import ConnectionSpec

BENCH = Path(__file__).resolve().parent
PEER = BENCH / "peer"
RESULTS = BENCH / "results" / "compare_peer.json"
CONCURRENCY = (1, 8, 32)
SIDES = ("ours", "peer")
SETTLE_SECONDS = 120
_WRK_SCRIPT = """
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
-- A long string: Lua processes no escapes in it, so the JSON goes as it is.
wrk.body = [==[%s]==]
graphql_errors = 0
local threads = {}
setup = function(thread) table.insert(threads, thread) end
-- Runs in each thread's own Lua state; done() adds the threads' counts up.
response = function(status, headers, body)
  if string.find(body, '"errors"', 1, true) then graphql_errors = graphql_errors + 1 end
end
done = function(summary, latency, requests)
  local errors = 0
  for _, thread in ipairs(threads) do errors = errors + thread:get("graphql_errors") end
  io.write(string.format(
    'RESULT {"p50_us": %%d, "p95_us": %%d, "p99_us": %%d, "requests": %%d, ' ..
    '"duration_us": %%d, "socket_errors": %%d, "non_2xx": %%d, "graphql_errors": %%d}\\n',
    latency:percentile(50), latency:percentile(95), latency:percentile(99),
    summary.requests, summary.duration,
    summary.errors.connect + summary.errors.read + summary.errors.write
      + summary.errors.timeout, summary.errors.status, errors))
end
"""


@dataclass
class Service:
    """One side: its process, where it answers, and the documents it is asked."""

    side: str
    process: subprocess.Popen[bytes]
    url: str

    def ask(self, question: Question, variables: dict[str, Any]) -> Json:
        document = question.ours if self.side == "ours" else question.peer
        response = httpx.post(
            self.url, json={"query": document, "variables": variables}, timeout=60
        )
        body = response.json()
        if response.status_code != 200 or body.get("errors"):
            raise SystemExit(f"{self.side} failed {question.name}: {response.text[:500]}")
        return body

    def body(self, question: Question, variables: dict[str, Any]) -> str:
        document = question.ours if self.side == "ours" else question.peer
        return json.dumps({"query": document, "variables": variables})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--personas", type=int, default=0, help="also a synthetic catalog")
    parser.add_argument("--seconds", type=int, default=6, help="per timed cell")
    parser.add_argument(
        "--large-seconds",
        type=int,
        default=30,
        help="per timed cell of the synthetic catalog (a Q3 at c=32 there takes seconds)",
    )
    parser.add_argument("--warmup", type=int, default=2, help="per cell, not recorded")
    parser.add_argument(
        "--warm-all",
        type=int,
        default=5,
        help="seconds per question and side at c=8 before the first cell, not recorded",
    )
    parser.add_argument(
        "--rounds",
        type=int,
        default=3,
        help="times each cell is timed, alternating who goes first; figures are the medians",
    )
    parser.add_argument("--workers", default="1,2", help="worker processes per side, in turn")
    parser.add_argument("--heap", default="2g", help="heap of the benchmark's Neo4j")
    parser.add_argument("--seed", type=int, default=7)
    arguments = parser.parse_args()
    _check_tools()
    _npm_ci()
    figures: dict[str, Any] = {
        "machine": _machine(),
        "python": platform.python_version(),
        "node": _version(["node", "--version"]),
        "peer_packages": _peer_packages(),
        "seconds_per_cell": arguments.seconds,
        "warmup_seconds": arguments.warmup,
        "warm_all_seconds": arguments.warm_all,
        "rounds": arguments.rounds,
        "catalogs": {},
    }
    workers = [int(count) for count in arguments.workers.split(",")]
    with tempfile.TemporaryDirectory(prefix="pg-peer-bench-") as scratch:
        root = Path(scratch)
        settings = Settings(
            cache_dir=Settings().cache_dir, data_dir=root / "data", neo4j_heap=arguments.heap
        )
        server = provision_local(settings, print, root / "neo4j", keep=False, apoc=True)
        try:
            state = read_state(root / "neo4j")
            if state is None or state.pid is None:
                raise SystemExit(f"no running Neo4j recorded in {root / 'neo4j'}")
            figures["neo4j"] = _neo4j_versions(server.spec, settings.apoc_version)
            catalogs: list[tuple[str, int, Callable[[], float]]] = [
                ("seed", arguments.seconds, lambda: load_catalog(server.spec, SEEDS))
            ]
            if arguments.personas:
                # Generated and loaded in a child process: a prepared 100k catalog takes
                # ~5 GB that this process would otherwise hold beside Neo4j all run.
                catalogs.append(
                    (
                        f"synthetic_{arguments.personas}",
                        arguments.large_seconds,
                        lambda: load_in_child(
                            server, root / "synthetic", arguments.personas, arguments.seed
                        ),
                    )
                )
            for name, seconds_per_cell, load in catalogs:
                loaded = load()
                result: dict[str, Any] = {
                    "load_seconds": round(loaded, 1),
                    "seconds_per_cell": seconds_per_cell,
                    "workers": {},
                }
                figures["catalogs"][name] = result
                for count in workers:
                    result["workers"][str(count)] = _bench(
                        server.spec,
                        state.pid,
                        count,
                        seconds_per_cell,
                        arguments.warmup,
                        arguments.warm_all,
                        arguments.rounds,
                    )
                    _save(figures)
        finally:
            server.release()
    _print_table(figures)


def _bench(
    spec: ConnectionSpec,
    neo4j_pid: int,
    workers: int,
    seconds: int,
    warmup: int,
    warm_all: int,
    rounds: int,
) -> dict[str, Any]:
    print(f"\n{workers} worker(s) per side")
    with _services(spec, workers) as services, Store.open(spec) as store:
        neo4j = Neo4jProcess(neo4j_pid, store)
        _settle(store)
        variables = _variables(spec, services)
        statements = {
            side: _statements(spec, service, variables) for side, service in services.items()
        }
        _warm_all(services, variables, warm_all, neo4j)
        cells: dict[str, Any] = {}
        for index, question in enumerate(WORKLOAD):
            cells[question.name] = {}
            for step, concurrency in enumerate(CONCURRENCY):
                timed: list[dict[str, Any]] = []
                for round_ in range(rounds):
                    # Alternate who goes first, so a drift in the machine's load hurts both.
                    order = SIDES if (index + step + round_) % 2 == 0 else SIDES[::-1]
                    measured: dict[str, Any] = {}
                    for side in order:
                        body = services[side].body(question, variables[side][question.name][-1])
                        measured[side] = _timed(
                            services[side], body, concurrency, seconds, warmup, neo4j
                        )
                    measured["ratio"] = _ratios(measured["ours"], measured["peer"])
                    timed.append(measured)
                cell: dict[str, Any] = {side: _median([r[side] for r in timed]) for side in SIDES}
                cell["ratio"] = _ratios(cell["ours"], cell["peer"])
                cell["rounds"] = timed
                cells[question.name][str(concurrency)] = cell
                _print_cell(question.name, concurrency, cell)
        usage = {side: tree_usage(service.process.pid) for side, service in services.items()}
    return {
        "variables": variables,
        "statements_per_request": statements,
        "peak_rss_mb": {side: used.peak_rss_mb for side, used in usage.items()},
        "questions": {question.name: question.meaning for question in WORKLOAD},
        "cells": cells,
    }


@contextmanager
def _services(spec: ConnectionSpec, workers: int) -> Iterator[dict[str, Service]]:
    ours_port, peer_port = free_port(), free_port()
    ours = start_service(spec, ours_port, workers)
    env = {
        **os.environ,
        "NEO4J_URI": spec.uri,
        "NEO4J_USER": spec.user,
        "NEO4J_PASSWORD": spec.password or "",
        "PORT": str(peer_port),
        "WORKERS": str(workers),
    }
    peer = subprocess.Popen(["node", "server.js"], cwd=PEER, env=env, stdout=subprocess.DEVNULL)
    try:
        wait_ready(f"http://127.0.0.1:{ours_port}/readyz", ours)
        wait_ready(f"http://127.0.0.1:{peer_port}/graphql?query=%7B__typename%7D", peer)
        yield {
            "ours": Service("ours", ours, f"http://127.0.0.1:{ours_port}/graphql"),
            "peer": Service("peer", peer, f"http://127.0.0.1:{peer_port}/graphql"),
        }
    finally:
        stop(ours)
        stop(peer)


def _variables(spec: ConnectionSpec, services: dict[str, Service]) -> dict[str, Any]:
    """Each question's variable sets per side, checked to give equal answers.

    Raises:
        SystemExit: an answer differs (both are printed).
    """
    with Store.open(spec) as store:
        function = store.read("bench/widest_function")[0]["key"]
    chosen: dict[str, dict[str, list[dict[str, Any]]]] = {side: {} for side in SIDES}
    for question in WORKLOAD:
        first: dict[str, Any] = {"function": function} if question.name == "Q4" else {}
        sets = {side: [first] for side in SIDES}
        for page in range(question.pages):
            answers = {side: services[side].ask(question, sets[side][page]) for side in SIDES}
            _require_equal(question, sets, answers)
            if page + 1 < question.pages:
                for side in SIDES:
                    sets[side].append({"after": end_cursor(answers[side])})
        for side in SIDES:
            chosen[side][question.name] = sets[side]
        print(f"  {question.name}: answers match ({question.pages} variable set(s))")
    return chosen


def _require_equal(
    question: Question, sets: dict[str, list[dict[str, Any]]], answers: dict[str, Json]
) -> None:
    ours, peer = (json.dumps(normalised(answers[side]), sort_keys=True) for side in SIDES)
    if ours != peer:
        raise SystemExit(
            f"{question.name} answers differ for {sets['ours'][-1]} / {sets['peer'][-1]}:\n"
            f"ours: {ours[:2000]}\npeer: {peer[:2000]}"
        )
    if len(ours) < 200:
        raise SystemExit(f"{question.name} answers too little to be worth timing: {ours}")


def _statements(spec: ConnectionSpec, service: Service, variables: dict[str, Any]) -> Any:
    """Per question: Cypher statements and Neo4j execution ms per request, from the
    server's query statistics over a few untimed requests."""
    runs = 5
    counts: dict[str, Any] = {}
    with Store.open(spec) as store:
        for question in WORKLOAD:
            store.write("bench/query_stats_start")
            for _ in range(runs):
                service.ask(question, variables[service.side][question.name][-1])
            rows = store.read("bench/query_stats")
            store.write("bench/query_stats_stop")
            invocations = sum(row["summary"]["invocationCount"] for row in rows)
            execution_us = sum(
                row["summary"]["invocationCount"] * row["summary"]["executionTimeInUs"]["avg"]
                for row in rows
            )
            counts[question.name] = {
                "statements": invocations / runs,
                "distinct_statements": len(rows),
                "neo4j_execution_ms": round(execution_us / runs / 1000, 2),
            }
    print(f"  {service.side} statements per request: {counts}")
    return counts


@dataclass
class Neo4jProcess:
    """The benchmark's Neo4j: its process (for CPU time) and a connection to settle it."""

    pid: int
    store: Store


def _timed(
    service: Service, body: str, concurrency: int, seconds: int, warmup: int, neo4j: Neo4jProcess
) -> dict[str, float]:
    with _wrk_script(body) as script:
        _wrk(service.url, script, concurrency, warmup)
        left_by_warmup = _settle(neo4j.store)
        before = tree_usage(service.process.pid).cpu_seconds
        neo4j_before = tree_usage(neo4j.pid).cpu_seconds
        result = _wrk(service.url, script, concurrency, seconds)
        cpu = tree_usage(service.process.pid).cpu_seconds - before
        neo4j_cpu = tree_usage(neo4j.pid).cpu_seconds - neo4j_before
        left_running = _settle(neo4j.store)
    requests = max(result["requests"], 1)
    if not result["requests"]:
        # wrk counts only requests that finished within the cell: none did.
        print(f"  {service.side}: no request completed in {seconds} s")
    return {
        "p50_ms": result["p50_us"] / 1000,
        "p95_ms": result["p95_us"] / 1000,
        "p99_ms": result["p99_us"] / 1000,
        "requests": result["requests"],
        "requests_per_second": round(result["requests"] / (result["duration_us"] / 1e6), 1),
        "service_cpu_ms_per_request": round(cpu * 1000 / requests, 2),
        "neo4j_cpu_ms_per_request": round(neo4j_cpu * 1000 / requests, 2),
        "statements_ended_after_warmup": left_by_warmup,
        "statements_ended_after_cell": left_running,
    }


def _warm_all(
    services: dict[str, Service], variables: dict[str, Any], seconds: int, neo4j: Neo4jProcess
) -> None:
    """Every question on each side at c=8 for ``seconds``, unrecorded."""
    if seconds <= 0:
        return
    print(f"  warming up: {seconds} s per question and side at c=8")
    for question in WORKLOAD:
        for side, service in services.items():
            with _wrk_script(service.body(question, variables[side][question.name][-1])) as script:
                _wrk(service.url, script, 8, seconds)
            _settle(neo4j.store)


def _settle(store: Store) -> int:
    """End the transactions a cell left open in Neo4j; how many there were.

    wrk stops at the end of its time, but the requests it had in flight go on in Neo4j
    (at 100k personas the peer's Q4 at c=32 ran some 20 s past its cell), and would slow
    whichever cell came next, on either side. Nobody reads their answers, so they are
    terminated, for both sides alike, before anything else is timed.
    """
    ended: set[str] = set()
    deadline = time.monotonic() + SETTLE_SECONDS
    while True:
        running = [row["id"] for row in store.read("bench/open_transactions")]
        if not running:
            return len(ended)
        if time.monotonic() > deadline:
            raise SystemExit(f"Neo4j still runs {running} {SETTLE_SECONDS} s after a cell")
        store.write("bench/terminate_transactions", ids=running)
        ended.update(running)
        time.sleep(0.2)


@contextmanager
def _wrk_script(body: str) -> Iterator[str]:
    """A Lua file for wrk that posts ``body``; removed afterwards."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(_WRK_SCRIPT % body)
    try:
        yield script.name
    finally:
        os.unlink(script.name)


def _wrk(url: str, script: str, concurrency: int, seconds: int) -> dict[str, Any]:
    threads = min(concurrency, 2)
    command = ["wrk", "-t", str(threads), "-c", str(concurrency), "-d", f"{seconds}s"]
    command += ["--timeout", "30s", "-s", script, url]
    completed = subprocess.run(command, capture_output=True, text=True, check=False)
    lines = [line for line in completed.stdout.splitlines() if line.startswith("RESULT ")]
    if completed.returncode != 0 or not lines:
        raise SystemExit(f"wrk failed: {completed.stdout[-500:]} {completed.stderr[-500:]}")
    result: dict[str, Any] = json.loads(lines[-1].removeprefix("RESULT "))
    if result["socket_errors"] or result["non_2xx"] or result["graphql_errors"]:
        raise SystemExit(f"errors under load at {url}: {result}")
    return result


def _median(rounds: list[dict[str, float]]) -> dict[str, float]:
    """One side's figures for a cell: each the median of the rounds that completed a request.

    Counts (requests, statements ended) are summed over all rounds instead.
    """
    summed = ("requests", "statements_ended_after_warmup", "statements_ended_after_cell")
    completed = [r for r in rounds if r["requests"]] or rounds
    return {
        key: sum(r[key] for r in rounds)
        if key in summed
        else round(statistics.median(r[key] for r in completed), 2)
        for key in rounds[0]
    }


def _ratios(ours: dict[str, float], peer: dict[str, float]) -> dict[str, float | None]:
    keys = ("p50_ms", "p95_ms", "p99_ms", "requests_per_second", "service_cpu_ms_per_request")
    # None where either side completed no request (no figure to compare).
    complete = ours["requests"] > 0 and peer["requests"] > 0
    return {
        key: round(ours[key] / peer[key], 2) if complete and peer[key] else None for key in keys
    }


def _check_tools() -> None:
    missing = [tool for tool in ("wrk", "node", "npm") if shutil.which(tool) is None]
    if missing:
        raise SystemExit(
            f"missing: {', '.join(missing)}. Debian: `apt-get install wrk`; Node 20+ with npm "
            "from nodejs.org or your distribution."
        )


def _npm_ci() -> None:
    print("npm ci in bench/peer")
    subprocess.run(
        ["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=PEER, check=True
    )


def _peer_packages() -> dict[str, str]:
    lock = json.loads((PEER / "package-lock.json").read_text(encoding="utf-8"))
    wanted = json.loads((PEER / "package.json").read_text(encoding="utf-8"))["dependencies"]
    return {name: lock["packages"][f"node_modules/{name}"]["version"] for name in wanted}


def _neo4j_versions(spec: ConnectionSpec, apoc_version: str) -> dict[str, str]:
    """The server's versions; APOC's is the one provisioned, once its functions answer."""
    with Store.open(spec) as store:
        row = store.read("bench/server_versions")[0]
        if not store.read("bench/apoc_loaded")[0]["loaded"]:
            raise SystemExit("APOC core is not loaded in the benchmark's Neo4j; the peer needs it")
    print(f"Neo4j {row['neo4j']}, GDS {row['gds']}, APOC {apoc_version}")
    return {**{key: str(value) for key, value in row.items()}, "apoc": apoc_version}


def _machine() -> str:
    load = os.getloadavg()
    return (
        f"{platform.machine()}, {os.cpu_count()} cores, {platform.platform()}, "
        f"load average at start {load[0]:.1f}"
    )


def _version(command: list[str]) -> str:
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout.strip()


def _save(figures: dict[str, Any]) -> None:
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")


def _print_cell(name: str, concurrency: int, cell: dict[str, Any]) -> None:
    ours, peer, ratio = cell["ours"], cell["peer"], cell["ratio"]
    if len(cell["rounds"]) > 1:
        for number, measured in enumerate(cell["rounds"], start=1):
            each = measured["ratio"]
            print(
                f"    round {number}: ours/peer p50 {each['p50_ms']} p99 {each['p99_ms']} "
                f"req/s {each['requests_per_second']}"
            )
    print(
        f"  {name} c={concurrency:<3} ours p50 {ours['p50_ms']:7.1f} p99 {ours['p99_ms']:7.1f} "
        f"{ours['requests_per_second']:6.1f}/s | peer p50 {peer['p50_ms']:7.1f} "
        f"p99 {peer['p99_ms']:7.1f} {peer['requests_per_second']:6.1f}/s | "
        f"ours/peer p50 {ratio['p50_ms']} p99 {ratio['p99_ms']} "
        f"req/s {ratio['requests_per_second']}"
    )
    for side in SIDES:
        ended = cell[side]["statements_ended_after_cell"]
        if ended:
            print(f"    {side}: {ended} transaction(s) still open at the end, terminated")


def _print_table(figures: dict[str, Any]) -> None:
    print(f"\n{figures['machine']}   (r: ours / peer)")
    header = (
        f"{'q':<4}{'w':>2}{'c':>4}  {'ours p50/p95/p99 ms':>22}  {'peer p50/p95/p99 ms':>22}"
        f"{'ours/s':>8}{'peer/s':>8}{'p50 r':>7}{'p99 r':>7}{'rps r':>7}{'cpu r':>7}"
    )
    for catalog, result in figures["catalogs"].items():
        for workers, run in result["workers"].items():
            print(f"\n{catalog}, {workers} worker(s): peak RSS {run['peak_rss_mb']} MB")
            print(header)
            for name, cells in run["cells"].items():
                for concurrency, cell in cells.items():
                    ours, peer, ratio = cell["ours"], cell["peer"], cell["ratio"]
                    print(
                        f"{name:<4}{workers:>2}{concurrency:>4}  {_triple(ours):>22}  "
                        f"{_triple(peer):>22}{ours['requests_per_second']:>8}"
                        f"{peer['requests_per_second']:>8}{ratio['p50_ms']!s:>7}"
                        f"{ratio['p99_ms']!s:>7}{ratio['requests_per_second']!s:>7}"
                        f"{ratio['service_cpu_ms_per_request']!s:>7}"
                    )
            for side in SIDES:
                print(f"  {side} statements/request: {run['statements_per_request'][side]}")


def _triple(cell: dict[str, float]) -> str:
    return f"{cell['p50_ms']:.1f}/{cell['p95_ms']:.1f}/{cell['p99_ms']:.1f}"


if __name__ == "__main__":
    main()
