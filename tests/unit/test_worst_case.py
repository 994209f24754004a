"""The worst case of a request: the product of page sizes along each path, summed."""

from __future__ import annotations

from typing import Any

import pytest
from graphql import (
    FragmentDefinitionNode,
    OperationDefinitionNode,
    get_variable_values,
    parse,
)

from personagraph.api.graphql.build import build_schema
from personagraph.api.graphql.compile.selection import root_requests
from personagraph.api.graphql.compile.worst_case import WorstCase
from personagraph.api.graphql.runtime.internals import core_schema
from personagraph.api.graphql.runtime.policy import policy_of

SCHEMA = core_schema(build_schema())


def worst(document: str, variables: dict[str, Any] | None = None, page: int = 1000) -> WorstCase:
    parsed = parse(document)
    operation = next(d for d in parsed.definitions if isinstance(d, OperationDefinitionNode))
    fragments = {
        d.name.value: d for d in parsed.definitions if isinstance(d, FragmentDefinitionNode)
    }
    coerced = get_variable_values(SCHEMA, operation.variable_definitions or (), variables or {})
    assert not isinstance(coerced, list), coerced
    root = SCHEMA.mutation_type if operation.operation.value == "mutation" else SCHEMA.query_type
    assert root is not None
    total = WorstCase(0)
    for request in root_requests(SCHEMA, fragments, coerced, operation, root.name, page):
        found = policy_of(root.fields[request.field_nodes[0].name.value])
        assert found is not None
        total += found.items(request) if found.items else WorstCase(1)
    return total


@pytest.mark.parametrize(
    ("document", "items"),
    [
        ('{ persona(id: "x") { id name } }', 1),
        ("{ personas { id } }", 1000),
        ("{ personas(limit: 0) { id painPoints { key } } }", 0),
        ("{ personas(limit: 10) { id role { title function { name } } } }", 10 + 10 + 10),
        ("{ personas(limit: 10) { painPoints(limit: 5) { personas(limit: 2) { id } } } }", 160),
        ("{ personasConnection(first: 20) { totalCount edges { node { id } } } }", 20),
        ("{ personasConnection(first: 20) { totalCount pageInfo { hasNextPage } } }", 0),
        (
            "{ personasConnection(first: 10) { edges { node { "
            "painPointsConnection(first: 3) { edges { severity node { key } } } } } } }",
            10 + 30,
        ),
        ("{ a: personas(limit: 3) { id } b: personas(limit: 4) { id } }", 7),
        (
            "{ personas(limit: 3) { a: painPoints(limit: 2) { key } b: goals(limit: 5) { key } } }",
            24,
        ),
        ('{ search(text: "x", limit: 12) { key } }', 12),
        ('{ search(text: "x") { key } }', 10),
        ("{ server { ready } archetypeDistribution { personas } }", 2),
        ('mutation { reinferArchetype(id: "x") { id painPoints(limit: 7) { key } } }', 8),
    ],
)
def test_items_are_page_sizes_multiplied_along_paths_and_summed(document: str, items: int) -> None:
    assert worst(document).items == items


def test_lists_without_a_limit_count_the_maximum_page_size() -> None:
    assert worst("{ personas { painPoints { key } } }", page=100).items == 100 + 100 * 100
    assert worst("{ personas { painPoints { key } } }").items == 1_001_000


def test_variables_fragments_and_skip_are_applied() -> None:
    document = """
    query Q($n: Int!, $deep: Boolean!) {
      personas(limit: $n) { ...P }
    }
    fragment P on Persona { id painPoints(limit: 10) @include(if: $deep) { key } }
    """
    assert worst(document, {"n": 4, "deep": True}).items == 4 + 40
    assert worst(document, {"n": 4, "deep": False}).items == 4


def test_the_path_named_is_the_largest_contribution() -> None:
    found = worst(
        "{ functions(limit: 2) { key } personas(limit: 30) { id painPoints(limit: 40) { key } } }"
    )
    assert found.items == 2 + 30 + 1200
    assert found.describe() == "personas (30) x painPoints (40)"
