"""Every exception the GDS client defines becomes a personagraph error, at one seam."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import graphdatascience.error
import neo4j.exceptions as neo
import pytest
from graphdatascience.error.gds_not_installed import GdsNotFound
from graphdatascience.error.unable_to_connect import UnableToConnectError

from personagraph.analytics.gds import CLIENT_EXCEPTION_MAP, mapped_gds_errors
from personagraph.errors import DatabaseUnavailable, QueryFailed, StoreError

CLIENT_EXCEPTIONS = sorted(
    {
        klass
        for module in pkgutil.iter_modules(graphdatascience.error.__path__)
        for _, klass in inspect.getmembers(
            importlib.import_module(f"graphdatascience.error.{module.name}"), inspect.isclass
        )
        if issubclass(klass, Exception) and klass.__module__.startswith("graphdatascience.error")
    },
    key=lambda klass: klass.__name__,
)


def test_the_client_defines_the_exceptions_this_test_walks() -> None:
    assert {UnableToConnectError, GdsNotFound} <= set(CLIENT_EXCEPTIONS)


@pytest.mark.parametrize("exception", CLIENT_EXCEPTIONS, ids=lambda k: k.__name__)
def test_every_client_exception_has_a_decided_mapping(exception: type[Exception]) -> None:
    assert exception in CLIENT_EXCEPTION_MAP, (
        f"graphdatascience {exception.__name__} is not in CLIENT_EXCEPTION_MAP: decide which "
        "personagraph error it becomes"
    )


def test_an_unreachable_server_says_how_to_start_one() -> None:
    with pytest.raises(DatabaseUnavailable, match="personagraph neo4j start"), mapped_gds_errors():
        raise UnableToConnectError("Unable to connect to the Neo4j DBMS")


def test_a_procedure_the_server_refuses_is_a_query_failure_with_its_message() -> None:
    refused = neo.Neo4jError._hydrate_neo4j(
        code="Neo.ClientError.Procedure.ProcedureCallFailed",
        message="Graph with name `gone` does not exist on database `neo4j`.",
    )
    with pytest.raises(QueryFailed, match="`gone` does not exist") as raised, mapped_gds_errors():
        raise refused
    assert raised.value.__cause__ is refused


def test_our_own_errors_pass_through_unchanged() -> None:
    mine = StoreError("already ours")
    with pytest.raises(StoreError) as raised, mapped_gds_errors():
        raise mine
    assert raised.value is mine
