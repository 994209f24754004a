"""Minutes of mixed reads and writes, the database killed and restarted under them,
then ten times the rate: what is lost, what fails, and what the service sheds.

A local Neo4j + GDS of its own (never the user's instance) holding the seed catalog,
and ``personagraph serve --workers 2`` finding it through ``instance.json`` (the local
provisioner, so that the service follows the database across its restart). The clients
(``soak_load.py``) are 32, each with an editor key of its own, sending a mix of reads
and optimistic ``updatePersona`` writes to a few hot personas. In one run:

1. **Calibration**: the 32 clients send their next request as soon as the last is
   answered, for ``--calibrate-seconds``, against a service without rate limits: what
   the machine serves now. The soak's rate is ``--load-share`` of that (or ``--rate``).
2. The service is started again with a rate limit per key of ``--budget-factor`` times
   what a client spends at the soak's rate (``PERSONAGRAPH_RATE_LIMIT_EDITOR``), over a
   window long enough for ``REQUESTS_PER_WINDOW`` of a client's requests (so that a
   client never reaches it by chance), and warmed up.
3. **Soak**: the clients at that rate for ``--seconds`` (longer if needed, until the
   database has been back ``SETTLE_SECONDS``); in the middle Neo4j is killed (SIGKILL)
   and started again. Recorded: every answer, when the database was killed and
   when it was back, and the resident memory of the service's processes before and
   after. Required: no error before the kill, only ``UNAVAILABLE`` from then on, none
   sent more than ``RECOVERY_LIMIT`` s after the database was back.
4. **Unloaded**: the clients at the soak's rate for ``--baseline-seconds``: the p99 the
   overload is compared with.
5. **Overload**: ``--overload`` times as many clients, each at the soak's pace, on
   as few keys as empty their budgets within a quarter of the phase, for
   ``--overload-seconds``: ten times the rate while answers come within a client's
   interval (each waits for its answer, so the offered rate is
   recorded). How many were refused (429 over the rate limit, 503 when a worker's
   queue is full) and the p99 of those admitted, as a ratio to the unloaded p99.
6. **Writes**: every acknowledged write is checked against the graph (``soak_checks.py``).

Figures (with the machine's load average, which on a shared machine moves every
latency) are printed and saved to bench/results/soak.json; the run fails when a check
fails.

    python bench/soak.py [--seconds 300] [--workers 2] [--rate R] [--overload 10]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

from _harness import SEEDS, load_catalog, process_tree, stop, wait_ready
from personagraph.api.api_keys import create_key
from personagraph.api.graphql.runtime.context import Role
from personagraph.neo4j_local.local_server import LocalServer
from personagraph.neo4j_local.ports import LOOPBACK, free_port
from personagraph.neo4j_local.provision import local_server
from personagraph.settings import Settings
from personagraph.store import Store
from personagraph.store.connection import ConnectionSpec
from soak_checks import check_writes, persona_states
from soak_load import (
    CONFLICT,
    MIX,
    OK,
    Outcome,
    Workload,
    closed_loop,
    monotonic_since,
    paced,
)

RESULTS = Path(__file__).parent / "results" / "soak.json"
INSTANCE = "bench-soak"
HOT_PERSONAS = 8
SEED = 20
# Seconds after the database is back within which the service must answer again.
RECOVERY_LIMIT = 10.0
# Seconds the soak goes on at least after the database is back.
SETTLE_SECONDS = 30.0
START_TIMEOUT = 900.0
# The rate limit's window holds at least this many of a client's requests at the
# soak's rate (and lasts at least MIN_WINDOW s): a budget of a few times the mean is
# then never reached by chance.
REQUESTS_PER_WINDOW = 25
MIN_WINDOW = 10.0
# Items each kind of request costs against the rate limit (its worst case: a page's
# length, a connection's ``first``, one per persona).
COST = {"persona": 1, "page": 20, "connection": 10, "pains": 6, "update": 1}
ADMITTED = {OK, CONFLICT}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=300, help="the soak's length")
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--rate", type=float, help="requests/s in all (default: calibrated)")
    parser.add_argument("--load-share", type=float, default=0.5, help="of the calibrated rate")
    parser.add_argument("--calibrate-seconds", type=float, default=15)
    parser.add_argument("--baseline-seconds", type=float, default=30)
    parser.add_argument("--overload", type=float, default=10, help="times the soak's rate")
    parser.add_argument("--overload-seconds", type=float, default=30)
    parser.add_argument("--budget-factor", type=float, default=3)
    arguments = parser.parse_args()
    if arguments.seconds < 60:
        parser.error("--seconds: give at least 60 (Neo4j, killed midway, takes a while to start)")
    figures: dict[str, Any] = {
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "load_average_at_start": _load(),
        "arguments": vars(arguments),
    }
    with tempfile.TemporaryDirectory(prefix="pg-soak-") as scratch:
        data_dir = Path(scratch)
        # A loaded machine may take minutes to start Neo4j again after the kill.
        settings = Settings(neo4j_start_timeout=START_TIMEOUT)
        server = local_server(settings, _say, data_dir / "neo4j" / INSTANCE)
        server.start(_say)
        try:
            figures["catalog_loaded_s"] = round(load_catalog(_spec(server), SEEDS), 1)
            figures |= _run(server, data_dir, arguments)
        finally:
            server.stop()
    figures["load_average_at_end"] = _load()
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(figures, indent=2))
    print(f"saved to {RESULTS}")
    _print_summary(figures)
    if figures["problems"]:
        raise SystemExit(
            f"{len(figures['problems'])} problems; the first: {figures['problems'][0]}"
        )


def _run(server: LocalServer, data_dir: Path, arguments: argparse.Namespace) -> dict[str, Any]:
    with Store.open(_spec(server)) as store:
        keys = [
            create_key(store, f"soak-{n}", Role.EDITOR).secret for n in range(arguments.clients)
        ]
        before = persona_states(store)
    personas = sorted(before)
    hot = sorted(random.Random(SEED).sample(personas, HOT_PERSONAS))
    workload = Workload("", keys, personas, hot, monotonic_since(time.perf_counter()))
    figures: dict[str, Any] = {"personas": len(personas), "hot_personas": hot}

    unlimited = {"PERSONAGRAPH_RATE_LIMIT_EDITOR": "0"}
    with _service(data_dir, arguments.workers, unlimited) as (base, _):
        workload.base = base
        with _phase(workload, "calibration"):
            asyncio.run(closed_loop(workload, arguments.clients, 5, SEED))  # warm-up
            seconds = arguments.calibrate_seconds
            capacity = asyncio.run(closed_loop(workload, arguments.clients, seconds, SEED + 1))
    rate = arguments.rate or round(capacity * arguments.load_share, 1)
    window = max(MIN_WINDOW, REQUESTS_PER_WINDOW * arguments.clients / rate)
    budget = round(arguments.budget_factor * _spending(rate, arguments.clients) * window)
    print(f"serves {capacity:.0f} requests/s with {arguments.clients} clients; soak at {rate}")
    figures["calibration"] = {
        "closed_loop_requests_per_s": round(capacity, 1),
        "soak_rate_requests_per_s": rate,
        "load_average": _load(),
    }
    figures["rate_limit"] = {"editor_items_per_window": budget, "window_s": round(window, 1)}
    limits = {
        "PERSONAGRAPH_RATE_LIMIT_EDITOR": str(budget),
        "PERSONAGRAPH_RATE_LIMIT_WINDOW": str(window),
    }
    with _service(data_dir, arguments.workers, limits) as (base, service):
        workload.base = base
        with _phase(workload, "warm-up"):
            asyncio.run(paced(workload, arguments.clients, rate, 10, SEED + 2))
        figures["rss_mb_before_soak"] = _rss(service)
        figures["soak"] = _soak(server, workload, arguments, rate)
        figures["rss_mb_after_soak"] = _rss(service)
        figures["unloaded"], unloaded_p99 = _unloaded(workload, arguments, rate)
        figures["overload"] = _overload(workload, arguments, rate, window, unloaded_p99)
        figures["rss_mb_after_overload"] = _rss(service)
    with Store.open(_spec(server)) as store:
        figures["writes"] = check_writes(store, workload.acks, before, hot)
    problems = figures["soak"].pop("problems") + figures["writes"].pop("problems")
    figures["problems"] = problems + _unexpected(workload)
    return figures


def _soak(
    server: LocalServer, workload: Workload, arguments: argparse.Namespace, rate: float
) -> dict[str, Any]:
    """The clients at ``rate`` for ``--seconds``, Neo4j killed and restarted midway."""
    first = len(workload.outcomes)
    began = workload.clock()
    moments: dict[str, float] = {}

    async def kill_and_restart() -> None:
        await asyncio.sleep(arguments.seconds / 2)
        state = server.state()
        if state is None or state.pid is None:
            raise SystemExit("the database is not running at the soak's midpoint")
        moments["killed"] = workload.clock()
        os.kill(state.pid, signal.SIGKILL)
        await asyncio.to_thread(_wait_gone, state.pid)
        print(f"  killed Neo4j (pid {state.pid}) at {moments['killed'] - began:.0f} s")
        await asyncio.to_thread(server.start, _say)
        moments["back"] = workload.clock()
        print(f"  Neo4j back at {moments['back'] - began:.0f} s")

    async def both() -> int:
        late, _ = await asyncio.gather(
            paced(workload, arguments.clients, rate, arguments.seconds, SEED + 3),
            kill_and_restart(),
        )
        # A restart slower than half the soak: go on until the service has had
        # SETTLE_SECONDS with the database back.
        more = moments["back"] + SETTLE_SECONDS - workload.clock()
        if more > 0:
            print(f"  the database came back late: {more:.0f} s more")
            late += await paced(workload, arguments.clients, rate, more, SEED + 6)
        return late

    late = asyncio.run(both())
    outcomes = workload.outcomes[first:]
    return _outage(outcomes, began, moments["killed"], moments["back"]) | {
        "seconds": round(workload.clock() - began, 1),
        "requests": len(outcomes),
        "sends_late_by_more_than_an_interval": late,
        "by_kind_and_answer": _by_kind(outcomes),
        "admitted_latency_ms_before_kill": _percentiles(
            [o for o in outcomes if o.sent < moments["killed"]]
        ),
        "load_average_after": _load(),
    }


def _outage(outcomes: list[Outcome], began: float, killed: float, back: float) -> dict[str, Any]:
    """When the errors came, how soon the service answered again, and what is wrong."""
    errors = [o for o in outcomes if o.code not in ADMITTED]
    after_back = [o for o in outcomes if o.sent >= back and o.code == OK]
    problems = [
        f"{o.kind} sent at {o.sent - began:.1f} s, answered before the database was killed, "
        f"answered {o.code!r} (HTTP {o.status})"
        for o in errors
        if o.sent + o.took < killed
    ]
    problems += [
        f"{o.kind} sent at {o.sent - began:.1f} s answered {o.code!r} (HTTP {o.status}), "
        "not UNAVAILABLE"
        for o in errors
        if o.sent + o.took >= killed and o.code != "UNAVAILABLE"
    ]
    problems += [
        f"{o.kind} sent {o.sent - back:.1f} s after the database was back answered {o.code!r}"
        for o in errors
        if o.sent > back + RECOVERY_LIMIT
    ]
    last_error = max((o.sent + o.took for o in errors), default=None)
    first_ok = min((o.sent + o.took for o in after_back), default=None)
    if first_ok is None:
        problems.append("no request sent after the database was back was answered")
    return {
        "killed_at_s": round(killed - began, 1),
        "database_back_at_s": round(back - began, 1),
        "database_down_s": round(back - killed, 1),
        "errors": dict(Counter(o.code for o in errors)),
        "first_error_sent_after_kill_s": _since(
            min((o.sent for o in errors), default=None), killed
        ),
        "last_error_answered_after_back_s": _since(last_error, back),
        "first_ok_answered_after_back_s": _since(first_ok, back),
        "unavailable_answer_ms": _percentiles(errors, admitted_only=False),
        "problems": problems,
    }


def _unloaded(
    workload: Workload, arguments: argparse.Namespace, rate: float
) -> tuple[dict[str, Any], float]:
    with _phase(workload, "warm-up after the restart"):
        asyncio.run(paced(workload, arguments.clients, rate, 10, SEED + 7))
    first = len(workload.outcomes)
    with _phase(workload, "unloaded"):
        asyncio.run(paced(workload, arguments.clients, rate, arguments.baseline_seconds, SEED + 4))
    outcomes = workload.outcomes[first:]
    latency = _percentiles(outcomes)
    figures = {
        "rate_requests_per_s": rate,
        "seconds": arguments.baseline_seconds,
        "requests": len(outcomes),
        "answers": dict(Counter(o.code for o in outcomes)),
        "admitted_latency_ms": latency,
        "load_average_after": _load(),
    }
    return figures, float(latency["p99"])


def _overload(
    workload: Workload,
    arguments: argparse.Namespace,
    rate: float,
    window: float,
    unloaded_p99: float,
) -> dict[str, Any]:
    first = len(workload.outcomes)
    target = rate * arguments.overload
    clients = round(arguments.overload * arguments.clients)
    keys = workload.keys[: _overload_keys(arguments, rate, window)]
    # The same answers and acknowledgements, fewer keys.
    fewer = replace(workload, keys=keys, outcomes=workload.outcomes, acks=workload.acks)
    with _phase(workload, "overload"):
        late = asyncio.run(paced(fewer, clients, target, arguments.overload_seconds, SEED + 5))
    outcomes = workload.outcomes[first:]
    offered = len(outcomes) / arguments.overload_seconds
    admitted = [o for o in outcomes if o.code in ADMITTED]
    latency = _percentiles(outcomes)
    statuses = Counter(o.status for o in outcomes)
    return {
        "target_requests_per_s": round(target, 1),
        "offered_requests_per_s": round(offered, 1),
        "seconds": arguments.overload_seconds,
        "clients": clients,
        "keys": len(keys),
        "sends_late_by_more_than_an_interval": late,
        "requests": len(outcomes),
        "answers": dict(Counter(o.code for o in outcomes)),
        "statuses": {str(status): count for status, count in sorted(statuses.items())},
        "admitted_per_s": round(len(admitted) / arguments.overload_seconds, 1),
        "admitted_latency_ms": latency,
        "refused_latency_ms": _percentiles(
            [o for o in outcomes if o.status in (429, 503)], admitted_only=False
        ),
        "admitted_p99_x_unloaded_p99": round(latency["p99"] / unloaded_p99, 2),
        "load_average_after": _load(),
    }


def _unexpected(workload: Workload) -> list[str]:
    """Answers a phase may not give: anything but the admitted ones, and in the
    overload also ``RATE_LIMITED`` and ``OVERLOADED`` (``_outage`` judges the soak's)."""
    problems = []
    for phase, (first, last) in _phases.items():
        allowed = ADMITTED | ({"RATE_LIMITED", "OVERLOADED"} if phase == "overload" else set())
        odd = Counter(o.code for o in workload.outcomes[first:last] if o.code not in allowed)
        problems += [f"{phase}: {count} answers {code!r}" for code, count in odd.items()]
    return problems


_phases: dict[str, tuple[int, int]] = {}


@contextmanager
def _phase(workload: Workload, name: str) -> Iterator[None]:
    """Remember which outcomes were answered in phase ``name``."""
    first = len(workload.outcomes)
    try:
        yield
    finally:
        _phases[name] = (first, len(workload.outcomes))


def _spending(rate: float, clients: int) -> float:
    """Items per second one of ``clients`` spends when all send ``rate`` requests/s."""
    weights = sum(MIX.values())
    mean_cost = sum(COST[kind] * weight for kind, weight in MIX.items()) / weights
    return rate / clients * mean_cost


def _overload_keys(arguments: argparse.Namespace, rate: float, window: float) -> int:
    """How many keys the overload's clients share: as many as spend their budgets
    (``--budget-factor`` windows' worth of a soak client's spending, refilled at that
    rate) within a quarter of the phase."""
    refill = arguments.budget_factor * _spending(rate, arguments.clients)
    drain = refill + refill * window / (arguments.overload_seconds / 4)
    spent = _spending(rate * arguments.overload, 1)
    clients: int = arguments.clients
    return max(1, min(clients, int(spent / drain)))


@contextmanager
def _service(data_dir: Path, workers: int, env: dict[str, str]) -> Iterator[tuple[str, int]]:
    """``personagraph serve --workers N`` against the local instance: its base URL and
    the supervisor's pid."""
    port = free_port()
    environment = {key: value for key, value in os.environ.items() if not key.startswith("NEO4J_")}
    environment |= {
        "PERSONAGRAPH_DATA_DIR": str(data_dir),
        "PERSONAGRAPH_INSTANCE": INSTANCE,
        "PERSONAGRAPH_PROVISIONER": "local",
        **env,
    }
    command = [sys.executable, "-m", "personagraph", "serve", "--host", LOOPBACK]
    command += ["--port", str(port), "--workers", str(workers)]
    with (data_dir / "service.log").open("ab") as log:  # read it when a figure looks wrong
        process = subprocess.Popen(command, env=environment, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://{LOOPBACK}:{port}"
    try:
        wait_ready(f"{base}/readyz", process)
        yield base, process.pid
    finally:
        stop(process)


def _rss(pid: int) -> dict[str, Any]:
    """Resident memory (MB) of the service's supervisor and of each of its workers."""
    sizes = {member: _vm_rss(member) for member in process_tree(pid)}
    workers = [round(size, 1) for member, size in sizes.items() if member != pid and size]
    return {"supervisor": round(sizes.get(pid, 0.0), 1), "workers": sorted(workers)}


def _vm_rss(pid: int) -> float:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0.0
    for line in status.splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _percentiles(outcomes: list[Outcome], admitted_only: bool = True) -> dict[str, float]:
    took = sorted(o.took * 1000 for o in outcomes if not admitted_only or o.code in ADMITTED)
    if not took:
        return {"count": 0, "p50": 0.0, "p99": 0.0, "max": 0.0}

    def at(share: float) -> float:
        return round(took[min(len(took) - 1, int(share * len(took)))], 1)

    return {"count": len(took), "p50": at(0.5), "p99": at(0.99), "max": round(took[-1], 1)}


def _by_kind(outcomes: list[Outcome]) -> dict[str, dict[str, int]]:
    table: dict[str, Counter[str]] = {}
    for o in outcomes:
        table.setdefault(o.kind, Counter())[o.code] += 1
    return {kind: dict(counts) for kind, counts in sorted(table.items())}


def _since(moment: float | None, origin: float) -> float | None:
    return None if moment is None else round(moment - origin, 2)


def _wait_gone(pid: int) -> None:
    deadline = time.monotonic() + 30
    while Path(f"/proc/{pid}").exists() and time.monotonic() < deadline:
        try:
            if Path(f"/proc/{pid}/stat").read_text().split(") ")[1].startswith("Z"):
                return
        except OSError:
            return
        time.sleep(0.05)


def _spec(server: LocalServer) -> ConnectionSpec:
    state = server.state()
    if state is None:
        raise SystemExit("the local database has no recorded state")
    return ConnectionSpec(uri=state.uri, user=state.user, password=state.password)


def _print_summary(figures: dict[str, Any]) -> None:
    soak, overload, writes = figures["soak"], figures["overload"], figures["writes"]
    print(
        f"\nsoak: {soak['requests']} requests over {soak['seconds']:.0f} s at "
        f"{figures['calibration']['soak_rate_requests_per_s']}/s; Neo4j killed at "
        f"{soak['killed_at_s']} s, back {soak['database_down_s']} s later; errors "
        f"{soak['errors']}; the last answered {soak['last_error_answered_after_back_s']} s "
        f"after the database was back, the first success {soak['first_ok_answered_after_back_s']} s"
    )
    print(
        f"writes: {writes['acknowledged_writes_found']} of {writes['acknowledged_writes']} "
        f"acknowledged found; {writes['committed_without_acknowledgement']} committed "
        "without an acknowledgement"
    )
    print(
        f"RSS MB before / after the soak / after the overload: {figures['rss_mb_before_soak']}"
        f" / {figures['rss_mb_after_soak']} / {figures['rss_mb_after_overload']}"
    )
    print(
        f"overload: {overload['offered_requests_per_s']}/s offered, answers "
        f"{overload['answers']}; admitted p99 {overload['admitted_latency_ms']['p99']} ms = "
        f"{overload['admitted_p99_x_unloaded_p99']} x the unloaded p99 "
        f"({figures['unloaded']['admitted_latency_ms']['p99']} ms)"
    )
    print(
        f"load average at start / end: {figures['load_average_at_start']} / "
        f"{figures['load_average_at_end']}; problems: {len(figures['problems'])}"
    )


def _load() -> list[float]:
    return [round(load, 2) for load in os.getloadavg()]


def _say(message: str) -> None:
    print(f"  {message}")


if __name__ == "__main__":
    main()
