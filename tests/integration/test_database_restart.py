"""A running service survives a restart of its database, and says UNAVAILABLE meanwhile.

On a local server of its own (the session's shared server is never stopped), with a
real ``personagraph serve --workers 2`` that finds the server as a user's would:
through the instance's ``instance.json``. Each test stops and starts the server once.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from personagraph.api.api_keys import create_key
from personagraph.api.graphql.runtime.context import Role
from personagraph.neo4j_local.instance import InstanceState, read_state
from personagraph.neo4j_local.local_server import LocalServer
from personagraph.neo4j_local.ports import LOOPBACK, free_port
from personagraph.neo4j_local.provision import Provisioned, local_server
from personagraph.settings import Settings
from personagraph.store import Store, migrations
from personagraph.store.connection import ConnectionSpec

INSTANCE = "restarts"
# What the issue asks: within 10 s of the server being back, the service reaches it
# again. A cold server plans its first queries slowly (on a machine running several
# servers, the first read here has taken longer than PERSONAGRAPH_QUERY_TIMEOUT and come
# back as the database's own TIMEOUT), so the bound is on reaching the database, and
# full answers are then waited for without one; bench/restart_recovery.py measures both.
RECOVERY_SECONDS = 10.0
# While the database is down, answers come at once (bench figures: milliseconds); a
# request still open after this long is a hang, and fails the test.
HANG_SECONDS = 10.0
# A request to a server just started may wait for a cold query plan; this long is a hang.
COLD_SECONDS = 60.0
PERSONAS = "{ personas(limit: 1) { id } }"


@dataclass
class Database:
    server: LocalServer
    data_dir: Path

    @property
    def state(self) -> InstanceState:
        state = read_state(self.server.dir)
        assert state is not None
        return state


@pytest.fixture(scope="module")
def database(
    settings: Settings, tmp_path_factory: pytest.TempPathFactory, neo4j_server: Provisioned
) -> Iterator[Database]:
    """A migrated local server in a data folder of its own."""
    # neo4j_server is requested only so the shared distribution is already built.
    data_dir = tmp_path_factory.mktemp("restart-data")
    server = local_server(settings, print, data_dir / "neo4j" / INSTANCE)
    state, _ = server.start(print)
    try:
        spec = ConnectionSpec(uri=state.uri, user=state.user, password=state.password)
        with Store.open(spec) as store:
            migrations.migrate(store)
        yield Database(server, data_dir)
    finally:
        server.stop()


@pytest.fixture(scope="module")
def service(database: Database) -> Iterator[str]:
    """``personagraph serve --workers 2`` on ``database``; its base URL."""
    port = free_port()
    env = {key: value for key, value in os.environ.items() if not key.startswith("NEO4J_")}
    env |= {
        "PERSONAGRAPH_DATA_DIR": str(database.data_dir),
        "PERSONAGRAPH_INSTANCE": INSTANCE,
        "PERSONAGRAPH_PROVISIONER": "local",
    }
    command = [sys.executable, "-m", "personagraph", "serve", "--workers", "2"]
    command += ["--host", LOOPBACK, "--port", str(port)]
    # A file, not a pipe: a pipe nobody reads fills up with request logs and stalls the service.
    log_path = database.data_dir / "service.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://{LOOPBACK}:{port}"
    try:
        _wait_for(lambda: _ready(base), within=120, process=process)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=60)
        print(f"the service's log: {log_path}")


def test_during_a_restart_the_service_says_unavailable_and_then_answers_on_the_same_port(
    database: Database, service: str
) -> None:
    key = _new_key(database, "while-stopped")
    before = database.state

    database.server.stop()
    try:
        readiness = httpx.get(f"{service}/readyz", timeout=HANG_SECONDS)
        server_field = _graphql(service, "{ server { ready problem } }")
        keyed = _graphql(service, PERSONAS, key)
    finally:
        after, _ = database.server.start(print)
    back_at = time.monotonic()
    _wait_for(lambda: _reaches_database(service, key), within=RECOVERY_SECONDS)
    print(f"reaching Neo4j again {time.monotonic() - back_at:.2f} s after it was back")
    # Then answers, and readiness (its probe is time-bounded), once the server is warm.
    _wait_for(lambda: _answers(service, key) and _both_ready(service), within=COLD_SECONDS)

    assert (after.bolt_port, after.http_port) == (before.bolt_port, before.http_port)
    assert readiness.status_code == 503
    assert readiness.json()["ready"] is False
    assert "Neo4j cannot be reached" in readiness.json()["problem"]
    assert readiness.headers["Retry-After"] == "2"
    assert server_field.status_code == 200
    assert server_field.json()["data"]["server"]["ready"] is False
    assert keyed.status_code == 503
    assert keyed.headers["Retry-After"] == "2"
    (error,) = keyed.json()["errors"]
    assert error["extensions"]["code"] == "UNAVAILABLE"
    assert "the API key could not be checked" in error["message"]


def test_the_service_follows_the_database_to_a_new_port_when_its_old_one_is_taken(
    database: Database, service: str
) -> None:
    key = _new_key(database, "after-the-move")
    before = database.state

    database.server.stop()
    # Another program takes the port meanwhile; it accepts connections and never answers.
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as squatter:
        squatter.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        squatter.bind((LOOPBACK, before.bolt_port))
        squatter.listen()
        after, _ = database.server.start(print)
        back_at = time.monotonic()
        _wait_for(lambda: _reaches_database(service, key), within=RECOVERY_SECONDS)
        print(f"reaching Neo4j again {time.monotonic() - back_at:.2f} s after it was back")
        _wait_for(lambda: _answers(service, key) and _both_ready(service), within=COLD_SECONDS)

    assert after.bolt_port != before.bolt_port


def _new_key(database: Database, name: str) -> str:
    """A key no worker has seen yet, so checking it takes the database."""
    state = database.state
    spec = ConnectionSpec(uri=state.uri, user=state.user, password=state.password)
    with Store.open(spec) as store:
        return create_key(store, name, Role.READER).secret


def _graphql(
    base: str, query: str, key: str | None = None, timeout: float = HANG_SECONDS
) -> httpx.Response:
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    return httpx.post(f"{base}/graphql", json={"query": query}, headers=headers, timeout=timeout)


def _ready(base: str) -> bool:
    try:
        return httpx.get(f"{base}/readyz", timeout=COLD_SECONDS).status_code == 200
    except httpx.TransportError:
        return False


def _reaches_database(base: str, key: str) -> bool:
    """Whether each worker (connections are dealt to the two in turn) checks the key
    and runs the read in the database: data, or a TIMEOUT the database itself gave."""
    answers = [_graphql(base, PERSONAS, key, COLD_SECONDS) for _worker in range(2)]
    return all(_codes(answer) <= {"TIMEOUT"} for answer in answers)


def _answers(base: str, key: str) -> bool:
    """Whether each worker answers a keyed read with data."""
    return _read(base, key) and _read(base, key)


def _codes(response: httpx.Response) -> set[str]:
    return {error["extensions"]["code"] for error in response.json().get("errors", [])}


def _both_ready(base: str) -> bool:
    return _ready(base) and _ready(base)


def _read(base: str, key: str) -> bool:
    answer = _graphql(base, PERSONAS, key, timeout=COLD_SECONDS).json()
    return "errors" not in answer and answer["data"]["personas"] is not None


def _wait_for(
    check: Callable[[], bool], within: float, process: subprocess.Popen[bytes] | None = None
) -> None:
    """Try ``check`` until it holds; the try that succeeds must begin within ``within`` s."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise AssertionError(f"the service exited with status {process.returncode}")
        if check():
            return
        time.sleep(0.2)
    raise AssertionError(f"no answer within {within:g} s")
