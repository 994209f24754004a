"""The internals of strawberry and graphql-core that ``runtime/internals.py`` relies on.

An upgrade that moves or renames one of them fails here, naming it, rather than
somewhere deep in a request. Each test runs the seam on a real schema.
"""

from __future__ import annotations

import inspect
from pathlib import Path
from typing import Any

import pytest
import strawberry
from graphql import GraphQLObjectType, GraphQLSchema, parse, specified_rules

from personagraph.api.graphql.runtime import internals
from personagraph.api.graphql.runtime.execution import ShapingExecutor

pytestmark = pytest.mark.unit

SRC = Path(__file__).resolve().parents[2] / "src"
PRIVATE_NAMES = (
    "._schema",
    "._raw_info",
    "_is_default",
    "_middleware_resolvers",
    "collect_subfields",
    "new_defer_usages",
    "forbidden_directive_instances",
    "DEFINITION_BACKREF",
    "StrawberryGraphQLCoreExecutionContext",
    "graphql.execution.values",
    "graphql.execution.collect_fields",
    "strawberry.schema.schema",
)


def _resolve_greeting(info: strawberry.Info, times: int = 1) -> str:
    seen["info"] = info
    return "hello" * times


seen: dict[str, Any] = {}


@strawberry.type
class Query:
    greeting: str = strawberry.field(resolver=_resolve_greeting)
    plain: str = "attribute"


SCHEMA = strawberry.Schema(query=Query, execution_context_class=ShapingExecutor)


def test_the_graphql_core_schema_is_reachable() -> None:
    core = internals.core_schema(SCHEMA)
    assert isinstance(core, GraphQLSchema), "strawberry.Schema._schema is gone or changed"
    assert isinstance(core.type_map["Query"], GraphQLObjectType)


def test_each_field_knows_its_strawberry_definition() -> None:
    query = internals.core_schema(SCHEMA).type_map["Query"]
    assert isinstance(query, GraphQLObjectType)
    definition = internals.strawberry_field(query.fields["greeting"])
    assert definition is not None, "GraphQLCoreConverter.DEFINITION_BACKREF no longer works"
    assert definition.base_resolver is not None
    assert definition.base_resolver.wrapped_func is _resolve_greeting


def test_a_field_without_a_resolver_is_recognised_as_an_attribute_read() -> None:
    query = internals.core_schema(SCHEMA).type_map["Query"]
    assert isinstance(query, GraphQLObjectType)
    assert internals.is_attribute_read(query.fields["plain"].resolve), (
        "strawberry's default resolver lost its `_is_default` mark"
    )
    assert not internals.is_attribute_read(query.fields["greeting"].resolve)


def test_resolve_info_and_variables_come_from_strawberrys_info() -> None:
    result = SCHEMA.execute_sync(
        "query Q($x: Int!) { greeting(times: $x) }", variable_values={"x": 3}
    )
    assert result.errors is None
    raw = internals.resolve_info(seen["info"])
    assert raw.field_name == "greeting", "strawberry.Info._raw_info is gone or changed"
    assert [node.name.value for node in raw.field_nodes] == ["greeting"]
    assert internals.variable_values(raw).coerced == {"x": 3}


def test_the_executor_collects_subfields_as_graphql_core_does() -> None:
    parameters = inspect.signature(internals.ExecutionContextBase.collect_subfields).parameters
    assert list(parameters)[1:] == ["return_type", "field_details_list"], (
        "graphql-core's ExecutionContext.collect_subfields changed its signature"
    )
    complete = inspect.signature(internals.ExecutionContextBase.complete_value).parameters
    assert list(complete)[1:] == [
        "return_type",
        "field_details_list",
        "info",
        "path",
        "result",
        "position_context",
    ], "graphql-core's ExecutionContext.complete_value changed its signature"
    result = SCHEMA.execute_sync("{ greeting plain }", root_value=Query())
    assert result.data == {"greeting": "hello", "plain": "attribute"}


def test_the_executor_keeps_fragments_and_field_details_as_the_shapes_read_them() -> None:
    seen_by: dict[str, Any] = {}

    class Looking(ShapingExecutor):
        def complete_value(self, *args: Any, **kwargs: Any) -> Any:
            seen_by["fragments"] = dict(self.fragments)
            seen_by["details"] = list(args[1])
            return super().complete_value(*args, **kwargs)

    schema = strawberry.Schema(query=Query, execution_context_class=Looking)
    result = schema.execute_sync("{ ...F } fragment F on Query { greeting }", root_value=Query())
    assert result.data == {"greeting": "hello"}
    fragment = seen_by["fragments"]["F"]
    assert isinstance(fragment, internals.FragmentDetails), "executor.fragments changed"
    assert fragment.definition.name.value == "F"
    assert fragment.variable_signatures is None
    [details] = seen_by["details"]
    assert details.node.name.value == "greeting", "FieldDetails.node changed"
    assert details.defer_usage is None
    assert details.fragment_variable_values is None


def test_private_library_names_appear_in_exactly_one_module() -> None:
    users = {
        path.relative_to(SRC).as_posix()
        for path in SRC.rglob("*.py")
        for name in PRIVATE_NAMES
        if name in path.read_text(encoding="utf-8")
    }
    assert users == {"personagraph/api/graphql/runtime/internals.py"}


@strawberry.input(one_of=True)
class Choice:
    a: str | None = strawberry.UNSET
    b: str | None = strawberry.UNSET


@strawberry.type
class ChoiceQuery:
    @strawberry.field
    def pick(self, choice: Choice) -> str:
        return "picked"


def test_documents_are_validated_with_strawberrys_own_rules() -> None:
    schema = strawberry.Schema(query=ChoiceQuery)
    core = internals.core_schema(schema)
    document = parse('{ pick(choice: {a: "x", b: "y"}) }')
    errors = internals.validate_document(core, document, tuple(specified_rules))
    assert errors, "strawberry's validate_document no longer adds its @oneOf rule"
    assert "exactly one key" in errors[0].message
    assert not internals.validate_document(core, parse('{ pick(choice: {a: "x"}) }'), ())
