"""What ``/readyz`` and the ``server`` GraphQL field report: is the database usable?

The answer comes within ``PERSONAGRAPH_READINESS_TIMEOUT`` seconds whatever the
database does: the probe has its own connections, is never retried, and a database
that has not answered by then is reported as not ready.
"""

from __future__ import annotations

from dataclasses import dataclass

from personagraph.errors import PersonagraphError
from personagraph.store import migrations
from personagraph.store.async_reads import AsyncReads


@dataclass(frozen=True)
class Readiness:
    """Whether the service can answer queries, and why not."""

    ready: bool
    neo4j_version: str | None
    gds_version: str | None
    pending_migrations: list[str]
    problem: str | None


async def check_readiness(reads: AsyncReads) -> Readiness:
    """Neo4j reachable, GDS present, and every schema migration applied."""
    try:
        state = await reads.server_state()
        known = migrations.discover(reads.store.registry)
    except PersonagraphError as exc:
        return Readiness(False, None, None, [], str(exc))
    pending = [m.id for m in known if m.id not in state.applied_migrations]
    info = state.info
    problem = None
    if info.gds_version is None:
        problem = "the Graph Data Science plugin is not installed on the server"
    elif pending:
        problem = f"schema migrations pending: {', '.join(pending)}; run `personagraph db migrate`"
    return Readiness(problem is None, info.neo4j_version, info.gds_version, pending, problem)
