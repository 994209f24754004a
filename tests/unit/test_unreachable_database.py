"""With no database at the address, requests fail at once and say so; nothing waits for retries.

A real driver against a loopback port nobody listens on: the connection is refused,
as it is while a local server restarts.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest

from personagraph.api.api_keys import KeyRing
from personagraph.api.graphql.runtime.context import Caller
from personagraph.errors import DatabaseUnavailable
from personagraph.neo4j_local.ports import free_port
from personagraph.store import Store
from personagraph.store.address import Address
from personagraph.store.connection import ConnectionSpec, connect

# The driver logs this before each retry of a managed transaction.
RETRIED = "will be retried"


@pytest.fixture
def unreachable() -> Iterator[Store]:
    spec = ConnectionSpec(
        uri=f"bolt://127.0.0.1:{free_port()}",
        user="neo4j",
        password="never-checked",
        connection_timeout=1.0,
        transaction_retry_seconds=15.0,
    )
    with Store(connect(spec), spec.database, address=Address(spec)) as store:
        yield store


def test_a_read_is_not_retried(unreachable: Store, caplog: pytest.LogCaptureFixture) -> None:
    with pytest.raises(DatabaseUnavailable, match="personagraph neo4j start"):
        unreachable.read("read/gds_version")

    assert RETRIED not in caplog.text
    assert unreachable.address is not None
    assert unreachable.address.reachable is False


def test_a_write_during_a_known_outage_is_not_retried(
    unreachable: Store, caplog: pytest.LogCaptureFixture
) -> None:
    with pytest.raises(DatabaseUnavailable):
        unreachable.read("read/gds_version")
    caplog.set_level(logging.WARNING)

    with pytest.raises(DatabaseUnavailable):
        unreachable.write("write/api_keys/revoke", key="nobody")

    assert RETRIED not in caplog.text


def test_an_api_key_that_cannot_be_checked_makes_an_unavailable_caller(
    unreachable: Store,
) -> None:
    found = KeyRing().caller(unreachable, "pgk_0123456789ab_secret")

    assert isinstance(found, Caller)
    assert found.role is None
    assert found.unavailable is True
    assert found.problem is not None
    assert "could not be checked" in found.problem


def test_a_key_that_could_not_be_checked_is_not_remembered(unreachable: Store) -> None:
    keys = KeyRing()
    keys.caller(unreachable, "pgk_0123456789ab_secret")
    # The next request looks again (the service sends that look-up to a thread).
    assert keys.remembered("pgk_0123456789ab_secret") is None


def test_a_refused_key_is_remembered_and_answered_without_the_store(unreachable: Store) -> None:
    keys = KeyRing(refusal_seconds=60)
    assert keys.remembered("not-a-key") is None
    refused = keys.caller(unreachable, "not-a-key")
    assert isinstance(refused, str)
    assert "malformed" in refused
    # What the service asks on the event loop before it would hop to a thread.
    assert keys.remembered("not-a-key") == refused
    briefly = KeyRing(refusal_seconds=0)
    briefly.caller(unreachable, "not-a-key")
    assert briefly.remembered("not-a-key") is None
