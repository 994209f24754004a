"""The serving cache across ``personagraph serve --workers 2``: a write made through one
worker, or from the CLI, is served by every worker within a second.

Each read opens a connection of its own, so the supervisor deals the reads to both
workers in turn; the answer says which worker process gave it. Both workers first hold
the persona in their caches; after the write, every read that starts more than a second
later must show it (the caches check the graph's change sequence every 0.25 s).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import httpx
import pytest
from typer.testing import CliRunner

from personagraph.admin import templates
from personagraph.admin.changes import Actor
from personagraph.api.api_keys import create_key
from personagraph.api.graphql.runtime.context import Role
from personagraph.cli.app import app
from personagraph.model.persona_edits import NewAssistant
from personagraph.neo4j_local.provision import Provisioned
from personagraph.seeding import pipeline
from personagraph.store import Store
from tests.integration.assistant_catalog import MINIMAL
from tests.integration.test_serve_workers import free_port, serve, wait_until_up

READ = '{ persona(id: "helper") { name isFavourite } servingCache { process hits } }'
RENAME = """mutation { updatePersona(id: "helper", version: 1, changes: {name: "Helper v2"}) {
  version } }"""
BOUND = 1.0  # seconds: the promise
WATCH = 2.5  # seconds of reads after the write


@dataclass(frozen=True)
class Read:
    started: float
    process: int
    name: str
    favourite: bool | None


@pytest.fixture(scope="module")
def service(neo4j_server: Provisioned) -> Iterator[str]:
    port = free_port()
    with serve(neo4j_server, port, workers=2) as process:
        wait_until_up(port, process, workers=2)
        assert process.stdout is not None
        log: list[str] = []
        reader = threading.Thread(target=log.extend, args=(process.stdout,))
        reader.start()
        yield f"http://127.0.0.1:{port}/graphql"
        process.terminate()
        process.wait(timeout=60)
        reader.join(timeout=60)


@pytest.fixture
def editor(store: Store) -> str:
    pipeline.load(store, pipeline.prepare(MINIMAL))
    templates.create_assistant(
        store, NewAssistant(id="helper", name="Helper", system_prompt="Help."), Actor("setup")
    )
    return create_key(store, "writer", Role.EDITOR).secret


def read_once(url: str, key: str) -> Read:
    """One read on a connection of its own (so the workers take turns)."""
    started = time.monotonic()
    with httpx.Client(timeout=30) as client:
        body = client.post(url, json={"query": READ}, headers={"Authorization": f"Bearer {key}"})
    data = body.json()["data"]
    persona = data["persona"]
    return Read(started, data["servingCache"]["process"], persona["name"], persona["isFavourite"])


def warm_both(url: str, key: str) -> set[int]:
    """Read until both workers answered twice (the second from their caches)."""
    seen: dict[int, int] = {}
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and (len(seen) < 2 or min(seen.values()) < 2):
        read = read_once(url, key)
        seen[read.process] = seen.get(read.process, 0) + 1
    assert len(seen) == 2, seen
    return set(seen)


def watch(url: str, key: str, changed: Callable[[Read], bool], since: float) -> list[Read]:
    reads = []
    while time.monotonic() < since + WATCH:
        reads.append(read_once(url, key))
    late = [r for r in reads if r.started >= since + BOUND]
    assert late, "no read started a second after the write"
    stale = [r for r in late if not changed(r)]
    assert not stale, f"reads more than {BOUND}s after the write served the old persona: {stale}"
    return reads


def test_a_write_through_one_worker_is_served_by_both_within_a_second(
    service: str, editor: str
) -> None:
    workers = warm_both(service, editor)

    with httpx.Client(timeout=30) as client:
        answer = client.post(
            service, json={"query": RENAME}, headers={"Authorization": f"Bearer {editor}"}
        ).json()
    written = time.monotonic()
    assert answer == {"data": {"updatePersona": {"version": 2}}}, answer

    reads = watch(service, editor, lambda r: r.name == "Helper v2", written)
    assert {r.process for r in reads if r.name == "Helper v2"} == workers


def test_a_write_from_the_cli_is_served_by_both_workers_within_a_second(
    service: str, editor: str, cli_env: None
) -> None:
    workers = warm_both(service, editor)

    result = CliRunner().invoke(app, ["personas", "favourite", "helper"])
    written = time.monotonic()
    assert result.exit_code == 0, result.output

    reads = watch(service, editor, lambda r: r.favourite is True, written)
    assert {r.process for r in reads if r.favourite} == workers
