"""The statement cache compiles once per document field and variables, and no more."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from graphql import FieldNode, NameNode, build_schema

from personagraph.api.graphql.compile.plan import CompiledQuery
from personagraph.api.graphql.compile.selection import Request
from personagraph.api.graphql.compile.statement_cache import StatementCache
from personagraph.api.graphql.runtime.internals import VariableValues

SCHEMA = build_schema("type Query { people: [String] }")


def _request(node: FieldNode, variables: dict[str, object], page_size: int = 100) -> Request:
    return Request(
        schema=SCHEMA,
        fragments={},
        variables=VariableValues(sources={}, coerced=variables),
        field_nodes=[node],
        parent_type="Query",
        max_page_size=page_size,
    )


class Compiler:
    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, request: Request) -> CompiledQuery:
        self.calls += 1
        return CompiledQuery(f"RETURN {self.calls}", dict(request.variables.coerced))


def _field() -> FieldNode:
    return FieldNode(name=NameNode(value="people"))


def test_the_same_field_and_variables_compile_once() -> None:
    cache, compile = StatementCache(), Compiler()
    node = _field()
    first = cache.statement(_request(node, {"after": "x"}), compile)
    again = cache.statement(_request(node, {"after": "x"}), compile)
    assert again is first
    assert compile.calls == 1


def test_other_variables_another_document_or_page_limit_compile_anew() -> None:
    cache, compile = StatementCache(), Compiler()
    node = _field()
    cache.statement(_request(node, {"after": "x"}), compile)
    other = cache.statement(_request(node, {"after": "y"}), compile)
    assert other.parameters == {"after": "y"}
    cache.statement(_request(_field(), {"after": "x"}), compile)  # an equal, other document
    cache.statement(_request(node, {"after": "x"}, page_size=10), compile)
    assert compile.calls == 4


def test_values_that_print_alike_but_differ_in_type_are_told_apart() -> None:
    cache, compile = StatementCache(), Compiler()
    node = _field()
    cache.statement(_request(node, {"v": 1}), compile)
    cache.statement(_request(node, {"v": "1"}), compile)
    cache.statement(_request(node, {"v": datetime(2026, 1, 1, tzinfo=UTC)}), compile)
    cache.statement(_request(node, {"v": "2026-01-01 00:00:00+00:00"}), compile)
    assert compile.calls == 4


def test_the_least_recently_used_statement_goes_first() -> None:
    cache, compile = StatementCache(size=2), Compiler()
    node = _field()
    for value in ("a", "b", "a", "c"):  # "a" used again, so "b" is the one dropped
        cache.statement(_request(node, {"v": value}), compile)
    assert len(cache) == 2
    assert compile.calls == 3
    cache.statement(_request(node, {"v": "a"}), compile)
    assert compile.calls == 3
    cache.statement(_request(node, {"v": "b"}), compile)
    assert compile.calls == 4


def test_errors_are_not_remembered() -> None:
    cache, calls = StatementCache(), []

    def refuse(request: Request) -> CompiledQuery:
        calls.append(request)
        raise ValueError("offset: -1 is negative")

    node = _field()
    for _ in range(2):
        with pytest.raises(ValueError, match="negative"):
            cache.statement(_request(node, {}), refuse)
    assert len(calls) == 2
    assert len(cache) == 0
