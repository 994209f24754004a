"""The ``server`` field: versions and readiness of the database behind the service."""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry.types.field import StrawberryField

from personagraph.api.graphql.runtime.context import RequestContext
from personagraph.api.graphql.runtime.policy import policy
from personagraph.api.health import check_readiness


@strawberry.type(description="The database behind this service.")
class ServerStatus:
    ready: bool
    neo4j_version: str | None
    gds_version: str | None
    pending_migrations: list[str]
    problem: str | None


async def _server(info: strawberry.Info[RequestContext, Any]) -> ServerStatus:
    readiness = await check_readiness(info.context.reads)
    return ServerStatus(
        ready=readiness.ready,
        neo4j_version=readiness.neo4j_version,
        gds_version=readiness.gds_version,
        pending_migrations=readiness.pending_migrations,
        problem=readiness.problem,
    )


def server_field() -> tuple[str, Any, StrawberryField]:
    """The field, ready to place on ``Query`` (no API key needed: health information)."""
    field = strawberry.field(
        resolver=_server,
        name="server",
        description="Versions and readiness of the database behind this service.",
        metadata=policy(None),
    )
    return "server", ServerStatus, field
