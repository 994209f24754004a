"""Pieces the service benchmarks share: a catalog loaded into a fresh database, the
service as its own process, and what /proc says about a process tree.

Imported by the scripts beside it (``python bench/x.py`` puts ``bench/`` on the path).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

from personagraph.seeding import pipeline
from personagraph.store import Store, migrations
from personagraph.store.connection import ConnectionSpec
from personagraph.store.wipe import wipe

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
_CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def load_catalog(spec: ConnectionSpec, catalog: Path) -> float:
    """Empty the database, migrate it and load ``catalog``; the seconds it took."""
    print(f"loading {catalog}")
    began = time.perf_counter()
    with Store.open(spec) as store:
        wipe(store)
        migrations.migrate(store)
        pipeline.load(store, pipeline.prepare(catalog))
    elapsed = time.perf_counter() - began
    print(f"  loaded in {elapsed:.0f} s")
    return elapsed


def start_service(
    spec: ConnectionSpec, port: int, workers: int = 1, env: dict[str, str] | None = None
) -> subprocess.Popen[bytes]:
    """``personagraph serve`` on ``port`` with anonymous reads (and ``env``), output discarded.

    The latency benchmarks measure the engine, so the service is started without the
    limits that protect a shared one: no rate limit (their clients share one address
    and would spend its budget within seconds), and a worst case of up to 10^9 items
    (their four-level query, with the default page size at its two inner levels, may
    return 5 x 10^7). A benchmark of the limits themselves sets its own.
    """
    env = {
        **os.environ,
        **(env or {}),
        "NEO4J_URI": spec.uri,
        "NEO4J_USER": spec.user,
        "NEO4J_PASSWORD": spec.password or "",
        "PERSONAGRAPH_ANONYMOUS_READS": "true",
        "PERSONAGRAPH_PROVISIONER": "external",
        "PERSONAGRAPH_RATE_LIMIT_ANONYMOUS": "0",
        "PERSONAGRAPH_MAX_RESPONSE_ITEMS": "1000000000",
    }
    command = [sys.executable, "-m", "personagraph", "serve", "--port", str(port)]
    command += ["--workers", str(workers)]
    return subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def wait_ready(url: str, process: subprocess.Popen[bytes], timeout: float = 180) -> None:
    """Poll ``url`` until it answers 200; fail early when ``process`` exits."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the server for {url} exited with {process.returncode}")
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.5)
    raise SystemExit(f"{url} did not answer within {timeout:.0f} s")


def stop(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM, then SIGKILL if it lingers (uvicorn and node:cluster stop their workers)."""
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def process_tree(pid: int) -> list[int]:
    """``pid`` and all its descendants that are alive now."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            parent = int(_stat_fields(int(entry.name))[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(parent, []).append(int(entry.name))
    tree, pending = [], [pid]
    while pending:
        current = pending.pop()
        tree.append(current)
        pending.extend(children.get(current, []))
    return tree


@dataclass(frozen=True)
class TreeUsage:
    """CPU seconds (user + system, reaped children included) and summed peak RSS."""

    cpu_seconds: float
    peak_rss_mb: float


def tree_usage(pid: int) -> TreeUsage:
    """What the processes of ``pid``'s tree have used so far."""
    cpu, peak = 0.0, 0.0
    for member in process_tree(pid):
        try:
            fields = _stat_fields(member)
            status = Path(f"/proc/{member}/status").read_text()
        except OSError:
            continue
        # After the command name: state ppid … utime(12) stime(13) cutime(14) cstime(15).
        cpu += sum(int(value) for value in fields[11:15]) / _CLOCK_TICKS
        for line in status.splitlines():
            if line.startswith("VmHWM:"):
                peak += int(line.split()[1]) / 1024
    return TreeUsage(round(cpu, 2), round(peak, 1))


def _stat_fields(pid: int) -> list[str]:
    # The command name may hold spaces and parentheses: split after its last ")".
    text = Path(f"/proc/{pid}/stat").read_text()
    return text[text.rindex(")") + 2 :].split()
