"""Mutations that change one persona and answer with it, read back for the selection the
client made (the same compiler as queries), and the inputs they share."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from enum import Enum
from typing import Any

import strawberry
from starlette.concurrency import run_in_threadpool
from strawberry.types.field import StrawberryField

from personagraph.admin.changes import Actor
from personagraph.api.graphql.compile.compiler import compile_by_key
from personagraph.api.graphql.compile.selection import plan_nodes
from personagraph.api.graphql.compile.worst_case import by_key_items
from personagraph.api.graphql.resolvers.reads import request_of, run_read
from personagraph.api.graphql.runtime.access import require
from personagraph.api.graphql.runtime.context import Role
from personagraph.api.graphql.runtime.policy import policy
from personagraph.model.ontology import node_type

PERSONA = node_type("Persona")

# A persona-returning mutation: name, resolver, description, role it needs.
PersonaMutation = tuple[str, Callable[..., Any], str, Role]


def given(value: Any) -> dict[str, Any]:
    """The fields of an input object the client gave (not left out), enums as values."""
    return {
        field.name: _plain(getattr(value, field.name))
        for field in dataclasses.fields(value)
        if getattr(value, field.name) is not strawberry.UNSET
    }


def _plain(value: Any) -> Any:
    return value.value if isinstance(value, Enum) else value


async def persona_after(
    info: strawberry.Info[Any, Any], role: Role, edit: Callable[[Actor], str]
) -> Any:
    """Run ``edit`` (in a worker thread) as the caller, then read the persona it names."""
    context = require(info, role)
    persona_id = await run_in_threadpool(edit, Actor(context.caller.name, context.request_id))
    plan = plan_nodes(request_of(info), PERSONA)
    rows = await run_read(context, compile_by_key(plan, persona_id))
    return rows[0] if rows else None


def persona_mutations(
    persona_type: type, specs: list[PersonaMutation]
) -> list[tuple[str, Any, StrawberryField]]:
    """``Mutation`` fields returning the persona they changed."""
    fields = []
    for name, resolver, description, role in specs:
        field = strawberry.field(
            resolver=resolver,
            name=name,
            description=description,
            graphql_type=persona_type | None,
            metadata=policy(role, lambda request: by_key_items(request, PERSONA)),
        )
        fields.append((name, persona_type | None, field))
    return fields
