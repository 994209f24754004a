"""``serve --workers 2``: a key's rate limit is one budget, however its connections are dealt."""

from __future__ import annotations

import re

import httpx
import pytest

from personagraph.api.api_keys import create_key
from personagraph.api.graphql.runtime.context import Role
from personagraph.neo4j_local.provision import Provisioned
from personagraph.store import Store
from tests.integration.test_serve_workers import free_port, serve, wait_until_up

BUDGET = 10  # items per hour: nothing refills while the test runs
QUERY = 'query Budget { persona(id: "accounts-payable-specialist-automator") { id } }'  # costs 1
REQUESTS = 16


def test_a_keys_budget_is_shared_by_the_workers(
    neo4j_server: Provisioned, seed_catalog: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PERSONAGRAPH_RATE_LIMIT_READER", str(BUDGET))
    monkeypatch.setenv("PERSONAGRAPH_RATE_LIMIT_WINDOW", "3600")
    dealt = create_key(seed_catalog, "dealt to both workers", Role.READER).secret
    kept = create_key(seed_catalog, "on one connection", Role.READER).secret
    port = free_port()
    url = f"http://127.0.0.1:{port}/graphql"
    with serve(neo4j_server, port, workers=2) as process:
        wait_until_up(port, process, workers=2)
        # A new connection per request: the supervisor deals them to the workers in turn.
        spread = [_ask(url, dealt) for _ in range(REQUESTS)]
        # One keep-alive connection: every request goes to the same worker.
        with httpx.Client() as client:
            single = [_ask(url, kept, client) for _ in range(REQUESTS)]
        served = [_served(port) for _ in range(2)]

    # In-memory buckets per worker would admit 16 (8 + 8, each under 10) of the first,
    # and half the budget per worker would admit 5 of the second.
    assert [status for status, _ in spread] == [200] * BUDGET + [429] * (REQUESTS - BUDGET)
    assert [status for status, _ in single] == [200] * BUDGET + [429] * (REQUESTS - BUDGET)
    assert all(int(retry) > 0 for status, retry in spread + single if status == 429)
    # Both workers answered (each counts what it served).
    assert all(count > 0 for count in served)
    assert sum(served) == 2 * REQUESTS


def _ask(url: str, key: str, client: httpx.Client | None = None) -> tuple[int, str]:
    headers = {"Authorization": f"Bearer {key}"}
    if client is None:
        response = httpx.post(url, json={"query": QUERY}, headers=headers, timeout=30)
    else:
        response = client.post(url, json={"query": QUERY}, headers=headers, timeout=30)
    if response.status_code == 200:
        assert "errors" not in response.json(), response.json()
    else:
        assert response.json()["errors"][0]["extensions"]["code"] == "RATE_LIMITED"
    return response.status_code, response.headers.get("retry-after", "")


def _served(port: int) -> int:
    """Requests of operation Budget the worker answering this connection counted."""
    text = httpx.get(f"http://127.0.0.1:{port}/metrics", timeout=30).text
    found = re.search(
        r'^personagraph_graphql_requests_total\{operation="Budget"\} (\S+)$', text, re.M
    )
    return int(float(found.group(1))) if found else 0
