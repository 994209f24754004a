"""The ``server`` and ``viewer`` fields: the database behind the service, and who is asking."""

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


@strawberry.type(description="Who sent the request, as the service sees it.")
class Viewer:
    name: str = strawberry.field(description="The API key's name, or anonymous.")
    role: str | None = strawberry.field(
        description="reader, editor or admin (each includes the ones before); null: no key."
    )
    anonymous_reads: bool = strawberry.field(description="Whether callers without a key may read.")
    problem: str | None = strawberry.field(
        description="Why the key sent is refused (unknown, revoked, malformed), if it is."
    )


async def _viewer(info: strawberry.Info[RequestContext, Any]) -> Viewer:
    caller = info.context.caller
    return Viewer(
        name=caller.name,
        role=caller.role.value if caller.role else None,
        anonymous_reads=info.context.anonymous_reads,
        problem=caller.problem,
    )


def viewer_field() -> tuple[str, Any, StrawberryField]:
    """The field, ready to place on ``Query`` (no API key needed: it says what a key may do,
    so that a page can offer only that; every field still checks its own role)."""
    field = strawberry.field(
        resolver=_viewer,
        name="viewer",
        description=(
            "Who sent this request: the API key's name and role (null: no key), whether "
            "anonymous reads are on, and why a key is refused. Needs no key."
        ),
        metadata=policy(None),
    )
    return "viewer", Viewer, field
