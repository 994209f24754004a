"""The driver, and the :class:`Store` every other package uses to run Cypher.

Reads run with read routing, writes in managed transactions (which the driver
retries on transient failures, so write statements must be idempotent), and
batches go in as ``UNWIND $rows``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, TypeVar

import neo4j

from personagraph.store.errors import mapped_errors
from personagraph.store.queries import CypherRegistry, default_registry

T = TypeVar("T")
Row = dict[str, Any]


@dataclass(frozen=True)
class ConnectionSpec:
    """Where a Neo4j server is and how to log in."""

    uri: str
    user: str
    password: str | None = field(repr=False)
    database: str = "neo4j"
    connection_timeout: float = 5.0
    transaction_retry_seconds: float = 15.0


@dataclass(frozen=True)
class ServerInfo:
    """What a reachable server reports about itself."""

    neo4j_version: str
    gds_version: str | None
    edition: str


def connect(spec: ConnectionSpec) -> neo4j.Driver:
    """A driver for ``spec`` that fails fast when the server is gone."""
    return neo4j.GraphDatabase.driver(spec.uri, **driver_options(spec))


def driver_options(spec: ConnectionSpec) -> dict[str, Any]:
    """The driver configuration for ``spec``, shared by the sync and the async driver."""
    return {
        "auth": (spec.user, spec.password) if spec.password is not None else None,
        "connection_timeout": spec.connection_timeout,
        "connection_acquisition_timeout": spec.connection_timeout * 2,
        "max_transaction_retry_time": spec.transaction_retry_seconds,
        # "Unknown label/property" notices are normal on an empty database.
        "notifications_disabled_classifications": [
            neo4j.NotificationDisabledClassification.UNRECOGNIZED
        ],
    }


def plain_rows(records: Iterable[neo4j.Record]) -> list[Row]:
    """Rows of map projections as dicts.

    The GraphQL compiler returns map projections only, so its rows need none of
    Record.data()'s recursive conversion of nodes and relationships, a large share of
    the driver's time on a wide fan-out read (docs/benchmarks.md, change 2).
    """
    return [dict(zip(record.keys(), record.values(), strict=True)) for record in records]


class Store:
    """Runs named Cypher statements against one database.

    Args:
        driver: an open driver; the store closes it in :meth:`close`.
        database: the database name.
        registry: where statements are looked up by name.
    """

    def __init__(
        self, driver: neo4j.Driver, database: str, registry: CypherRegistry | None = None
    ) -> None:
        self.driver = driver
        self.database = database
        self.registry = registry or default_registry()
        self.queries_sent = 0

    @classmethod
    def open(cls, spec: ConnectionSpec, registry: CypherRegistry | None = None) -> Store:
        """Connect to ``spec`` and check the server answers.

        Raises:
            DatabaseUnavailable: the server cannot be reached.
            AuthenticationFailed: the credentials are refused.
        """
        driver = connect(spec)
        store = cls(driver, spec.database, registry)
        try:
            with mapped_errors():
                driver.verify_connectivity()
        except BaseException:
            driver.close()
            raise
        return store

    def close(self) -> None:
        """Close the driver and its connections."""
        self.driver.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def read(self, name: str, /, **parameters: Any) -> list[Row]:
        """Run the read statement ``name`` and return its rows as dicts."""
        return self._execute(name, parameters, neo4j.RoutingControl.READ)

    def write(self, name: str, /, **parameters: Any) -> list[Row]:
        """Run the write statement ``name`` in its own retried transaction."""
        return self._execute(name, parameters, neo4j.RoutingControl.WRITE)

    def run_raw(self, statement: str, /, **parameters: Any) -> list[Row]:
        """Run one statement taken from a ``.cypher`` file (migrations, EXPLAIN checks)."""
        with mapped_errors():
            records, _, _ = self.driver.execute_query(
                statement,
                parameters,
                database_=self.database,
            )
        self.queries_sent += 1
        return [record.data() for record in records]

    def read_statement(
        self, statement: str, parameters: Mapping[str, Any], *, timeout: float | None = None
    ) -> list[Row]:
        """Run a read statement compiled at run time (the GraphQL compiler's output).

        Only the GraphQL compiler builds statements at run time, from the ontology;
        every value in them is a parameter. ``timeout`` (seconds) stops it on the server.

        Raises:
            QueryTimedOut: the statement ran longer than ``timeout``.
        """
        # An auto-commit statement: one round trip (RUN and PULL), where a managed
        # transaction adds BEGIN and COMMIT. A read has nothing to retry into place.
        with (
            mapped_errors(),
            self.driver.session(
                database=self.database, default_access_mode=neo4j.READ_ACCESS
            ) as session,
        ):
            result = session.run(neo4j.Query(statement, timeout=timeout), dict(parameters))
            records = list(result)
        self.queries_sent += 1
        return plain_rows(records)

    def run_autocommit(self, name: str, /, **parameters: Any) -> list[Row]:
        """Run ``name`` as an auto-commit statement (needed by ``CALL … IN TRANSACTIONS``).

        Auto-commit statements are not retried: use them only where running the
        statement again is harmless.
        """
        statement = self.registry.statement(name)
        with mapped_errors(), self._session() as session:
            result = session.run(statement, parameters)
            rows = [record.data() for record in result]
        self.queries_sent += 1
        return rows

    def explain(self, statement: str) -> None:
        """Have the server plan ``statement`` without running it (``EXPLAIN``).

        Raises:
            QueryFailed: the statement does not compile.
        """
        with mapped_errors(), self._session() as session:
            session.run("EXPLAIN " + statement).consume()

    @contextmanager
    def read_transaction(self, fetch_size: int = 2_000) -> Iterator[ReadTransaction]:
        """One explicit read transaction for several statements whose results stream.

        Unlike :meth:`read`, rows are not collected: each statement's records arrive
        ``fetch_size`` at a time while the caller iterates, so memory stays bounded
        whatever the result size. Not retried (a caller that streamed half a result
        cannot be replayed); the transaction is rolled back on leaving the block.
        Neo4j isolates it read-committed: it never sees uncommitted writes, but a
        write committed meanwhile may show in a later statement of the same block.
        """
        with (
            mapped_errors(),
            self.driver.session(
                database=self.database,
                default_access_mode=neo4j.READ_ACCESS,
                fetch_size=fetch_size,
            ) as session,
            session.begin_transaction() as tx,
        ):
            yield ReadTransaction(tx, self.registry, self)

    def transaction(self, work: Callable[[Transaction], T]) -> T:
        """Run ``work`` in one managed write transaction: all of it commits, or none.

        The driver may call ``work`` again after a transient failure, so it must
        only touch the database through the transaction it is given.
        """

        def unit(tx: neo4j.ManagedTransaction) -> T:
            return work(Transaction(tx, self.registry, self))

        with mapped_errors(), self._session() as session:
            return session.execute_write(unit)

    def _execute(
        self, name: str, parameters: Mapping[str, Any], routing: neo4j.RoutingControl
    ) -> list[Row]:
        statement = self.registry.statement(name)
        with mapped_errors():
            records, _, _ = self.driver.execute_query(
                statement,
                dict(parameters),
                database_=self.database,
                routing_=routing,
            )
        self.queries_sent += 1
        return [record.data() for record in records]

    @contextmanager
    def _session(self) -> Iterator[neo4j.Session]:
        with self.driver.session(database=self.database) as session:
            yield session


class Transaction:
    """Named statements inside one managed transaction (see :meth:`Store.transaction`)."""

    def __init__(self, tx: neo4j.ManagedTransaction, registry: CypherRegistry, store: Store):
        self._tx = tx
        self._registry = registry
        self._store = store

    def run(self, name: str, /, **parameters: Any) -> list[Row]:
        """Run the statement ``name`` in this transaction and return its rows."""
        statement = self._registry.statement(name)
        result = self._tx.run(statement, parameters)
        self._store.queries_sent += 1
        return [record.data() for record in result]


def probe(store: Store) -> ServerInfo:
    """Ask the server for its versions (``gds_version`` is None without GDS).

    Raises:
        DatabaseUnavailable: the server cannot be reached.
    """
    components = store.read("read/server_components")
    neo4j_row = next((row for row in components if row["name"] == "Neo4j Kernel"), None)
    neo4j_version = neo4j_row["versions"][0] if neo4j_row else "unknown"
    edition = neo4j_row["edition"] if neo4j_row else "unknown"
    procedures = store.read("read/gds_installed")
    gds_version = (
        store.read("read/gds_version")[0]["version"] if procedures[0]["installed"] else None
    )
    return ServerInfo(neo4j_version=neo4j_version, gds_version=gds_version, edition=edition)


class ReadTransaction:
    """Statements streamed in one read transaction (see :meth:`Store.read_transaction`)."""

    def __init__(self, tx: neo4j.Transaction, registry: CypherRegistry, store: Store):
        self._tx = tx
        self._registry = registry
        self._store = store

    def stream(self, name: str, /, **parameters: Any) -> Iterator[list[Any]]:
        """The rows of the statement ``name`` as lists of values, fetched as they are read."""
        statement = self._registry.statement(name)
        self._store.queries_sent += 1
        with mapped_errors():
            result = self._tx.run(statement, parameters)
            for record in result:
                yield record.values()
