"""The service answers whether it is up (/healthz) and ready to query (/readyz, GraphQL)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from starlette.testclient import TestClient

from personagraph.api.app import create_app
from personagraph.neo4j_local.provision import Provisioned
from personagraph.store import Store


@pytest.fixture
def client(neo4j_server: Provisioned) -> Iterator[TestClient]:
    with TestClient(create_app(neo4j_server.spec)) as test_client:
        yield test_client


@pytest.mark.usefixtures("store")
def test_a_migrated_database_is_ready_with_its_versions(client: TestClient) -> None:
    health = client.get("/healthz")
    ready = client.get("/readyz")

    assert health.status_code == 200
    assert health.json()["status"] == "ok"
    assert ready.status_code == 200
    assert ready.json()["neo4j_version"].startswith("5.26.")
    assert ready.json()["gds_version"].startswith("2.13.")


@pytest.mark.usefixtures("empty_store")
def test_pending_migrations_make_the_service_not_ready_and_say_what_to_run(
    client: TestClient,
) -> None:
    ready = client.get("/readyz")

    assert ready.status_code == 503
    assert "001_key_constraints" in ready.json()["pending_migrations"]
    assert "personagraph db migrate" in ready.json()["problem"]


def test_graphql_reports_the_server_over_post_and_get(client: TestClient, store: Store) -> None:
    query = "{ server { ready neo4jVersion gdsVersion pendingMigrations } }"

    posted = client.post("/graphql", json={"query": query})
    fetched = client.get("/graphql", params={"query": query})

    assert posted.status_code == 200, posted.text
    server = posted.json()["data"]["server"]
    assert server["ready"] is True
    assert server["gdsVersion"].startswith("2.13.")
    assert server["pendingMigrations"] == []
    assert fetched.json() == posted.json()


@pytest.mark.usefixtures("store")
def test_an_unknown_field_is_a_graphql_error_naming_it(client: TestClient) -> None:
    response = client.post("/graphql", json={"query": "{ server { colour } }"})

    errors = response.json()["errors"]
    assert "colour" in errors[0]["message"]
