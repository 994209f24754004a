"""Fields below the root read the fetched maps straight from graphql-core.

The root resolver fetches a whole selection in one statement; every field below it
only reads a value from its parent's map (the readers of ``schema.ontology_types``). Through
strawberry, each such read also converts the field's arguments into input objects
— ``where`` and ``sort`` of every nested list, on every row — which the compiler has
already read from the document. In a profile of a three-level connection that was
about half of the time the service spent executing the result; answering the field
with the reader itself removes it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import strawberry
from graphql import GraphQLObjectType, GraphQLResolveInfo

from personagraph.api.graphql.runtime.internals import core_schema, strawberry_field

Reader = Callable[[Any, str], Any]


def value_at(root: Any, key: str) -> Any:
    """The reader of most fields: the parent map's entry under the field's response key."""
    return root.get(key)


class DirectRead:
    """A graphql-core resolver that reads the parent's map under the field's response key.

    :mod:`.execution` recognises these and calls :attr:`read` itself.
    """

    __slots__ = ("read",)

    def __init__(self, read: Reader) -> None:
        self.read = read

    def __call__(self, source: Any, info: GraphQLResolveInfo[Any], **_arguments: Any) -> Any:
        # The arguments were read from the document by the compiler already.
        return self.read(source, str(info.path.key))


def read_directly(schema: strawberry.Schema, readers: Mapping[Any, Reader]) -> int:
    """Let graphql-core call ``readers`` without strawberry's per-field wrapping.

    ``readers`` maps each strawberry resolver to the reader it calls. Only fields
    with no field extensions and no permission classes are changed, so nothing that
    checks or transforms a field is bypassed.

    Returns:
        How many fields now read directly.
    """
    changed = 0
    for graphql_type in core_schema(schema).type_map.values():
        if not isinstance(graphql_type, GraphQLObjectType):
            continue
        for field in graphql_type.fields.values():
            definition = strawberry_field(field)
            if definition is None or definition.base_resolver is None:
                continue
            if definition.extensions or definition.permission_classes:
                continue
            reader = readers.get(definition.base_resolver.wrapped_func)
            if reader is not None:
                field.resolve = DirectRead(reader)
                changed += 1
    return changed
