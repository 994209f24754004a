"""From a GraphQL request to a :mod:`.plan`: fields, aliases, fragments, arguments,
variables and ``@skip``/``@include``, resolved against the schema.

The request has been validated by then (types, argument names, fragment targets), so
this walk only has to interpret it. Argument values come coerced by graphql-core,
variables substituted; they become ``where`` mappings and offsets in the plan.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLIncludeDirective,
    GraphQLObjectType,
    GraphQLSchema,
    GraphQLSkipDirective,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
)
from graphql.execution import get_argument_values, get_directive_values

from personagraph.api.graphql.compile.cursors import decode_cursor
from personagraph.api.graphql.compile.derived import derived_fields
from personagraph.api.graphql.compile.label_sizes import LabelSizes
from personagraph.api.graphql.compile.names import hop_name
from personagraph.api.graphql.compile.node_fields import (
    CONNECTION_SUFFIX,
    edge_properties,
    node_fields,
)
from personagraph.api.graphql.compile.plan import (
    Connection,
    Derived,
    EdgePlan,
    Hop,
    NodePlan,
    Page,
    RelatedList,
    Scalar,
    SortKey,
)
from personagraph.errors import ValidationFailed
from personagraph.model.ontology import NodeType, Property

FieldGroups = dict[str, list[FieldNode]]


@dataclass(frozen=True)
class Request:
    """The parts of a request a root resolver needs to plan its field."""

    schema: GraphQLSchema
    fragments: Mapping[str, FragmentDefinitionNode]
    variables: Any  # graphql-core's VariableValues (coerced variables)
    field_nodes: list[FieldNode]
    parent_type: str
    max_page_size: int
    # The labels' size classes as the service last counted them (compile-time choices).
    sizes: LabelSizes = field(default_factory=LabelSizes)

    def arguments(self) -> dict[str, Any]:
        """The root field's coerced arguments."""
        return _arguments(self, self.parent_type, self.field_nodes[0])


def root_requests(
    schema: GraphQLSchema,
    fragments: Mapping[str, FragmentDefinitionNode],
    variables: Any,
    operation: OperationDefinitionNode,
    parent_type: str,
    max_page_size: int,
) -> list[Request]:
    """A request per root field of ``operation`` (by response key), as its resolver
    will see it: fragments merged, ``@skip``/``@include`` applied."""
    base = Request(schema, fragments, variables, [], parent_type, max_page_size)
    groups: FieldGroups = {}
    _visit(base, operation.selection_set, groups, set())
    return [replace(base, field_nodes=nodes) for nodes in groups.values()]


def plan_nodes(request: Request, node: NodeType) -> NodePlan:
    """What the root field selects on each ``node`` it returns."""
    return _node_plan(request, node, request.field_nodes)


def plan_connection(request: Request, node: NodeType) -> Connection:
    """A root connection over all nodes of ``node`` (``personasConnection``)."""
    args = request.arguments()
    sort = tuple(_sort_keys(args.get("sort"), node_fields(node.label).properties, on_edge=False))
    return _connection_plan(
        request,
        key="",
        hop=None,
        node=node,
        type_name=node.label + "Connection",
        args=args,
        sort=sort,
        nodes=request.field_nodes,
    )


def root_sort(node: NodeType, args: Mapping[str, Any]) -> list[SortKey]:
    """The ``sort`` argument of a root list of ``node``."""
    return _sort_keys(args.get("sort"), node_fields(node.label).properties, on_edge=False)


def list_page(request: Request, args: Mapping[str, Any], sort: Iterable[SortKey]) -> Page:
    """``where``/``edgeWhere``/``limit``/``offset`` arguments as a :class:`Page`."""
    limit = _page_size(request, args.get("limit"), "limit")
    offset = args.get("offset") or 0
    if offset < 0:
        raise ValidationFailed([f"offset: {offset} is negative; pass 0 or more"])
    return Page(args.get("where"), args.get("edgeWhere"), tuple(sort), offset, limit)


def _node_plan(request: Request, node: NodeType, nodes: list[FieldNode]) -> NodePlan:
    fields = node_fields(node.label)
    scalars: list[Scalar] = []
    lists: list[RelatedList] = []
    connections: list[Connection] = []
    derived: list[Derived] = []
    computed = derived_fields(node.label)
    for key, group in _collect(request, nodes).items():
        name = group[0].name.value
        if name in fields.properties:
            scalars.append(Scalar(key, fields.properties[name]))
        elif name in computed:
            args = _arguments(request, node.label, group[0])
            derived.append(Derived(key, name, _page_size(request, args.get("first"), "first")))
        elif name in fields.hops:
            hop = fields.hops[name]
            args = _arguments(request, node.label, group[0])
            names = node_fields(hop.target.label).properties
            page = list_page(request, args, _sort_keys(args.get("sort"), names, on_edge=False))
            lists.append(RelatedList(key, hop, page, _node_plan(request, hop.target, group)))
        elif name.endswith(CONNECTION_SUFFIX) and name[: -len(CONNECTION_SUFFIX)] in fields.hops:
            base = name[: -len(CONNECTION_SUFFIX)]
            hop = fields.hops[base]
            args = _arguments(request, node.label, group[0])
            sort = tuple(_hop_sort_keys(args.get("sort"), hop))
            type_name = hop_name(node.label, base) + CONNECTION_SUFFIX
            connections.append(
                _connection_plan(request, key, hop, hop.target, type_name, args, sort, group)
            )
        # Anything else is __typename: graphql-core answers it without us.
    return NodePlan(node, tuple(scalars), tuple(lists), tuple(connections), tuple(derived))


