"""The GraphQL types of the ontology, generated from :mod:`personagraph.model.ontology`.

For each label: an object type, a ``Where`` and a ``Sort`` input, and a root
connection. For each relationship, in each navigable direction: a list field and a
``…Connection`` field on the type at hand (with their own edge, filter, match and
sort types), and a ``some``/``none``/``all`` filter in the ``Where`` input.

Fields below the root never touch the database: the root resolver has already
fetched the whole selection in one Cypher statement, keyed by response key (alias),
and these resolvers only read from it.
"""

from __future__ import annotations

import json
import types
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import strawberry
from strawberry.annotation import StrawberryAnnotation
from strawberry.scalars import JSON
from strawberry.types.arguments import StrawberryArgument
from strawberry.types.field import StrawberryField

from personagraph.api.graphql.compile.compiler import OFFSET_KEY, PROBE_KEY, SIZE_KEY
from personagraph.api.graphql.compile.cursors import encode_cursor
from personagraph.api.graphql.compile.derived import derived_fields
from personagraph.api.graphql.compile.names import camel, edge_props_name, hop_name
from personagraph.api.graphql.compile.node_fields import edge_properties, node_fields
from personagraph.api.graphql.compile.plan import Hop
from personagraph.api.graphql.runtime.direct_reads import value_at
from personagraph.api.graphql.schema.history_types import PersonaChange, history_at
from personagraph.api.graphql.schema.scalars import (
    BooleanFilter,
    DateFilter,
    DateTimeFilter,
    FloatFilter,
    IntFilter,
    Long,
    LongFilter,
    PageInfo,
    SortDirection,
    StringFilter,
    StringListFilter,
)
from personagraph.model.ontology import NODE_TYPES, Kind, NodeType, Property

CURSOR_KEY = "__cursor"

_PYTHON_TYPES: dict[Kind, Any] = {
    Kind.STRING: str,
    Kind.INT: int,
    Kind.LONG: Long,
    Kind.FLOAT: float,
    Kind.BOOLEAN: bool,
    Kind.DATETIME: datetime,
    Kind.DATE: date,
    Kind.STRING_LIST: list[str],
    Kind.INT_LIST: list[int],
    Kind.JSON: JSON,
}
_FILTERS: dict[Kind, type] = {
    Kind.STRING: StringFilter,
    Kind.INT: IntFilter,
    Kind.LONG: LongFilter,
    Kind.FLOAT: FloatFilter,
    Kind.BOOLEAN: BooleanFilter,
    Kind.DATETIME: DateTimeFilter,
    Kind.DATE: DateFilter,
    Kind.STRING_LIST: StringListFilter,
}
_SORTABLE = {
    Kind.STRING,
    Kind.INT,
    Kind.LONG,
    Kind.FLOAT,
    Kind.BOOLEAN,
    Kind.DATETIME,
    Kind.DATE,
}


# -- resolvers: read what the root statement fetched -------------------------------
#
# Each reader takes the parent's map and the response key (alias) it is read under.
# The strawberry resolvers below pass ``info.path.key``; ``runtime.direct_reads`` and
# ``runtime.execution`` call the readers themselves.


def datetime_at(root: Any, key: str) -> Any:
    value = root.get(key)
    # neo4j.time.DateTime → datetime.datetime (api/ does not import the driver).
    return value.to_native() if value is not None else None


def json_at(root: Any, key: str) -> Any:
    value = root.get(key)
    return json.loads(value) if isinstance(value, str) else value


def cursor_at(root: Any, key: str) -> str:
    return encode_cursor(root[CURSOR_KEY])


def edges_at(root: Any, key: str) -> list[dict[str, Any]]:
    # Each edge is a map of its own, fresh from the driver: its position is noted in
    # it, and encoded only if the client asks for the cursor.
    offset, size = root[OFFSET_KEY], root[SIZE_KEY]
    edges: list[dict[str, Any]] = root[key][:size]
    for index, edge in enumerate(edges):
        edge[CURSOR_KEY] = offset + index
    return edges


