"""A root field's selection is planned once per document field and the variables inside
it: another key, or any variable the selection does not use, plans nothing anew."""

from __future__ import annotations

from typing import Any

import pytest
from graphql import (
    DocumentNode,
    FragmentDefinitionNode,
    OperationDefinitionNode,
    get_variable_values,
    parse,
)

from personagraph.api.graphql.build import build_schema
from personagraph.api.graphql.compile import plan_cache, selection
from personagraph.api.graphql.compile.plan_cache import PlanCache, inner_variables
from personagraph.api.graphql.compile.selection import Request, root_requests
from personagraph.api.graphql.runtime.internals import core_schema
from personagraph.model.ontology import node_type

SCHEMA = core_schema(build_schema())
PERSONA = node_type("Persona")


def _request(document: DocumentNode, variables: dict[str, Any], page: int = 100) -> Request:
    operation = next(d for d in document.definitions if isinstance(d, OperationDefinitionNode))
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }
    coerced = get_variable_values(SCHEMA, operation.variable_definitions or (), variables)
    assert not isinstance(coerced, list), coerced
    [request] = root_requests(SCHEMA, fragments, coerced, operation, "Query", page)
    return request


@pytest.fixture
def planned(monkeypatch: pytest.MonkeyPatch) -> list[Request]:
    """The requests the planner was really asked to plan."""
    calls: list[Request] = []
    real = selection.plan_nodes

    def counting(request: Request, node: Any) -> Any:
        calls.append(request)
        return real(request, node)

    monkeypatch.setattr(plan_cache, "plan_nodes", counting)
    return calls


def test_another_key_is_the_same_plan(planned: list[Request]) -> None:
    cache = PlanCache()
    document = parse("query ($id: String!) { persona(id: $id) { id name painPoints { key } } }")
    plans = [cache.plan(_request(document, {"id": key}), PERSONA) for key in ("a", "b", "c")]
    assert plans[0] is plans[1] is plans[2]
    assert len(planned) == 1
    assert [scalar.key for scalar in plans[0].scalars] == ["id", "name"]


def test_a_variable_inside_the_selection_plans_anew_when_it_changes(
    planned: list[Request],
) -> None:
    cache = PlanCache()
    document = parse(
        "query ($id: String!, $n: Int, $all: Boolean!) { persona(id: $id) {"
        " painPoints(limit: $n) { key } goals @include(if: $all) { key } } }"
    )
    first = cache.plan(_request(document, {"id": "a", "n": 2, "all": False}), PERSONA)
    again = cache.plan(_request(document, {"id": "b", "n": 2, "all": False}), PERSONA)
    more = cache.plan(_request(document, {"id": "a", "n": 3, "all": False}), PERSONA)
    every = cache.plan(_request(document, {"id": "a", "n": 3, "all": True}), PERSONA)
    assert again is first
    assert [related.page.limit for related in more.lists] == [3]
    assert [related.key for related in every.lists] == ["painPoints", "goals"]
    assert len(planned) == 3


def test_another_document_or_page_size_plans_anew(planned: list[Request]) -> None:
    cache = PlanCache()
    text = 'query { persona(id: "a") { painPoints { key } } }'
    first = cache.plan(_request(parse(text), {}), PERSONA)
    cache.plan(_request(parse(text), {}), PERSONA)
    smaller = cache.plan(_request(parse(text), {}, page=5), PERSONA)
    assert first.lists[0].page.limit == 100
    assert smaller.lists[0].page.limit == 5
    assert len(planned) == 3


def test_a_bad_page_size_is_refused_every_time(planned: list[Request]) -> None:
    cache = PlanCache()
    document = parse('query ($n: Int) { persona(id: "a") { painPoints(limit: $n) { key } } }')
    for _ in range(2):
        with pytest.raises(Exception, match="more than the maximum page size"):
            cache.plan(_request(document, {"n": 500}), PERSONA)
    assert len(cache) == 0


def test_the_variables_inside_a_selection_are_found_through_fragments() -> None:
    document = parse(
        "query ($id: String!, $a: Int, $b: Boolean!, $c: String, $unused: Int) {"
        " persona(id: $id) { ...F goals(where: {key: {eq: $c}}) { key } } }"
        " fragment F on Persona { painPoints(limit: $a) { key } ... @skip(if: $b) { name } }"
    )
    request = _request(document, {"id": "x", "b": False})
    assert inner_variables(request.field_nodes, request.fragments) == {"a", "b", "c"}
