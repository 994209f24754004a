"""What a running service does while its database restarts, and how soon it is back.

A local Neo4j + GDS of its own (never the user's instance), migrated, and
``personagraph serve --workers N`` finding it through ``instance.json``. Measured
in this run:

* readiness (``/readyz``) with the database up: the baseline of the ratios;
* while the database is stopped: ``/readyz``, ``{ server { ready } }``, and a request
  whose API key is not cached yet (each must fail at once: 503 with Retry-After);
* after the database is back (its ``start`` returned), keyed reads sent one after
  another until each worker has answered one: when the first answered one was sent,
  and how long the answered ones took (a cold server plans its first queries), after
  a restart on the same port and after one on a new port (a squatter holds the old
  one and never answers); and the same read on the warm server.

Figures are printed and saved to bench/results/restart_recovery.json.

    python bench/restart_recovery.py [--workers 2] [--samples 20]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import httpx

from personagraph.api.api_keys import create_key
from personagraph.api.graphql.runtime.context import Role
from personagraph.neo4j_local.instance import InstanceState
from personagraph.neo4j_local.local_server import LocalServer
from personagraph.neo4j_local.ports import LOOPBACK, free_port
from personagraph.neo4j_local.provision import local_server
from personagraph.settings import Settings
from personagraph.store import Store, migrations
from personagraph.store.connection import ConnectionSpec

RESULTS = Path(__file__).parent / "results" / "restart_recovery.json"
INSTANCE = "bench-restarts"
PERSONAS = "{ personas(limit: 1) { id } }"
HANG = 60.0  # seconds: a request open this long is reported, not waited for
# A new connection for every request (none kept alive), so that the supervisor deals
# them to the workers in turn; one client, so that none pays for setting one up.
CLIENT = httpx.Client(timeout=HANG, limits=httpx.Limits(max_keepalive_connections=0))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--samples", type=int, default=20, help="requests per measured kind")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="pg-restarts-") as scratch:
        data_dir = Path(os.environ.get("BENCH_KEEP_DIR") or scratch)
        server = local_server(Settings(), _say, data_dir / "neo4j" / INSTANCE)
        state, _ = server.start(_say)
        try:
            with Store.open(_spec(state)) as store:
                migrations.migrate(store)
            figures = _measure(server, data_dir, arguments.workers, arguments.samples)
        finally:
            server.stop()
    figures |= {"workers": arguments.workers, "samples": arguments.samples, **_machine()}
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(figures, indent=2))
    print(f"saved to {RESULTS}")


def _measure(server: LocalServer, data_dir: Path, workers: int, samples: int) -> dict[str, object]:
    port = free_port()
    service = _serve(data_dir, port, workers)
    base = f"http://{LOOPBACK}:{port}"
    try:
        _wait(lambda: _status(f"{base}/readyz") == 200, 180)
        state = server.state()
        assert state is not None
        with Store.open(_spec(state)) as store:
            keys = [create_key(store, f"bench-{n}", Role.READER).secret for n in range(samples)]
        up = _timed(samples, lambda _: _status(f"{base}/readyz"))
        print(f"readiness with the database up: {_summary(up)}")
        server.stop()
        down = {
            "readyz": _timed(samples, lambda _: _status(f"{base}/readyz")),
            "server_field": _timed(samples, lambda _: _post(base, "{ server { ready } }")),
            "uncached_key": _timed(samples, lambda n: _post(base, PERSONAS, keys[n])),
        }
        for kind, timings in down.items():
            print(f"{kind} with the database down: {_summary(timings)}")
        same_port = _recovery_figures(_recovery(server, base, keys[0], squat=None))
        print(f"after a restart on the same port: {same_port}")
        server.stop()
        moved = _recovery_figures(_recovery(server, base, keys[1], squat=state.bolt_port))
        print(f"after a restart on a new port: {moved}")
        warm = _timed(samples, lambda _: _post(base, PERSONAS, keys[0]))
        print(f"a keyed read on the warm server: {_summary(warm)}")
    finally:
        service.terminate()
        service.wait(timeout=60)
    baseline = statistics.median(t for t, _ in up)
    return {
        "readiness_up_ms": _figures(up, baseline),
        **{f"{kind}_down_ms": _figures(timings, baseline) for kind, timings in down.items()},
        "keyed_read_warm_ms": _figures(warm, baseline),
        "recovery_same_port": same_port,
        "recovery_new_port": moved,
    }


def _recovery(
    server: LocalServer, base: str, key: str, squat: int | None
) -> list[tuple[float, int, float]]:
    """Start the database (with its old bolt port held by a silent squatter when
    ``squat``), then send keyed reads one after another until two in a row (one per
    worker) are answered: (seconds after the server was back, status, seconds taken)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as squatter:
        if squat is not None:
            squatter.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            squatter.bind((LOOPBACK, squat))
            squatter.listen()
        server.start(_say)
        back = time.perf_counter()
        sent: list[tuple[float, int, float]] = []
        while len(sent) < 2 or any(status != 200 for _, status, _ in sent[-2:]):
            if time.perf_counter() - back > 180:
                raise SystemExit(f"not answering 180 s after the restart: {sent}")
            began = time.perf_counter()
            status = _post(base, PERSONAS, key)
            sent.append((began - back, status, time.perf_counter() - began))
        return sent