def page_info_at(root: Any, key: str) -> PageInfo:
    offset, size = root[OFFSET_KEY], root[SIZE_KEY]
    fetched = next(
        (len(value) for value in root.values() if isinstance(value, list)), root.get(PROBE_KEY, 0)
    )
    shown = min(fetched, size)
    return PageInfo(
        has_next_page=fetched > size,
        has_previous_page=offset > 0,
        start_cursor=encode_cursor(offset) if shown else None,
        end_cursor=encode_cursor(offset + shown - 1) if shown else None,
    )


def _value(root: Any, info: strawberry.Info, **_: Any) -> Any:
    return value_at(root, str(info.path.key))


def _datetime(root: Any, info: strawberry.Info) -> Any:
    return datetime_at(root, str(info.path.key))


def _json(root: Any, info: strawberry.Info) -> Any:
    return json_at(root, str(info.path.key))


def _cursor(root: Any, info: strawberry.Info) -> str:
    return cursor_at(root, str(info.path.key))


def _edges(root: Any, info: strawberry.Info) -> list[dict[str, Any]]:
    return edges_at(root, str(info.path.key))


def _page_info(root: Any, info: strawberry.Info) -> PageInfo:
    return page_info_at(root, str(info.path.key))


def _history(root: Any, info: strawberry.Info, **_: Any) -> list[PersonaChange]:
    return history_at(root, str(info.path.key))


_SCALAR_RESOLVERS = {Kind.DATETIME: _datetime, Kind.DATE: _datetime, Kind.JSON: _json}
# Every resolver that only reads the fetched maps, with the reader it calls
# (runtime.direct_reads lets graphql-core call the readers).
READERS: dict[Any, Callable[[Any, str], Any]] = {
    _value: value_at,
    _datetime: datetime_at,
    _json: json_at,
    _cursor: cursor_at,
    _edges: edges_at,
    _page_info: page_info_at,
    _history: history_at,
}
# The resolver and type of each computed field (compile/derived.py), by GraphQL name.
_DERIVED_OUTPUTS: dict[str, tuple[Any, Any]] = {"history": (_history, list[PersonaChange])}


# -- building dynamic strawberry types ---------------------------------------------


@dataclass
class _TypeBuilder:
    """Creates classes on first mention, so types may refer to each other in cycles."""

    shells: dict[str, type] = field(default_factory=dict)
    specs: dict[str, tuple[list[tuple[str, Any, StrawberryField]], bool, str]] = field(
        default_factory=dict
    )

    def ref(self, name: str) -> type:
        if name not in self.shells:
            self.shells[name] = types.new_class(name)
        return self.shells[name]

    def define(
        self,
        name: str,
        fields: list[tuple[str, Any, StrawberryField]],
        *,
        is_input: bool = False,
        description: str = "",
    ) -> type:
        self.specs.setdefault(name, (fields, is_input, description))
        return self.ref(name)

    def finish(self) -> None:
        missing = set(self.shells) - set(self.specs)
        if missing:
            raise RuntimeError(f"GraphQL types referred to but never defined: {sorted(missing)}")
        for name, (fields, is_input, description) in self.specs.items():
            cls = self.shells[name]
            cls.__annotations__ = {}
            for field_name, annotation, strawberry_field in fields:
                cls.__annotations__[field_name] = annotation
                setattr(cls, field_name, strawberry_field)
            strawberry.type(cls, is_input=is_input, description=description or None)


def output(
    name: str,
    annotation: Any,
    resolver: Any = _value,
    *,
    description: str = "",
    arguments: list[StrawberryArgument] | None = None,
    metadata: Mapping[str, Any] | None = None,
) -> tuple[str, Any, StrawberryField]:
    """An output field ``name`` of type ``annotation``, read by ``resolver``."""
    strawberry_field = StrawberryField(
        python_name=name,
        graphql_name=name,
        type_annotation=StrawberryAnnotation(annotation),
        description=description or None,
        metadata=metadata,
    )(resolver)
    # Set even when empty: resolvers take **kwargs, which strawberry must not expose.
    strawberry_field.arguments = arguments or []
    return name, annotation, strawberry_field


def input_field(
    name: str, annotation: Any, description: str = ""
) -> tuple[str, Any, StrawberryField]:
    """An optional input field (absent unless the client gives it)."""
    optional = annotation | None
    return (
        name,
        optional,
        StrawberryField(
            python_name=name,
            graphql_name=name,
            type_annotation=StrawberryAnnotation(optional),
            default=strawberry.UNSET,
            description=description or None,
        ),
    )


