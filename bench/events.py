"""Events out: commit-to-subscriber latency with 100 subscribers, and the outbox's cost.

    python bench/events.py [--subscribers 100] [--changes 50] [--writes 200]

In one run: a local Neo4j + GDS in a temporary folder (or the server named by
``NEO4J_URI``/``NEO4J_PASSWORD``: it is wiped), the seed catalog loaded, then

1. **latency**: ``personagraph serve --workers 2``; ``--subscribers`` WebSocket clients
   (dealt to both workers in turn) subscribe to ``events``; ``--changes`` persona
   updates are made one at a time over HTTP, and each subscriber notes when each
   event arrives. Latency is arrival time minus the event's ``occurredAt`` (the
   server's clock inside the committing transaction; same machine, same clock), so it
   covers the commit, the worker's next outbox poll (every
   ``PERSONAGRAPH_EVENTS_POLL_INTERVAL``, 0.25 s) and the fan-out.
2. **write overhead**: in this process, ``update_persona`` ``--writes`` times with the
   outbox and ``--writes`` times with ``outbox.append`` replaced by a no-op, in
   alternating blocks of 20, so both see the same machine load.

p50/p99 are printed and saved to bench/results/events.json with the ratio
outbox p50 / no-outbox p50. Nothing here is a test: compare figures from one run.
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
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx
from websockets.asyncio.client import ClientConnection, connect
from websockets.typing import Subprotocol

from _harness import SEEDS, free_port, load_catalog, start_service, stop, wait_ready
from personagraph.admin import persona_edits
from personagraph.admin.changes import Actor
from personagraph.api.api_keys import create_key
from personagraph.api.graphql.runtime.context import Role
from personagraph.events import outbox
from personagraph.model.persona_edits import PersonaFields
from personagraph.neo4j_local.provision import provision_local
from personagraph.settings import Settings
from personagraph.store import Store
from personagraph.store.connection import ConnectionSpec

RESULTS = Path(__file__).parent / "results" / "events.json"
EVENTS = 'subscription { events(types: ["persona.*"]) { seq occurredAt } }'
UPDATE = """mutation U($id: String!, $version: Int!, $size: Int!) {
  updatePersona(id: $id, version: $version, changes: {teamSize: $size}) { version } }"""
VERSION = "query V($id: String!) { persona(id: $id) { version } }"
BLOCK = 20
PERSONA = "medical-director-orchestrator"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--subscribers", type=int, default=100)
    parser.add_argument("--changes", type=int, default=50, help="updates whose events are timed")
    parser.add_argument("--writes", type=int, default=200, help="updates timed each way")
    arguments = parser.parse_args()
    figures: dict[str, Any] = {
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, {platform.platform()}",
        "python": platform.python_version(),
        "load_average_before": round(os.getloadavg()[0], 2),
        "subscribers": arguments.subscribers,
        "changes": arguments.changes,
        "writes": arguments.writes,
    }
    with _server() as spec:
        load_catalog(spec, SEEDS)
        with Store.open(spec) as store:
            persona = _a_persona(store)
            key = create_key(store, "events bench", Role.ADMIN).secret
            figures["write_overhead"] = _write_overhead(store, persona, arguments.writes)
        figures["latency"] = _latency(spec, key, persona, arguments)
    figures["load_average_after"] = round(os.getloadavg()[0], 2)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(figures, indent=2))


@contextmanager
def _server() -> Iterator[ConnectionSpec]:
    if os.environ.get("NEO4J_URI"):
        yield ConnectionSpec(
            os.environ["NEO4J_URI"],
            os.environ.get("NEO4J_USER", "neo4j"),
            os.environ.get("NEO4J_PASSWORD"),
        )
        return
    with tempfile.TemporaryDirectory(prefix="pg-events-bench-") as scratch:
        root = Path(scratch)
        settings = Settings(cache_dir=Settings().cache_dir, data_dir=root / "data")
        server = provision_local(settings, print, root / "neo4j", keep=False)
        try:
            yield server.spec
        finally:
            server.release()


def _a_persona(store: Store) -> str:
    """The persona the bench edits (one of the seed's Medical Director variants)."""
    if not store.read("read/personas/for_edit", id=PERSONA):
        raise SystemExit(f"the seed catalog has no persona {PERSONA!r}")
    return PERSONA


def _version(store: Store, persona: str) -> int:
    return int(store.read("read/personas/for_edit", id=persona)[0]["props"]["version"])


def _write_overhead(store: Store, persona: str, writes: int) -> dict[str, Any]:
    """update_persona with and without the outbox's append, alternating blocks."""
    timings: dict[str, list[float]] = {"with_outbox": [], "without_outbox": []}
    actor = Actor("events bench")
    real_append = outbox.append
    size = 1
    while min(len(t) for t in timings.values()) < writes:
        for mode in timings:
            outbox.append = real_append if mode == "with_outbox" else _no_append
            try:
                for _ in range(BLOCK):
                    size = size % 400 + 1
                    version = _version(store, persona)
                    began = time.perf_counter()
                    persona_edits.update_persona(
                        store, persona, version, PersonaFields(team_size=size), actor
                    )
                    timings[mode].append(time.perf_counter() - began)
            finally:
                outbox.append = real_append
    result = {mode: _summary(values[:writes]) for mode, values in timings.items()}
    result["p50_ratio_with_to_without"] = round(
        result["with_outbox"]["p50_ms"] / result["without_outbox"]["p50_ms"], 3
    )
    print("write overhead:", result)
    return result


def _no_append(tx: Any, actor: str, request_id: str, events: Any) -> list[int]:
    return []


def _latency(
    spec: ConnectionSpec, key: str, persona: str, arguments: argparse.Namespace
) -> dict[str, Any]:
    port = free_port()
    process = start_service(spec, port, workers=2, env={"PERSONAGRAPH_RATE_LIMIT_ADMIN": "0"})
    try:
        wait_ready(f"http://127.0.0.1:{port}/healthz", process)
        return asyncio.run(_measure(port, key, persona, arguments))
    finally:
        stop(process)


async def _measure(
    port: int, key: str, persona: str, arguments: argparse.Namespace
) -> dict[str, Any]:
    url = f"ws://127.0.0.1:{port}/graphql"
    sockets = [await _subscriber(url, key) for _ in range(arguments.subscribers)]
    arrivals: list[list[tuple[int, float, float]]] = [[] for _ in sockets]
    readers = [asyncio.create_task(_read(ws, arrivals[i])) for i, ws in enumerate(sockets)]
    async with httpx.AsyncClient(
        base_url=f"http://127.0.0.1:{port}", headers={"Authorization": f"Bearer {key}"}
    ) as client:
        version = (await _post(client, VERSION, id=persona))["persona"]["version"]
        # A first change every subscriber must see before timing starts: all are live.
        version = await _update(client, persona, version, 1)
        while min(len(a) for a in arrivals) < 1:
            await asyncio.sleep(0.05)
        for change in range(arguments.changes):
            version = await _update(client, persona, version, change + 2)
            await asyncio.sleep(0.1)
        deadline = time.monotonic() + 30
        while min(len(a) for a in arrivals) < arguments.changes + 1:
            if time.monotonic() > deadline:
                break
            await asyncio.sleep(0.05)
    for reader in readers:
        reader.cancel()
    for ws in sockets:
        await ws.close()
    latencies = [arrived - occurred for got in arrivals for _, occurred, arrived in got[1:]]
    received = sum(len(got) - 1 for got in arrivals)
    result = {
        **_summary(latencies),
        "events_expected": arguments.changes * arguments.subscribers,
        "events_received": received,
    }
    print("latency:", result)
    return result


async def _subscriber(url: str, key: str) -> ClientConnection:
    ws = await connect(url, subprotocols=[Subprotocol("graphql-transport-ws")])
    await ws.send(json.dumps({"type": "connection_init", "payload": {"apiKey": key}}))
    ack = json.loads(await ws.recv())
    if ack["type"] != "connection_ack":
        raise SystemExit(f"subscription refused: {ack}")
    payload = {"query": EVENTS}
    await ws.send(json.dumps({"id": "1", "type": "subscribe", "payload": payload}))
    return ws


async def _read(ws: ClientConnection, into: list[tuple[int, float, float]]) -> None:
    async for raw in ws:
        message = json.loads(raw)
        if message["type"] == "ping":
            await ws.send(json.dumps({"type": "pong"}))
        if message["type"] != "next":
            continue
        arrived = time.time()
        event = message["payload"]["data"]["events"]
        occurred = datetime.fromisoformat(event["occurredAt"]).timestamp()
        into.append((event["seq"], occurred, arrived))


async def _post(client: httpx.AsyncClient, query: str, **variables: Any) -> dict[str, Any]:
    answer = (await client.post("/graphql", json={"query": query, "variables": variables})).json()
    if answer.get("errors"):
        raise SystemExit(f"request failed: {answer['errors']}")
    data: dict[str, Any] = answer["data"]
    return data


async def _update(client: httpx.AsyncClient, persona: str, version: int, size: int) -> int:
    done = await _post(client, UPDATE, id=persona, version=version, size=size % 400 + 1)
    return int(done["updatePersona"]["version"])


def _summary(seconds: list[float]) -> dict[str, Any]:
    if not seconds:
        return {"n": 0}
    ordered = sorted(seconds)
    return {
        "n": len(ordered),
        "p50_ms": round(statistics.median(ordered) * 1000, 2),
        "p99_ms": round(ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000, 2),
        "max_ms": round(ordered[-1] * 1000, 2),
    }


if __name__ == "__main__":
    main()
