"""The driver, and the :class:`Store` every other package uses to run Cypher.

Reads run with read routing as auto-commit statements, never retried: a read has
nothing to retry into place, and one that waits out the driver's retry time answers
a client 15 s late to say what it knew at once. Writes run in managed transactions
(which the driver retries on transient failures, so write statements must be
idempotent), except while the database is known to be unreachable, when they are
tried once. Batches go in as ``UNWIND $rows``. A store opened with a ``locate``
function follows the database to a new address (:mod:`~personagraph.store.address`).
Reads that do not depend on each other can run at the same time (:meth:`Store.start_read`),
each in its own session on a small pool of threads.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from threading import Lock
from typing import Any, TypeVar

import neo4j

from personagraph.errors import DatabaseUnavailable, QueryFailed
from personagraph.store.address import Address, Locate, worth_another_try
from personagraph.store.errors import mapped_errors
from personagraph.store.queries import CypherRegistry, default_registry

T = TypeVar("T")
Row = dict[str, Any]
# Threads running reads started with Store.start_read, shared by every caller of the store
# (each holds one connection while its read runs; more reads wait their turn).
CONCURRENT_READS = 8


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
        address: where the database is (:meth:`open` makes it); with one, the store
            replaces its driver when the database moves, and writes during a known
            outage are not retried.
    """

    def __init__(
        self,
        driver: neo4j.Driver,
        database: str,
        registry: CypherRegistry | None = None,
        *,
        address: Address | None = None,
    ) -> None:
        self._driver = driver
        self.database = database
        self.registry = registry or default_registry()
        self.queries_sent = 0
        self.background_queries = 0  # see AsyncReads.read_statement
        self.address = address
        self._driver_spec = address.spec if address else None
        # Replaced drivers, closed with the store: a request may still be using one.
        self._retired: list[neo4j.Driver] = []
        self._replacing = Lock()
        self._readers: ThreadPoolExecutor | None = None  # made by the first start_read

    @classmethod
    def open(
        cls,
        spec: ConnectionSpec,
        registry: CypherRegistry | None = None,
        *,
        locate: Locate | None = None,
    ) -> Store:
        """Connect to ``spec`` and check the server answers.

        Args:
            spec: where the server is now.
            registry: where statements are looked up by name.
            locate: where the server is after a restart (see :class:`Address`);
                None when its address never changes.

        Raises:
            DatabaseUnavailable: the server cannot be reached.
            AuthenticationFailed: the credentials are refused.
        """
        driver = connect(spec)
        store = cls(driver, spec.database, registry, address=Address(spec, locate))
        try:
            with mapped_errors():
                driver.verify_connectivity()
        except BaseException:
            driver.close()
            raise
        return store

    @property
    def driver(self) -> neo4j.Driver:
        """The driver for the database's current address (replaced when it moved)."""
        if self.address is not None:
            spec = self.address.current()
            if spec is not self._driver_spec:
                self._replace_driver(spec)
        return self._driver

    @property
    def spec(self) -> ConnectionSpec | None:
        """Where the database is now (None for a store made from a bare driver)."""
        return self.address.spec if self.address else None

    def close(self) -> None:
        """Close the driver and its connections (after the reads started are done)."""
        with self._replacing:
            readers, self._readers = self._readers, None
        if readers is not None:
            readers.shutdown(wait=True)
        for driver in [*self._retired, self._driver]:
            driver.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def read(self, name: str, /, **parameters: Any) -> list[Row]:
        """Run the read statement ``name`` and return its rows as dicts."""
        records = self._read(self.registry.statement(name), dict(parameters), chained=True)
        return [record.data() for record in records]

    def start_read(self, name: str, /, **parameters: Any) -> Future[list[Row]]:
        """Start the read statement ``name`` on another thread; its rows (or its error)
        come from the future's ``result()``.

        Reads started one after the other run at the same time, each in its own session,
        so several independent statements take as long as the longest of them, not their
        sum; the caller can compute meanwhile. Like :meth:`read`, a started read sees
        every write made through :meth:`write` before it.

        Raises:
            QueryNotFound: ``name`` is not a known statement (at once, not from the future).
        """
        statement = self.registry.statement(name)
        return self._reader_pool().submit(self._rows, statement, dict(parameters))

    def _rows(self, statement: str, parameters: dict[str, Any]) -> list[Row]:
        return [record.data() for record in self._read(statement, parameters, chained=True)]

    def _reader_pool(self) -> ThreadPoolExecutor:
        with self._replacing:
            if self._readers is None:
                self._readers = ThreadPoolExecutor(CONCURRENT_READS, "store-read")
            return self._readers

    def write(self, name: str, /, **parameters: Any) -> list[Row]:
        """Run the write statement ``name`` in its own retried transaction."""
        statement = self.registry.statement(name)

        def unit(tx: neo4j.ManagedTransaction) -> list[Row]:
            return [record.data() for record in tx.run(statement, parameters)]

        with self._contact(), self._write_session(chained=True) as session:
            rows = session.execute_write(unit)
        self.queries_sent += 1
        return rows

    def run_raw(self, statement: str, /, **parameters: Any) -> list[Row]:
        """Run one statement taken from a ``.cypher`` file (migrations, EXPLAIN checks)."""
        with self._contact():
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
        records = self._read(neo4j.Query(statement, timeout=timeout), dict(parameters))
        return plain_rows(records)

    def run_autocommit(self, name: str, /, **parameters: Any) -> list[Row]:
        """Run ``name`` as an auto-commit statement (needed by ``CALL … IN TRANSACTIONS``).

        Auto-commit statements are not retried: use them only where running the
        statement again is harmless.
        """
        statement = self.registry.statement(name)
        with self._contact(), self._session() as session:
            result = session.run(statement, parameters)
            rows = [record.data() for record in result]
        self.queries_sent += 1
        return rows

    def explain(self, statement: str) -> None:
        """Have the server plan ``statement`` without running it (``EXPLAIN``).

        Raises:
            QueryFailed: the statement does not compile.
        """
        with self._contact(), self._session() as session:
            session.run("EXPLAIN " + statement).consume()

    def profile(self, statement: str, /, **parameters: Any) -> dict[str, Any]:
        """Run ``statement`` under ``PROFILE`` (benchmarks): its plan as the server tells
        it, each operator with ``operatorType``, ``rows``, ``dbHits``, ``args`` and its
        ``children``."""
        with self._contact(), self._session() as session:
            summary = session.run("PROFILE " + statement, parameters).consume()
        self.queries_sent += 1
        if summary.profile is None:
            raise QueryFailed(f"the server gave no profile for: {statement[:200]}")
        return dict(summary.profile)

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
            self._contact(),
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

        with self._contact(), self._write_session() as session:
            return session.execute_write(unit)

    def _read(
        self, query: str | neo4j.Query, parameters: dict[str, Any], *, chained: bool = False
    ) -> list[neo4j.Record]:
        """One auto-commit read, tried once more at once after a quick connection failure
        (:func:`~personagraph.store.address.worth_another_try`).

        ``chained`` reads see every write made through :meth:`write` before them, also
        on a cluster (they share the driver's bookmarks).
        """
        for attempt in (1, 2):
            started = time.monotonic()
            try:
                with self._contact(), self._read_session(chained) as session:
                    records = list(session.run(query, parameters))
            except DatabaseUnavailable:
                if attempt == 2 or not worth_another_try(started):
                    raise
                continue
            self.queries_sent += 1
            return records
        raise AssertionError("unreachable: the second attempt returns or raises")

    def _read_session(self, chained: bool) -> neo4j.Session:
        driver = self.driver
        if chained:
            return driver.session(
                database=self.database,
                default_access_mode=neo4j.READ_ACCESS,
                bookmark_manager=driver.execute_query_bookmark_manager,
            )
        return driver.session(database=self.database, default_access_mode=neo4j.READ_ACCESS)

    def _write_session(self, *, chained: bool = False) -> neo4j.Session:
        """A session whose managed transactions are retried, unless the database is known
        to be unreachable: then a write fails at once rather than after the retry time."""
        driver = self.driver
        config: dict[str, Any] = {"database": self.database}
        if chained:
            config["bookmark_manager"] = driver.execute_query_bookmark_manager
        if self.address is not None and not self.address.reachable:
            config["max_transaction_retry_time"] = 0.0
        return driver.session(**config)

    def _contact(self) -> AbstractContextManager[None]:
        """Driver errors mapped to ours; with an address, the outcome is noted on it."""
        return self.address.watching() if self.address else mapped_errors()

    def _replace_driver(self, spec: ConnectionSpec) -> None:
        with self._replacing:
            if spec is self._driver_spec:
                return  # another thread has replaced it meanwhile
            self._retired.append(self._driver)
            self._driver = connect(spec)
            self._driver_spec = spec

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
    procedures = store.read("read/gds_installed")
    gds_version = (
        store.read("read/gds_version")[0]["version"] if procedures[0]["installed"] else None
    )
    neo4j_row = next((row for row in components if row["name"] == "Neo4j Kernel"), None)
    neo4j_version = neo4j_row["versions"][0] if neo4j_row else "unknown"
    edition = neo4j_row["edition"] if neo4j_row else "unknown"
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
