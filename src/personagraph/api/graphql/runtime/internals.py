"""The one door to strawberry's and graphql-core's internals.

personagraph reaches past the public API of its GraphQL libraries in a few places:
to plan a whole selection from graphql-core's resolve info, to let nested fields read
their parent's map without strawberry's per-field wrapping, and to complete plain
results in one pass (:mod:`.execution`). Every such access is in this module, so an
upgrade of strawberry or graphql-core is checked here and nowhere else, and
``tests/unit/test_library_internals.py`` fails loudly, naming the attribute, when an
upgrade moves one of them. ``pyproject.toml`` pins the ranges these were tested with.

What is relied on, and why:

- ``strawberry.Schema._schema``: the graphql-core schema strawberry builds. Nested
  fields' resolvers are replaced there by plain readers (:mod:`.direct_reads`).
- ``GraphQLCoreConverter.DEFINITION_BACKREF``: the extension key under which
  strawberry keeps each graphql-core field's ``StrawberryField``, to tell which
  resolver a field has and whether extensions or permissions guard it.
- ``strawberry.Info._raw_info``: graphql-core's ``GraphQLResolveInfo`` behind
  strawberry's ``Info``; the planner reads the field nodes, fragments and variables
  (strawberry's executor puts the plain coerced dict where graphql-core 3.3 keeps its
  ``VariableValues`` container, ``graphql.execution.values``).
- ``StrawberryGraphQLCoreExecutionContext``: strawberry's subclass of graphql-core's
  ``ExecutionContext`` (it carries the operation's extensions). The one-pass
  executor extends it and is handed to strawberry through the public
  ``execution_context_class`` argument.
- graphql-core 3.3's ``ExecutionContext.collect_subfields`` and its result's
  ``grouped_field_set``, ``new_defer_usages`` and ``forbidden_directive_instances``,
  ``FieldDetailsList``, the executor's ``fragments`` as ``FragmentDetails``, and the
  signature of ``complete_value``: the executor
  collects subfields exactly as graphql-core does and completes values it covers.
- the executor's ``middleware_manager._middleware_resolvers`` (whether any middleware
  wraps resolvers) and strawberry's ``_is_default`` mark on the resolver of a field
  without one (an attribute read that ignores ``info``).
- ``strawberry.schema.schema.validate_document``: graphql-core's ``validate`` with the
  rules strawberry adds to every schema (``@oneOf`` inputs, ``Maybe`` nulls), which
  the document cache (:mod:`.document_cache`) runs in place of strawberry's own
  ``ValidationCache`` (an undocumented module-level function there).
"""

from __future__ import annotations

from typing import Any

import strawberry
from graphql import (
    ASTValidationRule,
    DocumentNode,
    GraphQLError,
    GraphQLField,
    GraphQLObjectType,
    GraphQLResolveInfo,
    GraphQLSchema,
)
from graphql.execution.collect_fields import FieldDetailsList, FragmentDetails
from graphql.execution.values import VariableValues
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext
from strawberry.schema.schema import validate_document as _validate_document
from strawberry.schema.schema_converter import GraphQLCoreConverter
from strawberry.types.field import StrawberryField

__all__ = [
    "ExecutionContextBase",
    "FieldDetailsList",
    "FragmentDetails",
    "VariableValues",
    "core_schema",
    "has_middleware",
    "is_attribute_read",
    "resolve_info",
    "strawberry_field",
    "subfields",
    "validate_document",
    "variable_values",
]

# The executor personagraph extends (see the module docstring).
ExecutionContextBase = StrawberryGraphQLCoreExecutionContext


def core_schema(schema: strawberry.Schema) -> GraphQLSchema:
    """The graphql-core schema behind ``schema``."""
    return schema._schema


def strawberry_field(field: GraphQLField) -> StrawberryField | None:
    """The strawberry definition of a graphql-core field, if strawberry made it."""
    definition = (field.extensions or {}).get(GraphQLCoreConverter.DEFINITION_BACKREF)
    return definition if isinstance(definition, StrawberryField) else None


def resolve_info(info: strawberry.Info[Any, Any]) -> GraphQLResolveInfo[Any]:
    """graphql-core's resolve info behind strawberry's ``info``."""
    return info._raw_info


def variable_values(info: GraphQLResolveInfo[Any]) -> VariableValues:
    """The request's variables as graphql-core's argument helpers take them.

    strawberry's executor hands resolvers the plain coerced dict where graphql-core
    has its ``VariableValues`` container.
    """
    values: Any = info.variable_values
    if isinstance(values, VariableValues):
        return values
    return VariableValues(sources={}, coerced=dict(values or {}))


def subfields(
    executor: StrawberryGraphQLCoreExecutionContext,
    object_type: GraphQLObjectType,
    fields: FieldDetailsList,
) -> dict[str, FieldDetailsList] | None:
    """The subfields of ``fields`` on ``object_type`` by response key, as graphql-core
    collects them; None when a ``@defer`` or a forbidden directive is among them."""
    collected = executor.collect_subfields(object_type, fields)
    if collected.new_defer_usages or collected.forbidden_directive_instances:
        return None
    return dict(collected.grouped_field_set)


def has_middleware(executor: StrawberryGraphQLCoreExecutionContext) -> bool:
    """Whether any middleware wraps the resolvers of this execution."""
    manager = executor.middleware_manager
    return manager is not None and bool(getattr(manager, "_middleware_resolvers", None))


def is_attribute_read(resolve: Any) -> bool:
    """Whether ``resolve`` is strawberry's resolver of a field without one of its own:
    it reads the attribute of the field's name and never looks at ``info``."""
    return bool(getattr(resolve, "_is_default", False))


def validate_document(
    schema: GraphQLSchema, document: DocumentNode, rules: tuple[type[ASTValidationRule], ...]
) -> list[GraphQLError]:
    """The errors of ``document`` under ``rules`` and strawberry's own rules."""
    return _validate_document(schema, document, rules)
