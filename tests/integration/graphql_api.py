"""A GraphQL client over the real app (in-process ASGI), counting Cypher statements sent."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from starlette.testclient import TestClient

from personagraph.api.app import create_app
from personagraph.settings import Settings
from personagraph.store import Store
from personagraph.store.connection import ConnectionSpec


@dataclass(frozen=True)
class Answer:
    """One response: its data, errors, HTTP status and how many statements it sent."""

    data: Any
    errors: list[dict[str, Any]]
    status: int
    statements: int

    @property
    def codes(self) -> list[str]:
        return [error["extensions"]["code"] for error in self.errors]


class Api:
    def __init__(self, client: TestClient) -> None:
        self.client = client

    @property
    def store(self) -> Store:
        store: Store = self.client.app.state.store  # type: ignore[attr-defined]
        return store

    def __call__(
        self, document: str, variables: dict[str, Any] | None = None, key: str | None = None
    ) -> Answer:
        headers = {"Authorization": f"Bearer {key}"} if key else {}
        before = self.store.queries_sent
        response = self.client.post(
            "/graphql", json={"query": document, "variables": variables}, headers=headers
        )
        body = response.json()
        return Answer(
            body.get("data"),
            body.get("errors") or [],
            response.status_code,
            self.store.queries_sent - before,
        )

    def ok(
        self, document: str, variables: dict[str, Any] | None = None, key: str | None = None
    ) -> Any:
        answer = self(document, variables, key)
        assert not answer.errors, answer.errors
        return answer.data


@contextmanager
def api_for(spec: ConnectionSpec, **settings: Any) -> Iterator[Api]:
    """The service for ``spec`` with ``settings`` (e.g. ``anonymous_reads=True``)."""
    with TestClient(create_app(spec, Settings(**settings))) as client:
        yield Api(client)
