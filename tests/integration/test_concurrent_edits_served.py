"""Concurrent persona edits through a real service, ``personagraph serve --workers 2``.

Each writer is its own HTTP client on its own connection, so the supervisor deals the
burst to both worker processes: the one-winner rule has to hold across processes, where
only the database can decide.
"""

from __future__ import annotations

import random
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest

from personagraph.api.api_keys import create_key
from personagraph.api.graphql.runtime.context import Role
from personagraph.neo4j_local.provision import Provisioned
from personagraph.seeding import pipeline
from personagraph.store import Store
from tests.integration.test_serve_workers import free_port, serve, wait_until_up

MINIMAL = Path(__file__).resolve().parents[1] / "catalogs" / "minimal"
SKEPTIC = "sales-development-representative-skeptic"
WRITERS = 32

UPDATE = """mutation U($id: String!, $version: Int!, $size: Int!) {
  updatePersona(id: $id, version: $version, changes: {teamSize: $size}) { version } }"""
OVERRIDE = """mutation O($id: String!, $version: Int!) {
  overrideArchetype(id: $id, version: $version, archetype: LEARNER,
                    reason: "Interviewed: curious, not resistant") { version } }"""
DELETE = """mutation D($id: String!, $version: Int!) {
  deletePersona(id: $id, version: $version) { version } }"""
DUPLICATE = """mutation C($id: String!, $newId: String!) {
  duplicatePersona(id: $id, newId: $newId) { id } }"""
ACTIONS = {UPDATE: "update", OVERRIDE: "override_archetype", DELETE: "delete"}
PERSONA = """query P($id: String!) {
  persona(id: $id) {
    version isActive teamSize
    auditEvents { action before after }
    archetypeMigrations { toArchetype }
  } }"""

ROUNDS = 3

Request = tuple[str, dict[str, Any]]
Answer = dict[str, Any]


@pytest.fixture(scope="module")
def service(neo4j_server: Provisioned) -> Iterator[str]:
    port = free_port()
    with serve(neo4j_server, port, workers=2) as process:
        wait_until_up(port, process, workers=2)
        # Its log goes to a pipe: left unread, a full pipe would stop the service.
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
    return create_key(store, "burst editor", Role.EDITOR).secret


def post(url: str, key: str, request: Request, client: httpx.Client | None = None) -> Answer:
    if client is None:
        with httpx.Client(timeout=120) as own:
            return post(url, key, request, own)
    document, variables = request
    response = client.post(
        url,
        json={"query": document, "variables": variables},
        headers={"Authorization": f"Bearer {key}"},
    )
    body: Answer = response.json()
    return body


def burst(url: str, key: str, requests: list[Request]) -> list[Answer]:
    """Send every request at once, each from its own client (its own connection).

    Each client first makes a request of its own, so that connecting and the key's
    look-up are done before the barrier and the edits reach the workers together.
    """
    start = threading.Barrier(len(requests))

    def send(request: Request) -> Answer:
        with httpx.Client(timeout=120) as client:
            assert not post(url, key, ("{ __typename }", {}), client).get("errors")
            start.wait()
            return post(url, key, request, client)

    with ThreadPoolExecutor(len(requests)) as pool:
        return list(pool.map(send, requests))


def codes(answers: list[Answer]) -> list[str]:
    """Each answer's error code, or ``ok``."""
    return [a["errors"][0]["extensions"]["code"] if a.get("errors") else "ok" for a in answers]


def persona(url: str, key: str, persona_id: str = SKEPTIC) -> dict[str, Any]:
    answer = post(url, key, (PERSONA, {"id": persona_id}))
    assert not answer.get("errors"), answer
    found: dict[str, Any] = answer["data"]["persona"]
    return found


def test_of_32_updates_at_one_version_one_succeeds_31_conflict_and_one_is_audited(
    service: str, editor: str
) -> None:
    for done in range(ROUNDS):
        version = persona(service, editor)["version"]
        at = {"id": SKEPTIC, "version": version}
        answers = burst(service, editor, [(UPDATE, {**at, "size": i + 1}) for i in range(WRITERS)])

        outcome = codes(answers)
        assert sorted(outcome) == ["CONFLICT"] * (WRITERS - 1) + ["ok"], outcome
        winner = outcome.index("ok")
        assert answers[winner]["data"]["updatePersona"] == {"version": version + 1}
        after = persona(service, editor)
        assert (after["version"], after["teamSize"]) == (version + 1, winner + 1)
        assert len(after["auditEvents"]) == done + 1
        [event] = [e for e in after["auditEvents"] if e["before"]["version"] == version]
        assert event["action"] == "update"
        assert event["after"]["version"] == version + 1


def test_a_mixed_burst_at_one_version_lets_exactly_one_edit_through(
    service: str, editor: str
) -> None:
    shuffled = random.Random(20)
    for round_ in range(ROUNDS):
        target = f"skeptic-burst-{round_}"
        post(service, editor, (DUPLICATE, {"id": SKEPTIC, "newId": target}))
        version = persona(service, editor, target)["version"]
        at = {"id": target, "version": version}
        requests = [(UPDATE, {**at, "size": i + 1}) for i in range(11)]
        requests += [(OVERRIDE, at)] * 11 + [(DELETE, at)] * 10
        shuffled.shuffle(requests)
        answers = burst(service, editor, requests)

        outcome = codes(answers)
        assert outcome.count("ok") == 1, outcome
        won = requests[outcome.index("ok")][0]
        after = persona(service, editor, target)
        [event] = [e for e in after["auditEvents"] if e["action"] != "duplicate"]
        assert event["action"] == ACTIONS[won]
        assert (event["before"]["version"], event["after"]["version"]) == (version, version + 1)
        assert after["version"] == version + 1
        assert after["isActive"] is (won != DELETE)
        assert len(after["archetypeMigrations"]) == (1 if won == OVERRIDE else 0)
        refusal = "DELETED" if won == DELETE else "CONFLICT"
        assert sorted(outcome) == [refusal] * (len(requests) - 1) + ["ok"]


def test_a_deleted_persona_answers_deleted_to_every_edit(service: str, editor: str) -> None:
    version = persona(service, editor)["version"]
    deleted = post(service, editor, (DELETE, {"id": SKEPTIC, "version": version}))
    assert not deleted.get("errors"), deleted
    at = {"id": SKEPTIC, "version": version + 1}
    again = [(DELETE, at), (UPDATE, {**at, "size": 3}), (OVERRIDE, at)]

    answers = [post(service, editor, request) for request in again]

    assert codes(answers) == ["DELETED"] * 3
    assert all("duplicatePersona" in a["errors"][0]["message"] for a in answers)
    after = persona(service, editor)
    assert (after["version"], after["isActive"]) == (version + 1, False)
    assert [e["action"] for e in after["auditEvents"]] == ["delete"]