def argument(name: str, annotation: Any, description: str = "") -> StrawberryArgument:
    """An optional field argument."""
    return StrawberryArgument(
        python_name=name,
        graphql_name=name,
        type_annotation=StrawberryAnnotation(annotation | None),
        default=strawberry.UNSET,
        description=description or None,
    )


# -- the ontology's types ------------------------------------------------------------


@dataclass(frozen=True)
class OntologyTypes:
    """The generated types a schema needs at its root, per label."""

    objects: dict[str, type]
    wheres: dict[str, type]
    sorts: dict[str, type]
    connections: dict[str, type]


LIMIT_HELP = "At most this many (capped at the server's maximum page size)."
FIRST_HELP = "Page size (capped at the server's maximum page size)."


def build_ontology_types() -> OntologyTypes:
    """Generate every object and input type of the ontology."""
    b = _TypeBuilder()
    objects = {node.label: _object_type(b, node) for node in NODE_TYPES}
    wheres = {node.label: _where_type(b, node) for node in NODE_TYPES}
    sorts = {node.label: _sort_type(b, node) for node in NODE_TYPES}
    connections = {node.label: _root_connection(b, node) for node in NODE_TYPES}
    b.finish()
    return OntologyTypes(objects, wheres, sorts, connections)


def _scalar_field(prop: Property, *, required: bool = False) -> tuple[str, Any, StrawberryField]:
    annotation = _PYTHON_TYPES[prop.kind]
    resolver = _SCALAR_RESOLVERS.get(prop.kind, _value)
    return output(
        camel(prop.name),
        annotation if required else annotation | None,
        resolver,
        description=prop.description,
    )


def _object_type(b: _TypeBuilder, node: NodeType) -> type:
    fields = [_scalar_field(p, required=p.name == node.key) for p in node.properties]
    for name, hop in node_fields(node.label).hops.items():
        target = b.ref(hop.target.label)
        if not hop.many:
            fields.append(output(name, target | None, description=hop.rel.description))
            continue
        many: Any = list[target]  # type: ignore[valid-type]
        fields.append(
            output(name, many, description=hop.rel.description, arguments=_list_args(b, hop))
        )
        fields.append(
            output(
                name + "Connection",
                _hop_connection(b, node, name, hop),
                description=f"{hop.rel.description} As a connection, with relationship properties.",
                arguments=_connection_args(b, node, name, hop),
            )
        )
    for name, derived in derived_fields(node.label).items():
        resolver, annotation = _DERIVED_OUTPUTS[name]
        fields.append(
            output(
                name,
                annotation,
                resolver,
                description=derived.description,
                arguments=[argument("first", int, FIRST_HELP)],
            )
        )
    return b.define(node.label, fields, description=node.description)


def _list_args(b: _TypeBuilder, hop: Hop) -> list[StrawberryArgument]:
    target = hop.target.label
    args = [argument("where", b.ref(target + "Where"))]
    if hop.rel.properties:
        args.append(argument("edgeWhere", b.ref(edge_props_name(hop.rel) + "Where")))
    args += [
        argument("sort", list[b.ref(target + "Sort")]),  # type: ignore[misc]
        argument("limit", int, LIMIT_HELP),
        argument("offset", int),
    ]
    return args


def _connection_args(
    b: _TypeBuilder, node: NodeType, name: str, hop: Hop
) -> list[StrawberryArgument]:
    target = hop.target.label
    args = [argument("where", b.ref(target + "Where"))]
    if hop.rel.properties:
        args.append(argument("edgeWhere", b.ref(edge_props_name(hop.rel) + "Where")))
    args += [
        argument("sort", list[_hop_sort(b, node, name, hop)]),  # type: ignore[misc]
        argument("first", int, FIRST_HELP),
        argument("after", str, "Start after this cursor."),
    ]
    return args


def _hop_connection(b: _TypeBuilder, node: NodeType, name: str, hop: Hop) -> type:
    prefix = hop_name(node.label, name)
    edge_fields = [
        output("cursor", str, _cursor),
        output("node", b.ref(hop.target.label)),
    ]
    edge_fields += [_scalar_field(prop) for prop in hop.rel.properties]
    edge = b.define(prefix + "Edge", edge_fields, description=f"One {hop.rel.type} relationship.")
    return _connection(b, prefix + "Connection", edge)


