"""scoringRunProgress: a scoring job's percent and phase streamed over WebSocket as it runs."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from personagraph.api.api_keys import create_key
from personagraph.api.app import create_app
from personagraph.api.graphql.runtime.context import Role
from personagraph.neo4j_local.provision import Provisioned
from personagraph.seeding import pipeline
from personagraph.settings import Settings
from personagraph.store import Store
from tests.integration.graphql_socket import GraphQLSocket
from tests.integration.live_service import serving

MINIMAL = Path(__file__).resolve().parents[1] / "catalogs" / "minimal"
START = """mutation S($function: String) {
  startScoringRun(function: $function, top: 3) { id state percent phase runId } }"""
PROGRESS = """subscription P($id: String!) {
  scoringRunProgress(id: $id) { percent phase job { state runId error } } }"""
RUN = """query R($id: String!) { scoringRun(id: $id) { id } }"""


@pytest.fixture
def service(neo4j_server: Provisioned, store: Store) -> Iterator[tuple[str, dict[Role, str]]]:
    pipeline.load(store, pipeline.prepare(MINIMAL))
    keys = {role: create_key(store, role.value, role).secret for role in Role}
    with serving(create_app(neo4j_server.spec, Settings()), ws=True) as base:
        yield base.replace("http://", "ws://") + "/graphql", keys


def _follow(socket: GraphQLSocket, job_id: str) -> list[dict[str, Any]]:
    socket.subscribe(PROGRESS, {"id": job_id})
    updates: list[dict[str, Any]] = []
    while True:
        message = socket.receive(timeout=120)
        if message["type"] == "complete":
            return updates
        assert message["type"] == "next", message
        assert not message["payload"].get("errors"), message
        updates.append(message["payload"]["data"]["scoringRunProgress"])


def test_a_scoring_run_streams_its_progress_until_it_finishes(
    service: tuple[str, dict[Role, str]],
) -> None:
    url, keys = service
    with GraphQLSocket(url, {"apiKey": keys[Role.EDITOR]}) as socket:
        # Started over the same connection, so on the worker that runs it.
        job = socket.query_mutation(START, {"function": None})["startScoringRun"]
        assert job["state"] == "running"
        updates = _follow(socket, job["id"])
        run_id = updates[-1]["job"]["runId"]
        stored = socket.query_mutation(RUN, {"id": run_id})["scoringRun"]

    assert updates, "no progress was sent"
    assert (updates[-1]["percent"], updates[-1]["phase"]) == (100.0, "finished")
    assert updates[-1]["job"]["state"] == "finished"
    percents = [update["percent"] for update in updates]
    assert percents == sorted(percents)
    assert all(0.0 <= percent <= 100.0 for percent in percents)
    assert len({(u["percent"], u["phase"]) for u in updates}) == len(updates)  # only changes
    assert stored == {"id": run_id}


def test_a_failed_run_ends_its_stream_with_the_reason(
    service: tuple[str, dict[Role, str]],
) -> None:
    url, keys = service
    with GraphQLSocket(url, {"apiKey": keys[Role.EDITOR]}) as socket:
        job = socket.query_mutation(START, {"function": "NOWHERE"})["startScoringRun"]
        updates = _follow(socket, job["id"])

    assert updates[-1]["phase"] == "failed"
    assert updates[-1]["job"]["state"] == "failed"
    assert "NOWHERE" in updates[-1]["job"]["error"]
    assert updates[-1]["percent"] < 100.0


def _errors(socket: GraphQLSocket, query: str, variables: dict[str, Any]) -> list[Any]:
    socket.subscribe(query, variables)
    answer = socket.receive()
    assert answer["type"] in {"error", "next"}, answer
    errors: list[Any] = (
        answer["payload"] if answer["type"] == "error" else answer["payload"]["errors"]
    )
    return errors


def test_an_unknown_job_is_a_clear_error(service: tuple[str, dict[Role, str]]) -> None:
    url, keys = service
    with GraphQLSocket(url, {"apiKey": keys[Role.EDITOR]}) as socket:
        errors = _errors(socket, PROGRESS, {"id": "no-such-job"})
    assert "no scoring job 'no-such-job' on this worker" in errors[0]["message"]


def test_a_reader_can_neither_start_nor_follow_a_scoring_run(
    service: tuple[str, dict[Role, str]],
) -> None:
    url, keys = service
    with GraphQLSocket(url, {"apiKey": keys[Role.READER]}) as socket:
        started = _errors(socket, START, {"function": None})
        followed = _errors(socket, PROGRESS, {"id": "any"})
    assert "needs the editor role" in started[0]["message"]
    assert "needs the editor role" in followed[0]["message"]
