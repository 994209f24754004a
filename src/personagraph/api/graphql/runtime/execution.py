"""Completing a fetched result in one pass, without graphql-core's per-field machinery.

A root read field fetches its whole selection in one statement; below it every field
only reads its parent's map (:class:`.direct_reads.DirectRead`) or an attribute
(strawberry's basic fields, e.g. ``PageInfo``). graphql-core still completes such a
result field by field: per value it builds resolve info and a path, looks up
arguments, checks for awaitables and errors. For a fan-out of about a thousand values
that was most of the time a request spent in Python.

:class:`ShapingExecutor` compiles each selection of such plain fields into nested
functions that build the response directly, applying the same scalar serializers and
null checks. A selection without directives (``@skip``, ``@include``, ``@defer``)
anywhere beneath it compiles the same whatever the variables, so its function is kept
for the next request of the same document (whose nodes the document cache keeps the
same objects); one with directives is compiled once per request. It never answers
differently: anything it does not cover — another resolver, middleware, ``@defer``,
an abstract type, a ``null`` where the schema forbids one, a reader that raises —
makes it hand that value back to graphql-core, which completes it (and reports
errors) as it always would.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from graphql import (
    FieldNode,
    FragmentSpreadNode,
    GraphQLBoolean,
    GraphQLID,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLResolveInfo,
    GraphQLScalarType,
    GraphQLString,
    InlineFragmentNode,
    SelectionNode,
    Undefined,
    is_leaf_type,
)
from graphql.pyutils import Path

from personagraph.api.graphql.compile.node_cache import NodeCache
from personagraph.api.graphql.runtime.direct_reads import DirectRead, value_at
from personagraph.api.graphql.runtime.internals import (
    ExecutionContextBase,
    FieldDetailsList,
    FragmentDetails,
    has_middleware,
    is_attribute_read,
    subfields,
)

__all__ = ["ShapingExecutor"]

Shape = Callable[[Any], Any]
# A compiled shape (or None) beside the field details list whose id keys it.
_Memo = tuple[FieldDetailsList, Shape | None]
# Shapes kept across requests, by the field nodes they complete (held weakly) and
# their return type, with whether the selection is plain (without directives: the
# same shape whatever the variables).
_KEPT: NodeCache[tuple[bool, Shape | None]] = NodeCache(1024)


class _Unshapeable(Exception):
    """A value the one-pass completion does not answer; graphql-core completes it."""


class ShapingExecutor(ExecutionContextBase):
    """graphql-core's executor, completing plain-field selections in one pass."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Keyed like graphql-core's own subfield memo: by the identity of the field
        # details list, which is kept alive beside its shape.
        self._shapes: dict[tuple[GraphQLOutputType, int], _Memo] = {}

    def complete_value(
        self,
        return_type: GraphQLOutputType,
        field_details_list: FieldDetailsList,
        info: GraphQLResolveInfo[Any],
        path: Path,
        result: Any,
        position_context: Any,
    ) -> Any:
        if result is not None and not isinstance(result, Exception):
            shape = self._shape_of(return_type, field_details_list)
            if shape is not None:
                try:
                    return shape(result)
                except Exception:  # graphql-core completes it again, reporting any error
                    pass
        return super().complete_value(
            return_type, field_details_list, info, path, result, position_context
        )

    def _shape_of(self, return_type: GraphQLOutputType, fields: FieldDetailsList) -> Shape | None:
        key = (return_type, id(fields))
        cached = self._shapes.get(key)
        if cached is None:
            shape = None if has_middleware(self) else self._kept_shape(return_type, fields)
            cached = self._shapes[key] = (fields, shape)
        return cached[1]

    def _kept_shape(self, return_type: GraphQLOutputType, fields: FieldDetailsList) -> Shape | None:
        """The shape of ``fields``, from an earlier request when it is plain."""
        if any(details.defer_usage or details.fragment_variable_values for details in fields):
            return self._compile(return_type, fields)
        nodes = [details.node for details in fields]
        found = _KEPT.get(nodes, return_type)
        if found is None:
            plain = _plain(nodes, self.fragments)
            found = (plain, self._compile(return_type, fields) if plain else None)
            _KEPT.put(nodes, return_type, found)
        plain, shape = found
        return shape if plain else self._compile(return_type, fields)

    def _compile(self, return_type: GraphQLOutputType, fields: FieldDetailsList) -> Shape | None:
        """A function completing values of ``return_type`` (null included), or None."""
        if isinstance(return_type, GraphQLNonNull):
            inner = self._compile_present(return_type.of_type, fields)
            return None if inner is None else _required(inner)
        inner = self._compile_present(return_type, fields)
        return None if inner is None else _optional(inner)

    def _compile_present(
        self, return_type: GraphQLOutputType, fields: FieldDetailsList
    ) -> Shape | None:
        """A function completing non-null values of a nullable ``return_type``, or None."""
        if isinstance(return_type, GraphQLList):
            item = self._compile(return_type.of_type, fields)
            return None if item is None else _list_of(item)
        if is_leaf_type(return_type):
            return _leaf(return_type.coerce_output_value)
        if isinstance(return_type, GraphQLObjectType):
            return self._compile_object(return_type, fields)
        return None  # interfaces and unions need their runtime type resolved

    def _compile_object(
        self, object_type: GraphQLObjectType, fields: FieldDetailsList
    ) -> Shape | None:
        if object_type.is_type_of is not None:
            return None
        grouped = subfields(self, object_type, fields)
        if grouped is None:
            return None
        # Per field: its key, how to read it (None: the parent map's entry under the
        # key, the common case), the Python type whose values the field's scalar
        # returns unchanged (a str for String), and how to complete anything else.
        entries: list[tuple[str, Callable[[Any], Any] | None, type, Shape]] = []
        for key, details in grouped.items():
            name = details[0].node.name.value
            if name == "__typename":
                entries.append((key, _constant(object_type.name), str, _identity))
                continue
            field = self.schema.get_field(object_type, name)
            if field is None:
                return None
            shape = self._compile(field.type, details)
            if shape is None:
                return None
            resolve = field.resolve
            if isinstance(resolve, DirectRead) and resolve.read is value_at:
                entries.append((key, None, _unchanged(field.type), shape))
                continue
            read = _reader(resolve, key)
            if read is None:
                return None
            entries.append((key, read, _unchanged(field.type), shape))

        def complete(source: Any) -> dict[str, Any]:
            result: dict[str, Any] = {}
            for key, read, unchanged, shape in entries:
                value = source.get(key) if read is None else read(source)
                result[key] = value if value.__class__ is unchanged else shape(value)
            return result

        return complete