def _root_connection(b: _TypeBuilder, node: NodeType) -> type:
    edge = b.define(
        node.label + "Edge",
        [output("cursor", str, _cursor), output("node", b.ref(node.label))],
        description=f"One {node.label} in a connection.",
    )
    return _connection(b, node.label + "Connection", edge)


def _connection(b: _TypeBuilder, name: str, edge: type) -> type:
    return b.define(
        name,
        [
            output("edges", list[edge], _edges),  # type: ignore[valid-type]
            output("pageInfo", PageInfo, _page_info),
            output("totalCount", int, description="How many match, all pages together."),
        ],
        description="A page of results with cursors (Relay).",
    )


def _where_type(b: _TypeBuilder, node: NodeType) -> type:
    name = node.label + "Where"
    fields = [
        input_field(camel(p.name), _FILTERS[p.kind], p.description)
        for p in node.properties
        if p.kind in _FILTERS
    ]
    for field_name, hop in node_fields(node.label).hops.items():
        fields.append(input_field(field_name, _hop_filter(b, node, field_name, hop)))
    fields += _logical(b, name)
    return b.define(name, fields, is_input=True, description=f"Conditions on a {node.label}.")


def _logical(b: _TypeBuilder, name: str) -> list[tuple[str, Any, StrawberryField]]:
    self_type = b.ref(name)
    return [
        input_field("AND", list[self_type], "All of these hold."),  # type: ignore[valid-type]
        input_field("OR", list[self_type], "At least one of these holds."),  # type: ignore[valid-type]
        input_field("NOT", self_type, "This does not hold."),
    ]


def _hop_filter(b: _TypeBuilder, node: NodeType, name: str, hop: Hop) -> type:
    prefix = hop_name(node.label, name)
    match_fields = [input_field("node", b.ref(hop.target.label + "Where"))]
    if hop.rel.properties:
        match_fields.append(input_field("edge", _edge_where(b, hop)))
    match = b.define(
        prefix + "Match",
        match_fields,
        is_input=True,
        description=f"A {hop.rel.type} relationship and the node at its other end.",
    )
    return b.define(
        prefix + "Filter",
        [
            input_field("some", match, "At least one related node matches."),
            input_field("none", match, "No related node matches."),
            input_field("all", match, "Every related node matches."),
        ],
        is_input=True,
        description=f"Conditions on {node.label}.{name}.",
    )


def _edge_where(b: _TypeBuilder, hop: Hop) -> type:
    name = edge_props_name(hop.rel) + "Where"
    fields = [
        input_field(graphql_name, _FILTERS[prop.kind], prop.description)
        for graphql_name, prop in edge_properties(hop).items()
        if prop.kind in _FILTERS
    ]
    return b.define(
        name,
        fields + _logical(b, name),
        is_input=True,
        description=f"Conditions on a {hop.rel.type} relationship's properties.",
    )


def _sort_type(b: _TypeBuilder, node: NodeType) -> type:
    fields = [
        input_field(camel(p.name), SortDirection) for p in node.properties if p.kind in _SORTABLE
    ]
    return b.define(
        node.label + "Sort",
        fields,
        is_input=True,
        description="Sort keys, applied in the order given; give one field per entry.",
    )


def _hop_sort(b: _TypeBuilder, node: NodeType, name: str, hop: Hop) -> type:
    fields = [input_field("node", b.ref(hop.target.label + "Sort"))]
    if hop.rel.properties:
        edge_sort = b.define(
            edge_props_name(hop.rel) + "Sort",
            [
                input_field(graphql_name, SortDirection)
                for graphql_name, prop in edge_properties(hop).items()
                if prop.kind in _SORTABLE
            ],
            is_input=True,
            description=f"Sort by a {hop.rel.type} relationship's properties.",
        )
        fields.append(input_field("edge", edge_sort))
    return b.define(
        hop_name(node.label, name) + "Sort",
        fields,
        is_input=True,
        description="One sort key: on the related node or on the relationship.",
    )
