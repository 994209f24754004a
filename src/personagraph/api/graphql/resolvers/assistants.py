"""Assistant personas: made from templates or from scratch, favourites, categories,
restoring a version, and the state a persona had at a version.

Templates themselves need no resolver of their own: ``template(key:)`` and
``templates(where:, sort:)`` are the ontology's root fields (filter by ``specialty``,
``category`` or ``tags: {includes: ...}``).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import strawberry
from starlette.concurrency import run_in_threadpool
from strawberry.scalars import JSON
from strawberry.types.field import StrawberryField

from personagraph.admin import favourites, history, restore, templates
from personagraph.api.graphql.compile.names import camel
from personagraph.api.graphql.resolvers.persona_results import (
    PersonaMutation,
    given,
    persona_after,
    persona_mutations,
)
from personagraph.api.graphql.resolvers.personas import PersonaChanges
from personagraph.api.graphql.runtime.access import require
from personagraph.api.graphql.runtime.context import Role
from personagraph.api.graphql.runtime.policy import FieldSpec, root_fields
from personagraph.model.archetype import Archetype
from personagraph.model.persona_edits import FromTemplate, NewAssistant, parse
from personagraph.store.connection import Transaction


@strawberry.input(
    description="A persona made from a template: its id, and anything that replaces the "
    "template's defaults (settings given are merged over the template's default settings)."
)
class PersonaFromTemplateInput(PersonaChanges):
    id: str
    archetype: Archetype | None = strawberry.field(
        default=strawberry.UNSET,
        description="Workforce templates: which archetype of the role to start from.",
    )


@strawberry.input(description="An assistant persona from scratch: an id, a name, a system prompt.")
class NewAssistantInput(PersonaChanges):
    id: str
    name: str
    system_prompt: str


@strawberry.type(description="How many active personas have one category (null: none).")
class CategoryCount:
    category: str | None
    count: int


@strawberry.type(description="How many active personas have one specialty (null: none).")
class SpecialtyCount:
    specialty: str | None
    count: int


@strawberry.type(description="A persona as it was at one version (its own fields and role).")
class PersonaState:
    id: str
    version: int
    name: str | None
    kind: str | None
    system_prompt: str | None
    is_active: bool | None
    role: str | None = strawberry.field(description="Key of its Role then, if any.")
    fields: JSON = strawberry.field(
        description="Every field it had then, by GraphQL name (e.g. systemPrompt)."
    )
    changed_at: datetime | None = strawberry.field(
        description="When that version was made, if its change is recorded."
    )


async def create_persona_from_template(
    info: strawberry.Info[Any, Any], template: str, input: PersonaFromTemplateInput
) -> Any:
    wanted = parse(FromTemplate, given(input), "input", camel)
    store = info.context.store
    return await persona_after(
        info,
        Role.EDITOR,
        lambda actor: templates.create_from_template(store, template, wanted, actor),
    )


async def create_assistant_persona(
    info: strawberry.Info[Any, Any], input: NewAssistantInput
) -> Any:
    assistant = parse(NewAssistant, given(input), "input", camel)
    store = info.context.store
    return await persona_after(
        info, Role.EDITOR, lambda actor: templates.create_assistant(store, assistant, actor)
    )


async def set_favourite(info: strawberry.Info[Any, Any], id: str, favourite: bool = True) -> Any:
    store = info.context.store
    return await persona_after(
        info, Role.EDITOR, lambda actor: favourites.set_favourite(store, id, favourite, actor)
    )


async def restore_persona_version(
    info: strawberry.Info[Any, Any], id: str, version: int, expected_version: int
) -> Any:
    store = info.context.store
    return await persona_after(
        info,
        Role.EDITOR,
        lambda actor: restore.restore_version(store, id, version, expected_version, actor),
    )


_MUTATIONS: list[PersonaMutation] = [
    (
        "createPersonaFromTemplate",
        create_persona_from_template,
        "Make a persona from a template (origin: template, CREATED_FROM the template).",
        Role.EDITOR,
    ),
    (
        "createAssistantPersona",
        create_assistant_persona,
        "Make an assistant persona from scratch (origin: scratch).",
        Role.EDITOR,
    ),
    (
        "setFavourite",
        set_favourite,
        "Mark a persona as a favourite (favourite: false to unmark).",
        Role.EDITOR,
    ),
    (
        "restorePersonaVersion",
        restore_persona_version,
        "Give a persona the state of an earlier version, as a new version; "
        "`expectedVersion` must be the version you read.",
        Role.EDITOR,
    ),
]


def assistant_mutations(persona_type: type) -> list[tuple[str, Any, StrawberryField]]:
    """The persona lifecycle mutations of this module."""
    return persona_mutations(persona_type, _MUTATIONS)


async def persona_categories(
    info: strawberry.Info[Any, Any], kind: str = "assistant"
) -> list[CategoryCount]:
    context = require(info, Role.READER)
    rows = await run_in_threadpool(context.store.read, "read/assistants/categories", kind=kind)
    return [CategoryCount(category=row["category"], count=row["count"]) for row in rows]


async def persona_specialties(
    info: strawberry.Info[Any, Any], kind: str = "assistant"
) -> list[SpecialtyCount]:
    context = require(info, Role.READER)
    rows = await run_in_threadpool(context.store.read, "read/assistants/specialties", kind=kind)
    return [SpecialtyCount(specialty=row["specialty"], count=row["count"]) for row in rows]


async def persona_as_of(info: strawberry.Info[Any, Any], id: str, version: int) -> PersonaState:
    context = require(info, Role.READER)

    def read(tx: Transaction) -> tuple[history.State, list[history.VersionRecord]]:
        return history.state_at(tx, id, version), history.records(tx, id, version, version)

    state, made = await run_in_threadpool(context.store.transaction, read)
    return PersonaState(
        id=id,
        version=version,
        name=state.get("name"),
        kind=state.get("kind"),
        system_prompt=state.get("system_prompt"),
        is_active=state.get("is_active"),
        role=state.get("role"),
        fields=JSON({camel(name): value for name, value in sorted(state.items())}),
        changed_at=made[0].changed_at if made else None,
    )


def assistant_queries() -> list[tuple[str, Any, StrawberryField]]:
    """``personaCategories``, ``personaSpecialties`` and ``personaAsOf`` (reader role)."""
    specs: list[FieldSpec] = [
        (
            "personaCategories",
            list[CategoryCount],
            persona_categories,
            "Active personas of a kind (default assistant) per category, with counts.",
            None,
        ),
        (
            "personaSpecialties",
            list[SpecialtyCount],
            persona_specialties,
            "Active personas of a kind (default assistant) per specialty, with counts.",
            None,
        ),
        (
            "personaAsOf",
            PersonaState,
            persona_as_of,
            "A persona as it was at `version` (from its history).",
            None,
        ),
    ]
    return root_fields(specs, Role.READER)
