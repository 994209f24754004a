"""Every exception the Neo4j driver defines becomes a personagraph error."""

from __future__ import annotations

import inspect

import neo4j.exceptions as neo
import pytest

from personagraph.errors import (
    AuthenticationFailed,
    ConstraintViolation,
    DatabaseBusy,
    DatabaseUnavailable,
    QueryFailed,
    StoreError,
)
from personagraph.store.errors import EXCEPTION_MAP, mapped_errors, translate

DRIVER_EXCEPTIONS = [
    klass
    for _, klass in inspect.getmembers(neo, inspect.isclass)
    if issubclass(klass, Exception) and klass.__module__.startswith("neo4j")
]


@pytest.mark.parametrize("exception", DRIVER_EXCEPTIONS, ids=lambda k: k.__name__)
def test_every_driver_exception_has_a_decided_mapping(exception: type[Exception]) -> None:
    assert exception in EXCEPTION_MAP, (
        f"neo4j.exceptions.{exception.__name__} is not in EXCEPTION_MAP: decide which "
        "personagraph error it becomes"
    )


def test_a_lost_server_becomes_database_unavailable_with_advice() -> None:
    error = translate(neo.ServiceUnavailable("Couldn't connect to 127.0.0.1:7687"))

    assert isinstance(error, DatabaseUnavailable)
    assert "127.0.0.1:7687" in str(error)
    assert "personagraph neo4j start" in str(error)


def test_subclasses_map_to_the_most_specific_entry() -> None:
    assert isinstance(translate(neo.SessionExpired("gone")), DatabaseUnavailable)
    assert isinstance(translate(neo.IncompleteCommit("unknown")), DatabaseUnavailable)


def test_server_side_errors_keep_their_message() -> None:
    auth = neo.Neo4jError._hydrate_neo4j(
        code="Neo.ClientError.Security.Unauthorized", message="The client is unauthorized"
    )
    constraint = neo.Neo4jError._hydrate_neo4j(
        code="Neo.ClientError.Schema.ConstraintValidationFailed",
        message="Node(1) already exists with label `Persona` and property `id` = 'x'",
    )
    syntax = neo.Neo4jError._hydrate_neo4j(
        code="Neo.ClientError.Statement.SyntaxError", message="Invalid input 'MATC'"
    )

    assert isinstance(translate(auth), AuthenticationFailed)
    assert "NEO4J_PASSWORD" in str(translate(auth))
    assert isinstance(translate(constraint), ConstraintViolation)
    assert "property `id` = 'x'" in str(translate(constraint))
    assert isinstance(translate(syntax), QueryFailed)


def test_mapped_errors_chains_the_original_exception() -> None:
    original = neo.ServiceUnavailable("down")

    with pytest.raises(StoreError) as raised, mapped_errors():
        raise original

    assert raised.value.__cause__ is original


def test_a_transaction_too_big_for_the_server_says_how_to_give_it_memory() -> None:
    exhausted = neo.Neo4jError._hydrate_neo4j(
        code="Neo.TransientError.General.MemoryPoolOutOfMemoryError",
        message="The allocation of an extra 2.0 MiB would use more than the limit 716.8 MiB.",
    )

    error = translate(exhausted)

    assert isinstance(error, DatabaseBusy)
    assert "716.8 MiB" in str(error)
    assert "PERSONAGRAPH_NEO4J_HEAP" in str(error)
