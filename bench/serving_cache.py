"""Persona reads by id with the serving cache against without it, at c=1 and c=8.

    python bench/serving_cache.py [--seconds 10] [--personas 100]

In one run: a local Neo4j + GDS in a temporary folder; the seed catalog and
``--personas`` assistant personas (imported from a definitions file) loaded; then

1. **the service**: ``personagraph serve`` twice, at once, with the cache (the default)
   and with ``PERSONAGRAPH_SERVING_CACHE=false``; closed-loop HTTP clients send
   ``persona(id:)`` of the persona's own fields, cycling through the personas, for
   ``--seconds`` per cell over keep-alive connections. Each cell is measured in four
   slices, the two services in turn, so that a change in the load of a shared machine
   falls on both sides of a ratio. Two clients, one after the other:

   - **httpx** (``service``), the figures this bench has always reported;
   - **a lean client** (``service_lean_client``): the same requests written as bytes
     on an asyncio stream, the answer read by its ``Content-Length`` and parsed with
     ``json``. The client runs in this process and its time is part of every sample:
     httpx's own work, about 1 ms a request (``/healthz``, which does no GraphQL,
     takes as long), is most of what a cache hit measures through it, and is the same
     whatever the server does. The lean client's ratio is closer to what the service
     gives a client that costs little (another language, a proxy); httpx's is kept
     beside it, as what a Python client of this kind sees.
2. **the cache alone**: in this process, on one event loop, ``ServingCache.get`` against
   the same read sent straight to Neo4j (``read/serving/persona_by_id``), so the figure
   shows what the cache saves without the HTTP and GraphQL work both paths share.

p50/p95/p99, requests/s and (for the service) its CPU milliseconds per request are
printed and saved to bench/results/serving_cache.json, with the ratio cached p50 /
uncached p50 (the goal: 0.3 or less) per client, and the 1-minute load average before
and after. Nothing here is a test: times depend on the machine, which may be shared;
compare figures from the same run, and rerun on a quiet machine.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import platform
import statistics
import subprocess
import tempfile
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from functools import partial
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
from personagraph.admin import definitions
from personagraph.admin.changes import Actor
from personagraph.model.definitions import parse_definitions
from personagraph.neo4j_local.provision import provision_local
from personagraph.serving.cache import ServingCache
from personagraph.settings import Settings
from personagraph.store import Store
from personagraph.store.async_reads import AsyncReads
from personagraph.store.connection import ConnectionSpec

RESULTS = Path(__file__).parent / "results" / "serving_cache.json"
CONCURRENCY = (1, 8)
MODES = (("cached", "true"), ("uncached", "false"))
_SWITCH = "PERSONAGRAPH_SERVING_CACHE"
SLICES = 4  # each service cell is measured in this many slices, the two services in turn
QUERY = """query ById($id: String!) { persona(id: $id) {
  id name kind systemPrompt context expertise responseFormat settings version updatedAt } }"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=10.0, help="per cell")
    parser.add_argument("--personas", type=int, default=100, help="assistant personas read")
    arguments = parser.parse_args()
    figures: dict[str, Any] = {
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, {platform.platform()}",
        "python": platform.python_version(),
        # The machine is shared: the 1-minute load average before and after the run.
        "load_average_before": round(os.getloadavg()[0], 2),
        "seconds_per_cell": arguments.seconds,
        "personas": arguments.personas,
    }
    with tempfile.TemporaryDirectory(prefix="pg-cache-bench-") as scratch:
        root = Path(scratch)
        settings = Settings(cache_dir=Settings().cache_dir, data_dir=root / "data")
        server = provision_local(settings, print, root / "neo4j", keep=False)
        try:
            load_catalog(server.spec, SEEDS)
            ids = _assistants(server.spec, arguments.personas)
            service = _service(server.spec, ids, arguments.seconds)
            figures["service"] = service["httpx"]
            figures["service_lean_client"] = service["lean"]
            figures["cache_alone"] = asyncio.run(_cache_alone(server.spec, ids, arguments.seconds))
        finally:
            server.release()
    figures["load_average_after"] = round(os.getloadavg()[0], 2)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    _print(figures)


def _assistants(spec: ConnectionSpec, count: int) -> list[str]:
    document = {
        f"assistant_{i:04d}": {
            "name": f"Assistant {i}",
            "role": "Benchmark assistant",
            "system_prompt": f"You are benchmark assistant {i}. " + "Answer briefly. " * 60,
            "expertise": ["benchmarks", f"topic {i % 10}"],
            "settings": {"temperature": 0.5, "max_tokens": 512},
        }
        for i in range(count)
    }
    found = parse_definitions(json.dumps(document).encode(), "json")
    with Store.open(spec) as store:
        definitions.import_definitions(store, found, Actor("bench"))
    return sorted(document)


