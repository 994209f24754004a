"""The one-pass completion answers exactly what graphql-core's field-by-field one does.

A small schema shaped like the generated one — a root field returning fetched maps,
fields below it reading those maps (``DirectRead``) or attributes (strawberry's basic
fields) — is executed twice per document: with :class:`ShapingExecutor` and with
strawberry's own executor. Data and errors must be equal, and plain selections must
not go through graphql-core's per-field execution at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any

import pytest
import strawberry

from personagraph.api.graphql.runtime.direct_reads import read_directly, value_at
from personagraph.api.graphql.runtime.document_cache import DocumentCache, Documents
from personagraph.api.graphql.runtime.execution import ShapingExecutor
from personagraph.api.graphql.runtime.internals import ExecutionContextBase


def _value(root: Any, info: strawberry.Info) -> Any:
    return root.get(info.path.key)


def _initials(root: Any, info: strawberry.Info) -> Any:
    return _initials_at(root, str(info.path.key))


def _initials_at(root: Any, key: str) -> str | None:
    # A reader other than the plain map lookup (value_at), like the cursor readers.
    name = root.get("name")
    return "".join(part[0] for part in name.split()) if name else None


def _shout(root: Any, info: strawberry.Info) -> str:
    return str(root["name"]).upper()


@strawberry.enum
class Mood(Enum):
    CALM = "calm"
    CROSS = "cross"


@strawberry.type
class Stamp:  # basic fields: strawberry reads the attributes
    day: int
    note: str | None = None


@strawberry.type
class Pain:
    key: str = strawberry.field(resolver=_value)
    severity: int | None = strawberry.field(resolver=_value)


@strawberry.type
class Person:
    id: str = strawberry.field(resolver=_value)
    name: str | None = strawberry.field(resolver=_value)
    initials: str | None = strawberry.field(resolver=_initials)
    mood: Mood | None = strawberry.field(resolver=_value)
    pains: list[Pain] = strawberry.field(resolver=_value)
    stamp: Stamp | None = strawberry.field(resolver=_value)
    # A resolver of its own: never answered in one pass.
    shout: str = strawberry.field(resolver=_shout)


PEOPLE: list[dict[str, Any]] = [
    {
        "id": "p1",
        "name": "Ada Lovelace",
        "mood": Mood.CALM,
        "pains": [{"key": "k1", "severity": 5}, {"key": "k2", "severity": None}],
        "stamp": Stamp(day=3),
        # The root statement keys each value by its response key (alias).
        "who": "p1",
        "again": "p1",
    },
    {
        "id": "p2",
        "name": None,
        "mood": None,
        "pains": [],
        "stamp": None,
        "who": "p2",
        "again": "p2",
    },
]


@dataclass
class Rows:
    people: list[dict[str, Any]]


def _people(info: strawberry.Info) -> list[Person]:
    return info.context.people  # type: ignore[no-any-return]


@strawberry.type
class Query:
    people: list[Person] = strawberry.field(resolver=_people)


class _Counting(ShapingExecutor):
    fields_executed = 0

    def execute_field(self, *args: Any, **kwargs: Any) -> Any:
        type(self).fields_executed += 1
        return super().execute_field(*args, **kwargs)


def _schemas() -> tuple[strawberry.Schema, strawberry.Schema]:
    fast = strawberry.Schema(query=Query, execution_context_class=_Counting)
    plain = strawberry.Schema(query=Query, execution_context_class=ExecutionContextBase)
    for schema in (fast, plain):
        read_directly(schema, {_value: value_at, _initials: _initials_at})
    return fast, plain


FAST, PLAIN = _schemas()


def _both(
    document: str, people: list[dict[str, Any]], variables: dict[str, Any] | None = None
) -> tuple[Any, Any]:
    answers = []
    for schema in (FAST, PLAIN):
        result = schema.execute_sync(document, variables, context_value=Rows(people))
        errors = [(e.message, e.path) for e in result.errors or []]
        answers.append((result.data, errors))
    return answers[0], answers[1]


@pytest.mark.parametrize(
    ("document", "variables"),
    [
        ("{ people { id name initials mood pains { key severity } stamp { day note } } }", None),
        ("{ people { who: id, again: id, __typename pains { __typename key } } }", None),
        (
            "query($s: Boolean!) { people { ...P pains @skip(if: $s) { key } } }"
            " fragment P on Person { id name }",
            {"s": True},
        ),
        (
            "query($s: Boolean!) { people { ...on Person { id } pains @include(if: $s) { key } } }",
            {"s": True},
        ),
    ],
)
def test_plain_selections_are_answered_in_one_pass_and_alike(
    document: str, variables: dict[str, Any] | None
) -> None:
    _Counting.fields_executed = 0
    fast, plain = _both(document, PEOPLE, variables)
    assert fast == plain
    assert fast[1] == []
    # Only the root field went through graphql-core's per-field execution.
    assert _Counting.fields_executed == 1


def test_a_field_with_a_resolver_of_its_own_is_left_to_graphql_core() -> None:
    _Counting.fields_executed = 0
    fast, plain = _both("{ people { id shout pains { key } } }", PEOPLE)
    assert fast == plain
    assert fast[0]["people"][0]["shout"] == "ADA LOVELACE"
    assert _Counting.fields_executed > 1


def test_a_null_where_the_schema_forbids_one_is_reported_like_graphql_core() -> None:
    broken = [*PEOPLE, {"id": None, "name": "Nobody", "pains": []}]
    fast, plain = _both("{ people { id name pains { key } } }", broken)
    assert fast == plain
    data, errors = fast
    assert data is None
    assert errors == [("Cannot return null for non-nullable field Person.id.", ["people", 2, "id"])]


def test_a_value_its_scalar_refuses_is_reported_like_graphql_core() -> None:
    broken = [{"id": "p3", "name": "Bo", "pains": [{"key": "k", "severity": "very"}]}]
    fast, plain = _both("{ people { id pains { key severity } } }", broken)
    assert fast == plain
    assert fast[0] == {"people": [{"id": "p3", "pains": [{"key": "k", "severity": None}]}]}
    assert len(fast[1]) == 1
    assert fast[1][0][1] == ["people", 0, "pains", 0, "severity"]


def test_a_list_that_is_not_a_list_is_reported_like_graphql_core() -> None:
    broken = [{"id": "p4", "name": "Cy", "pains": 7}]
    fast, plain = _both("{ people { id pains { key } } }", broken)
    assert fast == plain
    assert len(fast[1]) == 1
    assert "Expected Iterable" in fast[1][0][0]


def test_values_read_and_serialized_arrive_as_the_client_asked() -> None:
    fast, _ = _both("{ people { name initials mood stamp { day } } }", PEOPLE)
    assert fast[0]["people"] == [
        {"name": "Ada Lovelace", "initials": "AL", "mood": "CALM", "stamp": {"day": 3}},
        {"name": None, "initials": None, "mood": None, "stamp": None},
    ]


class _Compiling(ShapingExecutor):
    objects_compiled = 0

    def _compile_object(self, *args: Any, **kwargs: Any) -> Any:
        type(self).objects_compiled += 1
        return super()._compile_object(*args, **kwargs)


# The service's schema parses through the document cache: a repeated document comes as
# the same nodes, which is what lets a shape be kept from one request to the next.
DOCUMENTS = Documents(1_048_576)
CACHED = strawberry.Schema(
    query=Query, execution_context_class=_Compiling, extensions=[lambda: DocumentCache(DOCUMENTS)]
)
read_directly(CACHED, {_value: value_at, _initials: _initials_at})


def _cached(document: str, variables: dict[str, Any] | None = None) -> Any:
    result = CACHED.execute_sync(document, variables, context_value=Rows(PEOPLE))
    assert not result.errors, result.errors
    return result.data


def test_a_plain_selection_is_shaped_once_for_every_request_of_its_document() -> None:
    document = "{ people { id name pains { key severity } stamp { day } } }"
    _Compiling.objects_compiled = 0
    answers = [_cached(document) for _ in range(3)]
    assert answers[0] == answers[1] == answers[2] == _both(document, PEOPLE)[1][0]
    # people, pains and stamp, once: the next requests reuse the shape.
    assert _Compiling.objects_compiled == 3


def test_a_selection_with_directives_is_shaped_per_request_as_its_variables_say() -> None:
    document = "query ($s: Boolean!) { people { id pains @include(if: $s) { key } } }"
    _Compiling.objects_compiled = 0
    for shown in (True, False, True):
        data = _cached(document, {"s": shown})
        assert data == _both(document, PEOPLE, {"s": shown})[1][0]
        assert ("pains" in data["people"][0]) is shown
    assert _Compiling.objects_compiled >= 3
