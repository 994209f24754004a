"""What ``/readyz`` and the ``server`` GraphQL field report: is the database usable?"""

from __future__ import annotations

from dataclasses import dataclass

from personagraph.errors import PersonagraphError
from personagraph.store import Store, migrations, probe


@dataclass(frozen=True)
class Readiness:
    """Whether the service can answer queries, and why not."""

    ready: bool
    neo4j_version: str | None
    gds_version: str | None
    pending_migrations: list[str]
    problem: str | None


def check_readiness(store: Store) -> Readiness:
    """Neo4j reachable, GDS present, and every schema migration applied."""
    try:
        info = probe(store)
        pending = [row.id for row in migrations.status(store) if row.pending]
    except PersonagraphError as exc:
        return Readiness(False, None, None, [], str(exc))
    problem = None
    if info.gds_version is None:
        problem = "the Graph Data Science plugin is not installed on the server"
    elif pending:
        problem = f"schema migrations pending: {', '.join(pending)}; run `personagraph db migrate`"
    return Readiness(problem is None, info.neo4j_version, info.gds_version, pending, problem)