def _service(spec: ConnectionSpec, ids: list[str], seconds: float) -> dict[str, Any]:
    """Both clients against both services: {client: {mode: {c: figures}, "p50_ratio"}}.

    The two services run at once and are measured in turn, ``SLICES`` slices of each
    cell apiece, so that a change of the machine's load (it may be shared) falls on
    both sides of a ratio rather than on one.
    """
    services: dict[str, tuple[int, subprocess.Popen[bytes]]] = {}
    try:
        for mode, cache in MODES:
            port = free_port()
            services[mode] = port, start_service(spec, port, env={_SWITCH: cache})
        for port, service in services.values():
            wait_ready(f"http://127.0.0.1:{port}/readyz", service)
        figures: dict[str, Any] = {}
        for client, load in (("httpx", _http_load), ("lean", _lean_load)):
            cells: dict[str, dict[str, Any]] = {mode: {} for mode in services}
            for c in CONCURRENCY:
                samples = {mode: _Samples() for mode in services}
                for _ in range(SLICES):
                    for mode, (port, service) in services.items():
                        # The service's CPU from the end of the warm-up on.
                        cpu: list[float] = []
                        started = partial(_cpu_into, cpu, service.pid)
                        latencies, elapsed = asyncio.run(
                            load(port, ids, c, seconds / SLICES, started)
                        )
                        _cpu_into(cpu, service.pid)
                        samples[mode].add(latencies, elapsed, cpu[1] - cpu[0])
                for mode, sample in samples.items():
                    cells[mode][str(c)] = sample.summary()
            figures[client] = {**cells, "p50_ratio": _ratios(cells)}
        return figures
    finally:
        for _, service in services.values():
            stop(service)


def _cpu_into(readings: list[float], pid: int) -> None:
    readings.append(tree_usage(pid).cpu_seconds)


@dataclass
class _Samples:
    """One service cell's slices: latencies, seconds taken and the service's CPU seconds."""

    latencies: list[float] = field(default_factory=list)
    elapsed: float = 0.0
    cpu: float = 0.0

    def add(self, latencies: list[float], elapsed: float, cpu: float) -> None:
        self.latencies += latencies
        self.elapsed += elapsed
        self.cpu += cpu

    def summary(self) -> dict[str, float]:
        # CPU per request is what the service spends on one, whoever waits for what: a
        # figure the machine's load moves much less than the latencies.
        cpu_ms = round(self.cpu * 1000 / len(self.latencies), 3)
        return {**_summary(self.latencies, self.elapsed), "service_cpu_ms_per_request": cpu_ms}


async def _http_load(
    port: int, ids: list[str], concurrency: int, seconds: float, started: Callable[[], None]
) -> tuple[list[float], float]:
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    base = f"http://127.0.0.1:{port}"
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=60) as client:
        cycle = itertools.cycle(ids)

        async def one() -> None:
            payload = {"query": QUERY, "variables": {"id": next(cycle)}}
            response = await client.post("/graphql", json=payload)
            body = response.json()
            if response.status_code != 200 or body.get("errors") or not body["data"]["persona"]:
                raise SystemExit(f"request failed: {response.status_code} {response.text[:300]}")

        return await _closed_loop(one, concurrency, seconds, started)


async def _lean_load(
    port: int, ids: list[str], concurrency: int, seconds: float, started: Callable[[], None]
) -> tuple[list[float], float]:
    cycle = itertools.cycle(ids)
    async with _connections(port, concurrency) as idle:

        async def one() -> None:
            payload = {"query": QUERY, "variables": {"id": next(cycle)}}
            connection = idle.get_nowait()  # one per worker: never empty
            status, text = await connection.post("/graphql", json.dumps(payload).encode())
            idle.put_nowait(connection)
            body = json.loads(text)
            if status != 200 or body.get("errors") or not body["data"]["persona"]:
                raise SystemExit(f"request failed: {status} {text[:300]!r}")

        return await _closed_loop(one, concurrency, seconds, started)


@asynccontextmanager
async def _connections(port: int, count: int) -> AsyncIterator[asyncio.Queue[_Connection]]:
    idle: asyncio.Queue[_Connection] = asyncio.Queue()
    opened = [await _Connection.open(port) for _ in range(count)]
    for connection in opened:
        idle.put_nowait(connection)
    try:
        yield idle
    finally:
        for connection in opened:
            connection.writer.close()