def _plain(fields: list[FieldNode], fragments: Mapping[str, FragmentDetails]) -> bool:
    """Whether nothing beneath ``fields`` (through their fragments) has a directive or
    a fragment variable."""
    seen: set[str] = set()
    pending: list[SelectionNode] = []
    for field in fields:
        if field.selection_set is not None:
            pending.extend(field.selection_set.selections)
    while pending:
        selection = pending.pop()
        if selection.directives:
            return False
        if isinstance(selection, FieldNode | InlineFragmentNode):
            if selection.selection_set is not None:
                pending.extend(selection.selection_set.selections)
        elif isinstance(selection, FragmentSpreadNode):
            details = fragments.get(selection.name.value)
            if details is None or details.variable_signatures or details.definition.directives:
                return False
            if selection.name.value not in seen:
                seen.add(selection.name.value)
                pending.extend(details.definition.selection_set.selections)
    return True


class _Never:
    """A type no value has: completing it always takes the field's shape."""


# Scalars whose output coercion returns values of this exact type as they are.
_UNCHANGED: dict[GraphQLScalarType, type] = {
    GraphQLString: str,
    GraphQLID: str,
    GraphQLBoolean: bool,
}


def _unchanged(return_type: GraphQLOutputType) -> type:
    named = return_type.of_type if isinstance(return_type, GraphQLNonNull) else return_type
    return _UNCHANGED.get(named, _Never) if isinstance(named, GraphQLScalarType) else _Never


def _reader(resolve: Any, key: str) -> Callable[[Any], Any] | None:
    if isinstance(resolve, DirectRead):
        read = resolve.read
        return lambda source: read(source, key)
    if is_attribute_read(resolve):
        return lambda source: resolve(source, None)
    return None


def _optional(inner: Shape) -> Shape:
    def complete(value: Any) -> Any:
        return None if value is None or value is Undefined else inner(value)

    return complete


def _required(inner: Shape) -> Shape:
    def complete(value: Any) -> Any:
        if value is None or value is Undefined:
            raise _Unshapeable
        return inner(value)

    return complete


def _list_of(item: Shape) -> Shape:
    def complete(value: Any) -> list[Any]:
        if not isinstance(value, list | tuple):
            raise _Unshapeable
        return [item(element) for element in value]

    return complete


def _leaf(coerce: Callable[[Any], Any]) -> Shape:
    def complete(value: Any) -> Any:
        coerced = coerce(value)
        if coerced is None or coerced is Undefined:
            raise _Unshapeable
        return coerced

    return complete


def _constant(value: str) -> Callable[[Any], str]:
    return lambda _source: value


def _identity(value: Any) -> Any:
    return value
