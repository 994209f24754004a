"""The persona definitions file over GraphQL: import (admin role) and export (reader)."""

from __future__ import annotations

from enum import Enum
from typing import Any

import strawberry
from starlette.concurrency import run_in_threadpool
from strawberry.types.field import StrawberryField

from personagraph.admin import definitions
from personagraph.admin.changes import Actor
from personagraph.api.graphql.runtime.access import require
from personagraph.api.graphql.runtime.context import Role
from personagraph.api.graphql.runtime.policy import root_fields
from personagraph.model.definitions import parse_definitions


@strawberry.enum(description="The text format of a definitions file.")
class DefinitionsFormat(Enum):
    JSON = "json"
    YAML = "yaml"


@strawberry.type(description="What an import did: persona ids by outcome.")
class DefinitionsReport:
    created: list[str]
    updated: list[str]
    unchanged: list[str]
    retired: list[str]
    dry_run: bool


@strawberry.type(description="Every active assistant persona as a definitions file.")
class DefinitionsExport:
    document: str
    personas: int
    skipped: list[str] = strawberry.field(
        description="Assistant personas left out: they have no system prompt."
    )


async def import_persona_definitions(
    info: strawberry.Info[Any, Any],
    document: str,
    format: DefinitionsFormat = DefinitionsFormat.JSON,
    retire: bool = True,
    dry_run: bool = False,
) -> DefinitionsReport:
    context = require(info, Role.ADMIN)
    # A GraphQL string is text already; encoded back, a lone surrogate is refused as
    # invalid UTF-8 would be in a file.
    data = document.encode("utf-8", errors="surrogatepass")
    found = parse_definitions(data, format.value, source="document")
    actor = Actor(context.caller.name, context.request_id)
    report = await run_in_threadpool(
        lambda: definitions.import_definitions(
            context.store, found, actor, retire=retire, dry_run=dry_run
        )
    )
    return DefinitionsReport(
        created=report.created,
        updated=report.updated,
        unchanged=report.unchanged,
        retired=report.retired,
        dry_run=dry_run,
    )


async def persona_definitions(
    info: strawberry.Info[Any, Any], format: DefinitionsFormat = DefinitionsFormat.JSON
) -> DefinitionsExport:
    context = require(info, Role.READER)
    result = await run_in_threadpool(definitions.export_definitions, context.store)
    return DefinitionsExport(
        document=result.text(format.value),
        personas=len(result.definitions),
        skipped=result.skipped,
    )


def definitions_mutations() -> list[tuple[str, Any, StrawberryField]]:
    """``importPersonaDefinitions`` (admin role)."""
    description = (
        "Upsert assistant personas from a definitions file's text, all or nothing; "
        "imported personas the file no longer holds are retired (retire: false keeps them)."
    )
    return root_fields(
        [
            (
                "importPersonaDefinitions",
                DefinitionsReport,
                import_persona_definitions,
                description,
                None,
            )
        ],
        Role.ADMIN,
    )


def definitions_queries() -> list[tuple[str, Any, StrawberryField]]:
    """``personaDefinitions`` (reader role)."""
    description = "Every active assistant persona as a definitions file (JSON or YAML)."
    return root_fields(
        [("personaDefinitions", DefinitionsExport, persona_definitions, description, None)],
        Role.READER,
    )