def _connection_plan(
    request: Request,
    key: str,
    hop: Hop | None,
    node: NodeType,
    type_name: str,
    args: Mapping[str, Any],
    sort: tuple[SortKey, ...],
    nodes: list[FieldNode],
) -> Connection:
    size = _page_size(request, args.get("first"), "first")
    after = args.get("after")
    offset = decode_cursor(after) + 1 if after else 0
    page = Page(args.get("where"), args.get("edgeWhere"), sort, offset, size + 1)
    edges: list[EdgePlan] = []
    totals: list[str] = []
    wants_page_info = False
    for sub_key, group in _collect(request, nodes).items():
        name = group[0].name.value
        if name == "edges":
            edges.append(_edge_plan(request, sub_key, hop, node, group))
        elif name == "totalCount":
            totals.append(sub_key)
        elif name == "pageInfo":
            wants_page_info = True
    return Connection(
        key,
        hop,
        node,
        page,
        tuple(edges),
        tuple(totals),
        needs_probe=wants_page_info and not edges,
        page_size=size,
    )


def _edge_plan(
    request: Request, key: str, hop: Hop | None, node: NodeType, nodes: list[FieldNode]
) -> EdgePlan:
    props = edge_properties(hop) if hop else {}
    scalars: list[Scalar] = []
    node_plans: list[tuple[str, NodePlan]] = []
    for sub_key, group in _collect(request, nodes).items():
        name = group[0].name.value
        if name == "node":
            node_plans.append((sub_key, _node_plan(request, node, group)))
        elif name in props:
            scalars.append(Scalar(sub_key, props[name]))
    return EdgePlan(key, tuple(scalars), tuple(node_plans))


def _page_size(request: Request, value: int | None, argument: str) -> int:
    if value is None:
        return request.max_page_size
    if value < 0:
        raise ValidationFailed([f"{argument}: {value} is negative; pass 0 or more"])
    if value > request.max_page_size:
        raise ValidationFailed(
            [
                f"{argument}: {value} is more than the maximum page size "
                f"{request.max_page_size}; ask for fewer and page through the rest"
            ]
        )
    return value


def _sort_keys(
    entries: list[Mapping[str, Any]] | None, names: Mapping[str, Property], *, on_edge: bool
) -> list[SortKey]:
    """Sort inputs (GraphQL names → directions), in the order given, as property keys."""
    keys: list[SortKey] = []
    for entry in entries or []:
        for field_name, direction in entry.items():
            if direction is not None:
                keys.append(SortKey(names[field_name].name, _descending(direction), on_edge))
    return keys


def _hop_sort_keys(entries: list[Mapping[str, Any]] | None, hop: Hop) -> list[SortKey]:
    node_names = node_fields(hop.target.label).properties
    keys: list[SortKey] = []
    for entry in entries or []:
        if entry.get("node"):
            keys += _sort_keys([entry["node"]], node_names, on_edge=False)
        if entry.get("edge"):
            keys += _sort_keys([entry["edge"]], edge_properties(hop), on_edge=True)
    return keys


def _descending(direction: Any) -> bool:
    return str(getattr(direction, "value", direction)) == "DESC"


def _arguments(request: Request, type_name: str, node: FieldNode) -> dict[str, Any]:
    parent = request.schema.get_type(type_name)
    assert isinstance(parent, GraphQLObjectType), type_name
    definition = parent.fields[node.name.value]
    return get_argument_values(definition, node, request.variables)


def _collect(request: Request, nodes: list[FieldNode]) -> FieldGroups:
    groups: FieldGroups = {}
    for node in nodes:
        if node.selection_set:
            _visit(request, node.selection_set, groups, set())
    return groups


def _visit(
    request: Request, selection_set: SelectionSetNode, groups: FieldGroups, seen: set[str]
) -> None:
    for selection in selection_set.selections:
        if not isinstance(selection, (FieldNode, InlineFragmentNode, FragmentSpreadNode)):
            continue
        if not _included(request, selection):
            continue
        if isinstance(selection, FieldNode):
            key = selection.alias.value if selection.alias else selection.name.value
            groups.setdefault(key, []).append(selection)
        elif isinstance(selection, InlineFragmentNode):
            _visit(request, selection.selection_set, groups, seen)
        elif isinstance(selection, FragmentSpreadNode):
            name = selection.name.value
            if name in seen:
                continue
            seen.add(name)
            _visit(request, request.fragments[name].selection_set, groups, seen)


def _included(request: Request, node: FieldNode | InlineFragmentNode | FragmentSpreadNode) -> bool:
    skip = get_directive_values(GraphQLSkipDirective, node, request.variables)
    if skip and skip.get("if") is True:
        return False
    include = get_directive_values(GraphQLIncludeDirective, node, request.variables)
    return not (include and include.get("if") is False)
