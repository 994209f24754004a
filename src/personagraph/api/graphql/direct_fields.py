"""Fields below the root read the fetched maps straight from graphql-core.

The root resolver fetches a whole selection in one statement; every field below it
only reads a value from its parent's map (``schema_types``' readers). Through
strawberry, each such read also converts the field's arguments into input objects
— ``where`` and ``sort`` of every nested list, on every row — which the compiler has
already read from the document. In a profile of a three-level connection that was
about half of the time the service spent executing the result; answering the field
with the reader itself removes it.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import Any

import strawberry
from graphql import GraphQLObjectType
from strawberry.schema.schema_converter import GraphQLCoreConverter
from strawberry.types.field import StrawberryField

Reader = Callable[[Any, Any], Any]


def read_directly(schema: strawberry.Schema, readers: Collection[Reader]) -> int:
    """Let graphql-core call ``readers`` without strawberry's per-field wrapping.

    Only fields with no field extensions and no permission classes are changed, so
    nothing that checks or transforms a field is bypassed.

    Returns:
        How many fields now read directly.
    """
    changed = 0
    for graphql_type in schema._schema.type_map.values():
        if not isinstance(graphql_type, GraphQLObjectType):
            continue
        for field in graphql_type.fields.values():
            definition = (field.extensions or {}).get(GraphQLCoreConverter.DEFINITION_BACKREF)
            if not isinstance(definition, StrawberryField) or definition.base_resolver is None:
                continue
            if definition.extensions or definition.permission_classes:
                continue
            wrapped = definition.base_resolver.wrapped_func
            reader = next((known for known in readers if known is wrapped), None)
            if reader is not None:
                field.resolve = _direct(reader)
                changed += 1
    return changed


def _direct(reader: Reader) -> Callable[..., Any]:
    def resolve(source: Any, info: Any, **_arguments: Any) -> Any:
        # ``info`` is graphql-core's; the readers use only ``info.path.key`` (the
        # response key), which strawberry's Info merely forwards.
        return reader(source, info)

    return resolve
