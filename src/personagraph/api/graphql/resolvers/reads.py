"""Root read fields of every label: by key, list and connection, each one Cypher statement."""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry.annotation import StrawberryAnnotation
from strawberry.types.arguments import StrawberryArgument
from strawberry.types.field import StrawberryField

from personagraph.api.graphql.compile.compiler import (
    compile_by_key,
    compile_connection,
    compile_list,
)
from personagraph.api.graphql.compile.names import camel, plural_field, singular_field
from personagraph.api.graphql.compile.plan import CompiledQuery
from personagraph.api.graphql.compile.plan_cache import PLANS
from personagraph.api.graphql.compile.selection import (
    Request,
    list_page,
    plan_connection,
    root_sort,
)
from personagraph.api.graphql.compile.statement_cache import StatementCache
from personagraph.api.graphql.compile.worst_case import (
    by_key_items,
    connection_items,
    list_items,
)
from personagraph.api.graphql.resolvers.served_reads import NOT_SERVED, from_cache
from personagraph.api.graphql.runtime.access import require
from personagraph.api.graphql.runtime.context import RequestContext, Role
from personagraph.api.graphql.runtime.internals import resolve_info, variable_values
from personagraph.api.graphql.runtime.policy import policy
from personagraph.api.graphql.schema.ontology_types import (
    FIRST_HELP,
    LIMIT_HELP,
    OntologyTypes,
    argument,
    output,
)
from personagraph.model.ontology import NODE_TYPES, NodeType

Field = tuple[str, Any, StrawberryField]

# Statements of the root read fields, shared by every schema and request.
STATEMENTS = StatementCache()


def root_read_fields(types: OntologyTypes) -> list[Field]:
    """``persona(id:)``, ``personas(...)`` and ``personasConnection(...)`` for every label."""
    fields: list[Field] = []
    for node in NODE_TYPES:
        fields += [_by_key(node, types), _list(node, types), _connection(node, types)]
    return fields


def request_of(info: strawberry.Info[Any, Any]) -> Request:
    """The parts of ``info`` the planner reads (graphql-core's resolve info)."""
    raw = resolve_info(info)
    context: RequestContext = info.context
    return Request(
        schema=raw.schema,
        fragments=raw.fragments,
        variables=variable_values(raw),
        field_nodes=list(raw.field_nodes),
        parent_type=raw.parent_type.name,
        max_page_size=context.limits.max_page_size,
        sizes=context.label_sizes,
    )


async def run_read(context: RequestContext, query: CompiledQuery) -> list[dict[str, Any]]:
    """Send one compiled statement, on the event loop (the app's async driver)."""
    rows = await context.reads.read_statement(
        query.text, query.parameters, timeout=context.limits.query_timeout
    )
    return [row["result"] for row in rows]


def _by_key(node: NodeType, types: OntologyTypes) -> Field:
    key_name = camel(node.key)

    def compile(request: Request) -> CompiledQuery:
        return compile_by_key(PLANS.plan(request, node), request.arguments()[key_name])

    async def resolve(info: strawberry.Info[Any, Any], **arguments: Any) -> Any:
        context = require(info, Role.READER)
        request = request_of(info)
        served = await from_cache(context, node, request, arguments[key_name])
        if served is not NOT_SERVED:
            return served
        rows = await run_read(context, STATEMENTS.statement(request, compile))
        return rows[0] if rows else None

    key_argument = StrawberryArgument(
        python_name=key_name,
        graphql_name=key_name,
        type_annotation=StrawberryAnnotation(str),
        description=f"The {node.label}'s {key_name}.",
    )
    return output(
        singular_field(node),
        types.objects[node.label] | None,
        resolve,
        description=f"One {node.label} by {key_name} (also when inactive), or null.",
        arguments=[key_argument],
        # The worst case is the selection's, whatever the key.
        metadata=policy(
            Role.READER, lambda request: by_key_items(request, node), counts_arguments=False
        ),
    )


def _list(node: NodeType, types: OntologyTypes) -> Field:
    def compile(request: Request) -> CompiledQuery:
        args = request.arguments()
        page = list_page(request, args, root_sort(node, args))
        return compile_list(PLANS.plan(request, node), page, sizes=request.sizes)

    async def resolve(info: strawberry.Info[Any, Any], **_: Any) -> Any:
        context = require(info, Role.READER)
        rows = await run_read(context, STATEMENTS.statement(request_of(info), compile))
        return rows[0]

    return output(
        plural_field(node),
        list[types.objects[node.label]],  # type: ignore[name-defined]
        resolve,
        description=f"{node.label} nodes that match, active ones unless `where` says otherwise.",
        arguments=[
            argument("where", types.wheres[node.label]),
            argument("sort", list[types.sorts[node.label]]),  # type: ignore[name-defined]
            argument("limit", int, LIMIT_HELP),
            argument("offset", int),
        ],
        metadata=policy(Role.READER, lambda request: list_items(request, node)),
    )


def _connection(node: NodeType, types: OntologyTypes) -> Field:
    def compile(request: Request) -> CompiledQuery:
        return compile_connection(plan_connection(request, node), sizes=request.sizes)

    async def resolve(info: strawberry.Info[Any, Any], **_: Any) -> Any:
        context = require(info, Role.READER)
        rows = await run_read(context, STATEMENTS.statement(request_of(info), compile))
        return rows[0]

    return output(
        plural_field(node) + "Connection",
        types.connections[node.label],
        resolve,
        description=f"{node.label} nodes as a Relay connection (cursor paging, totalCount).",
        arguments=[
            argument("where", types.wheres[node.label]),
            argument("sort", list[types.sorts[node.label]]),  # type: ignore[name-defined]
            argument("first", int, FIRST_HELP),
            argument("after", str, "Start after this cursor."),
        ],
        metadata=policy(Role.READER, lambda request: connection_items(request, node)),
    )
