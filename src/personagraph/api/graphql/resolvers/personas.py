"""Mutations: persona edits (``editor`` role), each one transaction with an audit event.

Inputs are checked by pydantic (:mod:`personagraph.model.persona_edits`); the persona
they return is read back with the same compiler as queries, for whatever selection the
client asked.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from enum import Enum
from typing import Any

import strawberry
from starlette.concurrency import run_in_threadpool
from strawberry.scalars import JSON
from strawberry.types.field import StrawberryField

from personagraph.admin import persona_edits
from personagraph.admin.persona_edits import Actor
from personagraph.api.graphql.compile.compiler import compile_by_key
from personagraph.api.graphql.compile.names import camel
from personagraph.api.graphql.compile.selection import plan_nodes
from personagraph.api.graphql.compile.worst_case import by_key_items
from personagraph.api.graphql.resolvers.reads import request_of, run_read
from personagraph.api.graphql.runtime.access import require
from personagraph.api.graphql.runtime.context import RequestContext, Role
from personagraph.api.graphql.runtime.policy import policy
from personagraph.model.archetype import Archetype
from personagraph.model.ontology import node_type
from personagraph.model.persona_edits import NewPersona, NewPersonaId, PersonaFields, parse

PERSONA = node_type("Persona")

# The model's enum, named apart from the `Archetype` object type.
strawberry.enum(Archetype, name="ArchetypeName", description="An AI-adoption archetype.")


@strawberry.input(description="Changes to a persona; leave out what stays the same.")
class PersonaChanges:
    name: str | None = strawberry.UNSET
    title: str | None = strawberry.UNSET
    tagline: str | None = strawberry.UNSET
    kind: str | None = strawberry.UNSET
    role: str | None = strawberry.field(
        default=strawberry.UNSET, description="Key of the persona's Role."
    )
    seniority_level: str | None = strawberry.UNSET
    years_of_experience: int | None = strawberry.UNSET
    team_size: int | None = strawberry.UNSET
    budget_authority: int | None = strawberry.UNSET
    technology_adoption: str | None = strawberry.UNSET
    risk_tolerance: str | None = strawberry.UNSET
    change_readiness: str | None = strawberry.UNSET
    stakeholder_count: int | None = strawberry.UNSET
    strategic_time_percent: int | None = strawberry.UNSET
    meeting_ratio: float | None = strawberry.UNSET
    category: str | None = strawberry.UNSET
    specialty: str | None = strawberry.UNSET
    tags: list[str] | None = strawberry.UNSET
    description: str | None = strawberry.UNSET
    icon: str | None = strawberry.UNSET
    system_prompt: str | None = strawberry.UNSET
    context: str | None = strawberry.UNSET
    expertise: list[str] | None = strawberry.UNSET
    response_format: str | None = strawberry.UNSET
    settings: JSON | None = strawberry.field(
        default=strawberry.UNSET,
        description="Model settings (temperature, max_tokens, top_p, presence_penalty, "
        "frequency_penalty); those given replace all the persona had.",
    )


@strawberry.input(description="A new persona: an id (a slug), a name and an archetype at least.")
class NewPersonaInput(PersonaChanges):
    id: str
    archetype: Archetype


def _given(value: Any) -> dict[str, Any]:
    return {
        field.name: _plain(getattr(value, field.name))
        for field in dataclasses.fields(value)
        if getattr(value, field.name) is not strawberry.UNSET
    }


def _plain(value: Any) -> Any:
    return value.value if isinstance(value, Enum) else value


def _actor(context: RequestContext) -> Actor:
    return Actor(context.caller.name, context.request_id)


async def _edited(info: strawberry.Info[Any, Any], edit: Callable[[Actor], str]) -> Any:
    context = require(info, Role.EDITOR)
    persona_id = await run_in_threadpool(edit, _actor(context))
    plan = plan_nodes(request_of(info), PERSONA)
    rows = await run_read(context, compile_by_key(plan, persona_id))
    return rows[0] if rows else None


async def create_persona(info: strawberry.Info[Any, Any], input: NewPersonaInput) -> Any:
    persona = parse(NewPersona, _given(input), "input", camel)
    store = info.context.store
    return await _edited(info, lambda actor: persona_edits.create_persona(store, persona, actor))


async def update_persona(
    info: strawberry.Info[Any, Any], id: str, version: int, changes: PersonaChanges
) -> Any:
    fields = parse(PersonaFields, _given(changes), "changes", camel)
    store = info.context.store
    return await _edited(
        info, lambda actor: persona_edits.update_persona(store, id, version, fields, actor)
    )


async def delete_persona(info: strawberry.Info[Any, Any], id: str, version: int) -> Any:
    store = info.context.store
    return await _edited(
        info, lambda actor: persona_edits.delete_persona(store, id, version, actor)
    )


async def duplicate_persona(
    info: strawberry.Info[Any, Any], id: str, new_id: str, name: str | None = None
) -> Any:
    new_id = parse(NewPersonaId, {"id": new_id}, "newId").id
    store = info.context.store
    return await _edited(
        info, lambda actor: persona_edits.duplicate_persona(store, id, new_id, name, actor)
    )


async def override_archetype(
    info: strawberry.Info[Any, Any],
    id: str,
    archetype: Archetype,
    reason: str,
    version: int,
) -> Any:
    chosen = Archetype(_plain(archetype))
    store = info.context.store
    return await _edited(
        info,
        lambda actor: persona_edits.override_archetype(store, id, chosen, reason, version, actor),
    )


async def reinfer_archetype(info: strawberry.Info[Any, Any], id: str) -> Any:
    store = info.context.store
    return await _edited(info, lambda actor: persona_edits.reinfer_persona(store, id, actor))


_MUTATIONS: list[tuple[str, Callable[..., Any], str]] = [
    ("createPersona", create_persona, "Create a persona from scratch (its archetype is inferred)."),
    ("updatePersona", update_persona, "Change a persona; `version` must be the one you read."),
    ("deletePersona", delete_persona, "Soft-delete a persona (protected defaults refuse)."),
    ("duplicatePersona", duplicate_persona, "Copy a persona and its links under a new id."),
    ("overrideArchetype", override_archetype, "Set the archetype by decision, with a reason."),
    ("reinferArchetype", reinfer_archetype, "Run archetype inference on current attributes."),
]


def mutation_fields(persona_type: type) -> list[tuple[str, Any, StrawberryField]]:
    """The ``Mutation`` fields, each returning the edited persona."""
    fields = []
    for name, resolver, description in _MUTATIONS:
        field = strawberry.field(
            resolver=resolver,
            name=name,
            description=description,
            graphql_type=persona_type | None,
            metadata=policy(Role.EDITOR, lambda request: by_key_items(request, PERSONA)),
        )
        fields.append((name, persona_type | None, field))
    return fields