def _recovery_figures(sent: list[tuple[float, int, float]]) -> dict[str, object]:
    """When the first answered request was sent, and how long the answered ones took
    (the first queries on a cold server wait for their plans)."""
    answered = sent[-2:]
    return {
        "first_answered_request_sent_after_s": round(answered[0][0], 2),
        "answered_requests_took_s": [round(took, 2) for _, _, took in answered],
        "requests_before": len(sent) - 2,
        "statuses": [status for _, status, _ in sent],
    }


def _serve(data_dir: Path, port: int, workers: int) -> subprocess.Popen[bytes]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("NEO4J_")}
    env |= {
        "PERSONAGRAPH_DATA_DIR": str(data_dir),
        "PERSONAGRAPH_INSTANCE": INSTANCE,
        "PERSONAGRAPH_PROVISIONER": "local",
    }
    command = [sys.executable, "-m", "personagraph", "serve", "--host", LOOPBACK]
    command += ["--port", str(port), "--workers", str(workers)]
    with (data_dir / "service.log").open("wb") as log:  # read it when a figure looks wrong
        return subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)


def _status(url: str) -> int:
    try:
        return CLIENT.get(url).status_code
    except httpx.TimeoutException:
        return 0


def _post(base: str, query: str, key: str | None = None) -> int:
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    try:
        response = CLIENT.post(f"{base}/graphql", json={"query": query}, headers=headers)
    except httpx.TimeoutException:
        return 0
    failed = response.status_code == 200 and "errors" in response.json()
    return 0 if failed else response.status_code


def _timed(samples: int, request: Callable[[int], int]) -> list[tuple[float, int]]:
    """``samples`` requests one after another: (milliseconds, status) of each."""
    timings = []
    for n in range(samples):
        began = time.perf_counter()
        status = request(n)
        timings.append(((time.perf_counter() - began) * 1000, status))
    return timings


def _figures(timings: list[tuple[float, int]], baseline: float) -> dict[str, object]:
    millis = sorted(t for t, _ in timings)
    return {
        "p50": round(statistics.median(millis), 1),
        "max": round(millis[-1], 1),
        "p50_x_baseline": round(statistics.median(millis) / baseline, 1),
        "statuses": sorted({status for _, status in timings}),
    }


def _summary(timings: list[tuple[float, int]]) -> str:
    millis = sorted(t for t, _ in timings)
    statuses = sorted({status for _, status in timings})
    return f"p50 {statistics.median(millis):.1f} ms, max {millis[-1]:.1f} ms, statuses {statuses}"


def _wait(check: Callable[[], bool], within: float) -> None:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    raise SystemExit(f"no answer within {within:.0f} s")


def _spec(state: InstanceState) -> ConnectionSpec:
    return ConnectionSpec(uri=state.uri, user=state.user, password=state.password)


def _say(message: str) -> None:
    print(f"  {message}")


def _machine() -> dict[str, object]:
    return {"python": platform.python_version(), "cpus": os.cpu_count()}


if __name__ == "__main__":
    main()
