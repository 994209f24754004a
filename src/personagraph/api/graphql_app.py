"""The GraphQL endpoint (strawberry). The persona graph's types come with issue 4's
Cypher compiler; for now the schema answers what clients need to check the server."""

from __future__ import annotations

from typing import Any

import strawberry
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL

from personagraph.api.health import check_readiness
from personagraph.store import Store


@strawberry.type(description="The database behind this service.")
class ServerStatus:
    ready: bool
    neo4j_version: str | None
    gds_version: str | None
    pending_migrations: list[str]
    problem: str | None


async def _server(info: strawberry.Info) -> ServerStatus:
    store: Store = info.context["store"]
    readiness = await run_in_threadpool(check_readiness, store)
    return ServerStatus(
        ready=readiness.ready,
        neo4j_version=readiness.neo4j_version,
        gds_version=readiness.gds_version,
        pending_migrations=readiness.pending_migrations,
        problem=readiness.problem,
    )


@strawberry.type
class Query:
    server: ServerStatus = strawberry.field(
        resolver=_server, description="Versions and readiness of the database behind this service."
    )


SCHEMA = strawberry.Schema(query=Query)


class _GraphQL(GraphQL[dict[str, Any], None]):
    async def get_context(
        self, request: Request | WebSocket, response: Response | WebSocket
    ) -> dict[str, Any]:
        return {"store": request.app.state.store, "request": request}


def graphql_app(*, graphiql: bool) -> _GraphQL:
    """The ASGI GraphQL app over :data:`SCHEMA`."""
    return _GraphQL(SCHEMA, graphql_ide="graphiql" if graphiql else None)
