"""Events out of a real ``personagraph serve --workers 2``, read by a real WebSocket client.

The supervisor deals connections to the two workers in turn, so a subscriber and the
editor are placed on different workers on purpose (each connection asks which worker
it reached): an event has to cross processes through the outbox in the graph.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from websockets.exceptions import ConnectionClosed, InvalidStatus

from personagraph.api.api_keys import create_key
from personagraph.api.graphql.runtime.context import Role
from personagraph.neo4j_local.provision import Provisioned
from personagraph.seeding import pipeline
from personagraph.store import Store
from tests.integration.graphql_socket import GraphQLSocket
from tests.integration.test_serve_workers import free_port, serve, wait_until_up

MINIMAL = Path(__file__).resolve().parents[1] / "catalogs" / "minimal"
SKEPTIC = "sales-development-representative-skeptic"

EVENTS = """subscription E($after: Long, $types: [String!]) {
  events(after: $after, types: $types) { seq type subject actor payload } }"""
UPDATE = """mutation U($id: String!, $version: Int!, $size: Int!) {
  updatePersona(id: $id, version: $version, changes: {teamSize: $size}) { version } }"""
VERSION = """query V($id: String!) { persona(id: $id) { version } }"""
WORKER = "{ servingCache { process } }"
PAGE = """query P($after: Long!) { events(after: $after) { seq type subject } }"""


@pytest.fixture(scope="module")
def service(neo4j_server: Provisioned) -> Iterator[str]:
    port = free_port()
    with serve(neo4j_server, port, workers=2) as process:
        wait_until_up(port, process, workers=2)
        assert process.stdout is not None
        log: list[str] = []
        reader = threading.Thread(target=log.extend, args=(process.stdout,))
        reader.start()
        yield f"127.0.0.1:{port}"
        process.terminate()
        process.wait(timeout=60)
        reader.join(timeout=60)


@pytest.fixture
def keys(store: Store) -> dict[str, str]:
    pipeline.load(store, pipeline.prepare(MINIMAL))
    return {
        "editor": create_key(store, "events editor", Role.EDITOR).secret,
        "reader": create_key(store, "events reader", Role.READER).secret,
    }


class Editor:
    """An HTTP client on one keep-alive connection, so on one worker."""

    def __init__(self, service: str, key: str) -> None:
        self.client = httpx.Client(
            base_url=f"http://{service}", headers={"Authorization": f"Bearer {key}"}, timeout=60
        )
        self.version: int | None = None

    def __enter__(self) -> Editor:
        return self

    def __exit__(self, *_: object) -> None:
        self.client.close()

    def post(self, query: str, **variables: Any) -> dict[str, Any]:
        body: dict[str, Any] = self.client.post(
            "/graphql", json={"query": query, "variables": variables}
        ).json()
        return body

    def worker(self) -> int:
        return int(self.post(WORKER)["data"]["servingCache"]["process"])

    def update(self, size: int) -> dict[str, Any]:
        """Set the team size at the version this editor last made (a read may be served
        from the worker's cache, up to its check interval old)."""
        if self.version is None:
            self.version = self.post(VERSION, id=SKEPTIC)["data"]["persona"]["version"]
        answer = self.post(UPDATE, id=SKEPTIC, version=self.version, size=size)
        if not answer.get("errors"):
            self.version = answer["data"]["updatePersona"]["version"]
        return answer


def socket(service: str, key: str) -> GraphQLSocket:
    connection = GraphQLSocket(f"ws://{service}/graphql", {"apiKey": key})
    assert connection.ack["type"] == "connection_ack", connection.ack
    return connection


def editor_elsewhere(service: str, key: str, worker: int) -> Editor:
    """An editor whose connection reached another worker than ``worker``."""
    for _ in range(6):
        editor = Editor(service, key)
        if editor.worker() != worker:
            return editor
        editor.client.close()
    raise AssertionError(f"every connection went to worker {worker}")


def test_a_change_through_one_worker_reaches_a_subscriber_on_the_other(
    service: str, keys: dict[str, str]
) -> None:
    with socket(service, keys["reader"]) as subscriber:
        worker = int(subscriber.query(WORKER)["servingCache"]["process"])
        with editor_elsewhere(service, keys["editor"], worker) as editor:
            listening(subscriber, editor)

            answer = editor.update(size=7)

        assert not answer.get("errors"), answer
        event = subscriber.next_data(timeout=5)["events"]
        assert (event["type"], event["subject"], event["actor"]) == (
            "persona.update",
            SKEPTIC,
            "events editor",
        )
        # The new team size, and what re-inference moved with it.
        assert "team_size" in event["payload"]["changed"]
        assert event["payload"]["values"]["team_size"] == 7
        assert event["payload"]["version"] == answer["data"]["updatePersona"]["version"]


def listening(subscriber: GraphQLSocket, editor: Editor) -> int:
    """Subscribe from the start and receive a first change: the subscription is live
    once it has (what comes next is a live event, not one read back). Its number."""
    assert not editor.update(size=1).get("errors")
    subscriber.subscribe(EVENTS, {"after": 0, "types": ["persona.*"]})
    seq: int = subscriber.next_data()["events"]["seq"]
    return seq


def test_a_subscriber_that_comes_back_with_after_gets_exactly_what_it_missed(
    service: str, keys: dict[str, str]
) -> None:
    with Editor(service, keys["editor"]) as editor:
        missed_while_away(service, keys, editor)


def missed_while_away(service: str, keys: dict[str, str], editor: Editor) -> None:
    assert not editor.update(size=1).get("errors")
    with socket(service, keys["reader"]) as first:
        first.subscribe(EVENTS, {"after": 0})
        last = first.next_data()["events"]["seq"]

    missed = [editor.update(size=size) for size in (2, 3, 4)]
    assert not any(answer.get("errors") for answer in missed), missed

    with socket(service, keys["reader"]) as again:
        again.subscribe(EVENTS, {"after": last})
        events = [again.next_data()["events"] for _ in range(3)]
        assert [e["seq"] for e in events] == [last + 1, last + 2, last + 3]
        assert [e["payload"]["values"]["team_size"] for e in events] == [2, 3, 4]
        with pytest.raises(TimeoutError):
            again.receive(timeout=1.5)  # nothing more: exactly those three


def test_a_refused_edit_emits_nothing(service: str, keys: dict[str, str]) -> None:
    with Editor(service, keys["editor"]) as editor:
        refused_while_subscribed(service, keys, editor)


def refused_while_subscribed(service: str, keys: dict[str, str], editor: Editor) -> None:
    with socket(service, keys["reader"]) as subscriber:
        seen = listening(subscriber, editor)
        assert editor.version is not None
        stale = editor.post(UPDATE, id=SKEPTIC, version=editor.version - 1, size=6)
        assert stale["errors"][0]["extensions"]["code"] == "CONFLICT"
        assert not editor.update(size=5).get("errors")

        event = subscriber.next_data()["events"]
        assert (event["seq"], event["payload"]["values"]["team_size"]) == (seen + 1, 5)
        with pytest.raises(TimeoutError):
            subscriber.receive(timeout=1.5)

    page = editor.post(PAGE, after=seen)["data"]["events"]
    assert [e["seq"] for e in page] == [seen + 1]


def test_a_subscription_needs_a_key_and_a_known_one(service: str, keys: dict[str, str]) -> None:
    with pytest.raises(ConnectionClosed) as refused:
        GraphQLSocket(f"ws://{service}/graphql", {"apiKey": "pg_not-a-key"})
    assert refused.value.rcvd is not None
    assert refused.value.rcvd.code == 4403

    with GraphQLSocket(f"ws://{service}/graphql") as anonymous:
        assert anonymous.ack["type"] == "connection_ack"
        anonymous.subscribe(EVENTS)
        answer = anonymous.receive()
        assert answer["type"] in {"error", "next"}, answer
        errors = answer["payload"] if answer["type"] == "error" else answer["payload"]["errors"]
        assert "needs the reader role" in errors[0]["message"]


def test_a_page_of_another_origin_cannot_connect(service: str, keys: dict[str, str]) -> None:
    with pytest.raises(InvalidStatus) as refused:
        GraphQLSocket(f"ws://{service}/graphql", origin="https://elsewhere.example")
    assert refused.value.response.status_code == 403


def test_one_connection_holds_at_most_the_configured_subscriptions(
    service: str, keys: dict[str, str]
) -> None:
    with socket(service, keys["reader"]) as subscriber:
        for _ in range(20):
            subscriber.subscribe(EVENTS)
        subscriber.subscribe(EVENTS)
        answer = subscriber.receive(timeout=5)
        assert answer == {
            "id": "21",
            "type": "error",
            "payload": [{"message": "Subscription limit reached"}],
        } or (answer["type"] == "error" and "limit" in str(answer)), answer
