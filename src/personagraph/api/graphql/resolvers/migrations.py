"""Root fields on archetype migrations over time: which paths, how often, in which functions,
between two dates (:mod:`personagraph.admin.migration_paths`)."""

from __future__ import annotations

from datetime import date, datetime
from enum import Enum
from typing import Annotated, Any

import strawberry
from starlette.concurrency import run_in_threadpool
from strawberry.types.field import StrawberryField

from personagraph.admin.migration_paths import MigrationPath, migration_paths, path_query
from personagraph.api.graphql.runtime.access import require
from personagraph.api.graphql.runtime.context import RequestContext, Role
from personagraph.api.graphql.runtime.policy import FieldSpec, root_fields
from personagraph.model.archetype import Archetype


@strawberry.enum(description="How an archetype migration came about.")
class MigrationKind(Enum):
    INFERRED = "inferred"
    OVERRIDE = "override"


@strawberry.type(description="How many migrations of a path one function saw.")
class FunctionMigrations:
    function_key: str | None = strawberry.field(
        description="The persona's function when it migrated (null: none)."
    )
    count: int


@strawberry.type(description="A move between two archetypes, and how often it happened.")
class ArchetypeMigrationPath:
    from_archetype: str | None
    to_archetype: str
    kind: MigrationKind
    count: int
    functions: list[FunctionMigrations] = strawberry.field(
        description="Counts per function, the largest first."
    )
    first_at: datetime
    last_at: datetime


async def archetype_migration_paths(
    info: strawberry.Info[Any, Any],
    start: Annotated[
        date | None, strawberry.argument(name="from", description="First day, included.")
    ] = None,
    end: Annotated[
        date | None, strawberry.argument(name="to", description="Last day, included.")
    ] = None,
    function: Annotated[
        str | None, strawberry.argument(description="Only this function (its key).")
    ] = None,
    kind: MigrationKind | None = None,
    from_archetype: Archetype | None = None,
    to_archetype: Archetype | None = None,
) -> list[ArchetypeMigrationPath]:
    context: RequestContext = require(info, Role.READER)
    query = path_query(
        start,
        end,
        function,
        kind.value if kind else None,
        _name(from_archetype),
        _name(to_archetype),
    )
    paths = await run_in_threadpool(migration_paths, context.store, query)
    return [_path(path) for path in paths]


def _name(archetype: Archetype | None) -> str | None:
    # strawberry hands the model's enum back, or its value under some versions.
    return None if archetype is None else Archetype(getattr(archetype, "value", archetype)).value


def _path(path: MigrationPath) -> ArchetypeMigrationPath:
    return ArchetypeMigrationPath(
        from_archetype=path.from_archetype,
        to_archetype=path.to_archetype,
        kind=MigrationKind(path.kind),
        count=path.count,
        functions=[FunctionMigrations(function_key=f.key, count=f.count) for f in path.functions],
        first_at=path.first_at,
        last_at=path.last_at,
    )


def migration_fields() -> list[tuple[str, Any, StrawberryField]]:
    """The fields, ready to place on ``Query``."""
    specs: list[FieldSpec] = [
        (
            "archetypeMigrationPaths",
            list[ArchetypeMigrationPath],
            archetype_migration_paths,
            "Which archetype migration paths happened, how often and in which functions, "
            "between two days (both included): a person's overrides and re-inferences that "
            "moved personas after their attributes changed.",
            None,
        )
    ]
    return root_fields(specs, Role.READER)