class _Connection:
    """One keep-alive HTTP/1.1 connection: a POST written, its answer read by length."""

    def __init__(self, port: int, reader: asyncio.StreamReader, writer: asyncio.StreamWriter):
        self.port = port
        self.reader = reader
        self.writer = writer

    @classmethod
    async def open(cls, port: int) -> _Connection:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        return cls(port, reader, writer)

    async def post(self, path: str, body: bytes) -> tuple[int, bytes]:
        """The status and body of the answer to a JSON ``body`` POSTed to ``path``."""
        head = (
            f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{self.port}\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
        )
        self.writer.write(head.encode() + body)
        lines = (await self.reader.readuntil(b"\r\n\r\n")).decode("latin-1").split("\r\n")
        headers = dict(line.lower().split(": ", 1) for line in lines[1:] if line)
        if "content-length" not in headers:
            raise SystemExit(f"an answer without Content-Length: {lines}")
        return int(lines[0].split()[1]), await self.reader.readexactly(
            int(headers["content-length"])
        )


async def _cache_alone(spec: ConnectionSpec, ids: list[str], seconds: float) -> dict[str, Any]:
    with Store.open(spec) as store:
        reads = await AsyncReads.open(store)
        try:
            cache = ServingCache(reads, store.registry, check_interval=0.25, max_entries=10_000)
            statement = store.registry.statement("read/serving/persona_by_id")
            cycle = itertools.cycle(ids)

            async def cached() -> None:
                if await cache.get("Persona", next(cycle)) is None:
                    raise SystemExit("a persona was missing")

            async def uncached() -> None:
                if not await reads.read_statement(statement, {"id": next(cycle)}):
                    raise SystemExit("a persona was missing")

            cells = {
                mode: {str(c): _summary(*await _closed_loop(read, c, seconds)) for c in CONCURRENCY}
                for mode, read in (("cached", cached), ("uncached", uncached))
            }
            status = cache.status()
        finally:
            await reads.close()
    return {
        **cells,
        "p50_ratio": _ratios(cells),
        "hits": status.hits,
        "misses": status.misses,
    }


async def _closed_loop(
    one: Callable[[], Awaitable[None]],
    concurrency: int,
    seconds: float,
    started: Callable[[], None] = lambda: None,
) -> tuple[list[float], float]:
    """The latencies of ``concurrency`` workers sending ``one`` after another for
    ``seconds`` (after a warm-up of a quarter of that, 2 s at most, at whose end
    ``started`` is called), and the time taken."""

    async def worker(until: float, latencies: list[float]) -> None:
        while time.perf_counter() < until:
            started = time.perf_counter()
            await one()
            latencies.append(time.perf_counter() - started)

    await asyncio.gather(
        *(worker(time.perf_counter() + min(2.0, seconds / 4), []) for _ in range(concurrency))
    )
    latencies: list[float] = []
    started()
    began = time.perf_counter()
    await asyncio.gather(*(worker(began + seconds, latencies) for _ in range(concurrency)))
    return latencies, time.perf_counter() - began


def _summary(latencies: list[float], elapsed: float) -> dict[str, float]:
    quantiles = statistics.quantiles(latencies, n=100, method="inclusive")
    return {
        "requests": len(latencies),
        "p50_ms": round(quantiles[49] * 1000, 3),
        "p95_ms": round(quantiles[94] * 1000, 3),
        "p99_ms": round(quantiles[98] * 1000, 3),
        "requests_per_second": round(len(latencies) / elapsed, 1),
    }


def _ratios(cells: dict[str, Any]) -> dict[str, float]:
    return {
        str(c): round(cells["cached"][str(c)]["p50_ms"] / cells["uncached"][str(c)]["p50_ms"], 3)
        for c in CONCURRENCY
    }


def _print(figures: dict[str, Any]) -> None:
    print(f"\n{figures['machine']}")
    print(
        f"load average (1 min): {figures['load_average_before']} before, "
        f"{figures['load_average_after']} after"
    )
    for part in ("service", "service_lean_client", "cache_alone"):
        print(f"\n{part}: persona by id ({figures['personas']} personas, cycled)")
        print(
            f"{'mode':<10}{'c':>4}{'p50 ms':>10}{'p95 ms':>10}{'p99 ms':>10}{'req/s':>10}"
            f"{'cpu ms/req':>12}"
        )
        for mode in ("cached", "uncached"):
            for c, cell in figures[part][mode].items():
                cpu = cell.get("service_cpu_ms_per_request", "")
                print(
                    f"{mode:<10}{c:>4}{cell['p50_ms']:>10}{cell['p95_ms']:>10}"
                    f"{cell['p99_ms']:>10}{cell['requests_per_second']:>10}{cpu:>12}"
                )
        ratios = ", ".join(f"c={c}: {r}" for c, r in figures[part]["p50_ratio"].items())
        print(f"cached p50 / uncached p50: {ratios} (goal: 0.3 or less)")


if __name__ == "__main__":
    main()
