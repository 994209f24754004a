"""Webhooks from the real service to a real HTTP receiver on this machine."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest

from personagraph.api.api_keys import create_key
from personagraph.api.app import create_app
from personagraph.api.graphql.runtime.context import Role
from personagraph.events import signing
from personagraph.neo4j_local.provision import Provisioned
from personagraph.seeding import pipeline
from personagraph.settings import Settings
from personagraph.store import Store
from tests.integration.live_service import serving

MINIMAL = Path(__file__).resolve().parents[1] / "catalogs" / "minimal"
SKEPTIC = "sales-development-representative-skeptic"
SECRET = "s3cret-of-at-least-16-chars"

CREATE = """mutation C($url: String!, $types: [String!], $secret: String!) {
  createWebhook(url: $url, secret: $secret, types: $types) { id enabled cursor } }"""
UPDATE = """mutation U($id: String!, $version: Int!, $size: Int!) {
  updatePersona(id: $id, version: $version, changes: {teamSize: $size}) { version } }"""
VERSION = """query V($id: String!) { persona(id: $id) { version } }"""
HOOKS = "{ webhooks { id enabled consecutiveFailures } }"
DELIVERIES = """query D($id: String!) {
  webhookDeliveries(id: $id) { eventSeq eventType attempt status responseCode } }"""


@dataclass
class Received:
    headers: dict[str, str]
    body: bytes


@dataclass
class Receiver:
    """A local HTTP server that records each POST and answers with ``status``."""

    status: int = 200
    received: list[Received] = field(default_factory=list)
    url: str = ""

    def wait_for(self, count: int, timeout: float = 20.0) -> list[Received]:
        deadline = time.monotonic() + timeout
        while len(self.received) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        return list(self.received)


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    found = Receiver()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            found.received.append(Received(dict(self.headers.items()), body))
            self.send_response(found.status)
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    found.url = f"http://127.0.0.1:{server.server_address[1]}/hooks"
    yield found
    server.shutdown()
    server.server_close()
    thread.join(timeout=10)


@pytest.fixture
def service(neo4j_server: Provisioned, store: Store) -> Iterator[Callable[..., dict[str, Any]]]:
    """The service (webhooks to loopback allowed, quick retries), and a way to call it."""
    pipeline.load(store, pipeline.prepare(MINIMAL))
    keys = {
        Role.ADMIN: create_key(store, "hook admin", Role.ADMIN).secret,
        Role.EDITOR: create_key(store, "hook editor", Role.EDITOR).secret,
    }
    settings = Settings(
        webhook_allow_private=True,
        webhook_max_attempts=3,
        webhook_retry_base=0.05,
        webhook_timeout=2.0,
        webhook_disable_after=2,
        events_poll_interval=0.1,
        serving_cache=False,
    )
    with serving(create_app(neo4j_server.spec, settings)) as base, httpx.Client() as client:

        def call(query: str, role: Role = Role.ADMIN, **variables: Any) -> dict[str, Any]:
            answer = client.post(
                f"{base}/graphql",
                json={"query": query, "variables": variables},
                headers={"Authorization": f"Bearer {keys[role]}"},
                timeout=60,
            ).json()
            assert not answer.get("errors"), answer
            data: dict[str, Any] = answer["data"]
            return data

        yield call


def update(call: Callable[..., dict[str, Any]], size: int) -> int:
    version = call(VERSION, Role.EDITOR, id=SKEPTIC)["persona"]["version"]
    done = call(UPDATE, Role.EDITOR, id=SKEPTIC, version=version, size=size)
    seq: int = done["updatePersona"]["version"]
    return seq


def logged(call: Callable[..., dict[str, Any]], hook: str, count: int) -> list[dict[str, Any]]:
    """The hook's delivery log once it holds ``count`` attempts (each is logged once the
    event's delivery is over, just after the receiver answered)."""
    deadline = time.monotonic() + 10
    while True:
        log: list[dict[str, Any]] = call(DELIVERIES, id=hook)["webhookDeliveries"]
        if len(log) >= count or time.monotonic() > deadline:
            return log
        time.sleep(0.1)


def test_a_receiver_gets_each_change_signed(
    service: Callable[..., dict[str, Any]], receiver: Receiver
) -> None:
    hook = service(CREATE, secret=SECRET, url=receiver.url, types=["persona.*"])["createWebhook"]
    assert hook["enabled"] is True

    update(service, size=11)

    [delivery] = receiver.wait_for(1)
    signature = delivery.headers[signing.HEADER]
    assert signing.verify(SECRET, delivery.body, signature)
    assert not signing.verify("another-secret-16-chars", delivery.body, signature)
    assert not signing.verify(SECRET, delivery.body + b" ", signature)
    body = json.loads(delivery.body)
    assert (body["type"], body["subject"], body["seq"]) == (
        "persona.update",
        SKEPTIC,
        hook["cursor"] + 1,
    )
    assert body["payload"]["values"]["team_size"] == 11
    assert delivery.headers["Personagraph-Event"] == "persona.update"
    log = logged(service, hook["id"], 1)
    assert log == [
        {
            "eventSeq": body["seq"],
            "eventType": "persona.update",
            "attempt": 1,
            "status": "delivered",
            "responseCode": 200,
        }
    ]


def test_a_failing_receiver_gets_retries_then_the_hook_is_disabled_until_enabled(
    service: Callable[..., dict[str, Any]], receiver: Receiver
) -> None:
    receiver.status = 500
    hook = service(CREATE, secret=SECRET, url=receiver.url, types=None)["createWebhook"]

    update(service, size=2)
    assert len(receiver.wait_for(3)) == 3  # three attempts at the first event
    update(service, size=3)
    attempts = receiver.wait_for(6)

    assert len(attempts) == 6
    assert [a.headers["Personagraph-Attempt"] for a in attempts] == ["1", "2", "3"] * 2
    [listed] = service(HOOKS)["webhooks"]
    deadline = time.monotonic() + 10
    while listed["enabled"] and time.monotonic() < deadline:
        time.sleep(0.1)
        [listed] = service(HOOKS)["webhooks"]
    assert (listed["enabled"], listed["consecutiveFailures"]) == (False, 2)
    log = logged(service, hook["id"], 6)
    assert [(d["status"], d["responseCode"]) for d in log] == [("failed", 500)] * 6

    update(service, size=4)  # disabled: not sent
    time.sleep(1.0)
    assert len(receiver.received) == 6

    receiver.status = 204
    enabled = service(
        "mutation E($id: String!) { enableWebhook(id: $id) { enabled } }", id=hook["id"]
    )
    assert enabled["enableWebhook"]["enabled"] is True
    update(service, size=5)
    last = receiver.wait_for(7)[-1]
    assert json.loads(last.body)["payload"]["values"]["team_size"] == 5


def test_test_webhook_posts_one_signed_test_event(
    service: Callable[..., dict[str, Any]], receiver: Receiver
) -> None:
    hook = service(CREATE, secret=SECRET, url=receiver.url, types=["persona.*"])["createWebhook"]

    answer = service(
        "mutation T($id: String!) { testWebhook(id: $id) { status responseCode attempt } }",
        id=hook["id"],
    )["testWebhook"]

    assert answer == {"status": "delivered", "responseCode": 200, "attempt": 1}
    [delivery] = receiver.wait_for(1)
    assert signing.verify(SECRET, delivery.body, delivery.headers[signing.HEADER])
    assert json.loads(delivery.body)["type"] == "webhook.test"
