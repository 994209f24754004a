"""A worst case is remembered by the variables that can change it: a key given only to
``persona(id:)`` is not one of them, and a value that would not coerce never shares a
key with one that would."""

from __future__ import annotations

from typing import Any

from graphql import DocumentNode, OperationDefinitionNode, parse

from personagraph.api.graphql.build import build_schema
from personagraph.api.graphql.runtime.context import Limits
from personagraph.api.graphql.runtime.internals import core_schema
from personagraph.api.graphql.runtime.worst_case_memo import free_variables, memo_key

SCHEMA = core_schema(build_schema())
LIMITS = Limits(max_page_size=100, query_timeout=5.0, max_response_items=10_000)


def _free(text: str) -> tuple[DocumentNode, OperationDefinitionNode, frozenset[str]]:
    document = parse(text)
    operation = document.definitions[0]
    assert isinstance(operation, OperationDefinitionNode)
    root = SCHEMA.mutation_type if operation.operation.value == "mutation" else SCHEMA.query_type
    assert root is not None
    return document, operation, free_variables(document, operation, root)


def _key(text: str, variables: dict[str, Any]) -> Any:
    _, operation, free = _free(text)
    return memo_key(operation, variables, LIMITS, free)


BY_ID = "query ById($id: String!) { persona(id: $id) { id name painPoints { key } } }"


def test_a_key_given_only_to_a_read_by_key_is_free() -> None:
    assert _free(BY_ID)[2] == {"id"}
    assert _key(BY_ID, {"id": "a"}) == _key(BY_ID, {"id": "b"})
    assert _key(BY_ID, {"id": "a"}) == ("ById", '{"id": "<str>"}', 100)


def test_a_value_that_would_not_coerce_has_a_key_of_its_own() -> None:
    keys = {
        "a string": _key(BY_ID, {"id": "a"}),
        "a number": _key(BY_ID, {"id": 5}),
        "null": _key(BY_ID, {"id": None}),
        "nothing": _key(BY_ID, {}),
    }
    assert len(set(keys.values())) == len(keys)


def test_a_variable_that_can_change_the_worst_case_is_counted() -> None:
    texts = [
        # used inside the selection as well
        "query ($id: String!) { persona(id: $id) { goals(where: {key: {eq: $id}}) { key } } }",
        # given to a field that counts its arguments
        'query ($t: String!) { search(text: $t, limit: 5) { key } persona(id: "x") { id } }',
        # in a directive
        "query ($id: String!, $b: Boolean!) { persona(id: $id) @include(if: $b) { id } }",
        # not a String: whether it coerces depends on more than its type
        "query ($n: Int) { personas(limit: $n) { id } }",
    ]
    assert [sorted(_free(text)[2]) for text in texts] == [[], [], ["id"], []]
    assert _key(texts[3], {"n": 1}) != _key(texts[3], {"n": 2})


def test_reads_by_key_through_fragments_and_aliases_keep_their_keys_free() -> None:
    text = (
        "query ($a: String!, $b: String!) { ...Two }"
        " fragment Two on Query { first: persona(id: $a) { id } template(key: $b) { key } }"
    )
    assert _free(text)[2] == {"a", "b"}


def test_a_mutation_returning_one_node_counts_its_arguments() -> None:
    text = "mutation ($id: String!) { reinferArchetype(id: $id) { id } }"
    assert _free(text)[2] == frozenset()
