"""Compiled read statements over the driver's asyncio API, for the GraphQL service,
and the service's readiness probe.

The service answers reads on its event loop. Through the sync driver each statement
took a worker thread, and under concurrent load the threads and the event loop took
turns at the interpreter lock; the async driver does the same work on the loop itself.
Everything else (writes, named statements, GDS) stays on :class:`~.Store`.

The probe has a driver of its own (a small pool, short timeouts, no retries) and a
time bound, so readiness is answered promptly whatever the database does and whatever
the requests have taken from the main pool. Both drivers follow the store's
:class:`~personagraph.store.address.Address`.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import neo4j

from personagraph.errors import DatabaseUnavailable, QueryFailed, QueryTimedOut, StoreError
from personagraph.store.address import Address, worth_another_try
from personagraph.store.connection import (
    ConnectionSpec,
    Row,
    ServerInfo,
    Store,
    driver_options,
    plain_rows,
)

PROBE_POOL_SIZE = 4
# How long a probe may go on after its answer was due (AsyncReads.server_state).
PROBE_GRACE_SECONDS = 10.0


@dataclass(frozen=True)
class ServerState:
    """What the readiness probe learnt: versions, and the schema migrations applied."""

    info: ServerInfo
    applied_migrations: frozenset[str]


class AsyncReads:
    """Runs the GraphQL compiler's read statements; counted in ``store.queries_sent``.

    Args:
        store: the store whose address the drivers follow and whose statement count
            these reads add to (it must have an address: open it with ``Store.open``).
        probe_timeout: seconds the readiness probe waits for the database in all.
    """

    def __init__(self, store: Store, probe_timeout: float) -> None:
        if store.address is None:
            raise StoreError("AsyncReads needs a store opened with Store.open (it has no address)")
        self.store = store
        self.probe_timeout = probe_timeout
        self._reads = _FollowingDriver(store.address, driver_options)
        self._probe = _FollowingDriver(
            store.address, lambda spec: probe_options(spec, probe_timeout)
        )
        self._asking: asyncio.Future[ServerState] | None = None

    @classmethod
    async def open(cls, store: Store, *, probe_timeout: float = 1.5) -> AsyncReads:
        """Connect to where ``store`` is (must run on the event loop that will use it).

        Raises:
            DatabaseUnavailable: the server cannot be reached.
            AuthenticationFailed: the credentials are refused.
        """
        reads = cls(store, probe_timeout)
        try:
            with reads._reads.address.watching():
                await reads._reads.current().verify_connectivity()
        except BaseException:
            await reads.close()
            raise
        # A first probe now: its statement is planned and its connection open before
        # the first readiness check, which then waits for it rather than asking anew.
        reads._start_probe()
        return reads

    async def close(self) -> None:
        """Close the drivers and their connections."""
        if self._asking is not None and not self._asking.done():
            self._asking.cancel()
            await asyncio.wait([self._asking])
        await self._reads.close()
        await self._probe.close()

    async def read_statement(
        self,
        statement: str,
        parameters: Mapping[str, Any],
        *,
        timeout: float | None = None,
        background: bool = False,
    ) -> list[Row]:
        """What :meth:`Store.read_statement` does, without leaving the event loop.

        ``background`` reads (the events outbox's tail, the webhook dispatcher) are
        counted in ``store.background_queries``, not in ``queries_sent``, which counts
        what requests send.

        Raises:
            QueryTimedOut: the statement ran longer than ``timeout``.
        """
        query = neo4j.Query(statement, timeout=timeout)
        records = await self._reads.read(query, dict(parameters), self.store.database)
        if background:
            self.store.background_queries += 1
        else:
            self.store.queries_sent += 1
        return plain_rows(records)

    async def server_state(self) -> ServerState:
        """The server's versions and applied migrations, within ``probe_timeout`` seconds.

        One probe at a time: callers that come while one is under way wait for its
        answer. A probe still running when its answer is due is not cancelled but
        left to finish (within ``PROBE_GRACE_SECONDS``), so that a server slow to plan
        its statement after a start or a schema change is not asked to start over
        at every check.

        Raises:
            DatabaseUnavailable: no answer in time, or none at all.
        """
        asking = self._start_probe()
        try:
            async with asyncio.timeout(self.probe_timeout):
                return await asyncio.shield(asking)
        except TimeoutError as exc:
            raise DatabaseUnavailable(
                f"Neo4j did not answer within {self.probe_timeout:g} s "
                "(PERSONAGRAPH_READINESS_TIMEOUT). Is the server overloaded or stopped? "
                "`personagraph neo4j status` says whether it runs."
            ) from exc

    def _start_probe(self) -> asyncio.Future[ServerState]:
        """The probe under way, or a new one."""
        if self._asking is None or self._asking.done():
            self._asking = asyncio.ensure_future(self._ask_server())
            # Read its outcome even when nobody waits for it any more.
            self._asking.add_done_callback(_outcome_read)
        return self._asking

    async def _ask_server(self) -> ServerState:
        try:
            async with asyncio.timeout(PROBE_GRACE_SECONDS):
                row = await self._server_row()
        except TimeoutError as exc:
            self._probe.address.lost()
            raise DatabaseUnavailable(
                f"Neo4j did not answer within {PROBE_GRACE_SECONDS:g} s"
            ) from exc
        info = ServerInfo(
            neo4j_version=row["neo4j_version"],
            gds_version=row["gds_version"],
            edition=row["edition"],
        )
        return ServerState(info, frozenset(row["applied_migrations"]))

    async def _server_row(self) -> Row:
        try:
            return await self._probe_row("read/server_state")
        except QueryFailed as exc:
            if isinstance(exc, QueryTimedOut) or "gds.version" not in str(exc):
                raise
            # gds.version() is an unknown function on a server without the plugin.
            return await self._probe_row("read/server_state_without_gds")

    async def _probe_row(self, name: str) -> Row:
        query = neo4j.Query(self.store.registry.statement(name), timeout=PROBE_GRACE_SECONDS)
        (record,) = await self._probe.read(query, {}, self.store.database)
        return record.data()


def probe_options(spec: ConnectionSpec, timeout: float) -> dict[str, Any]:
    """The readiness probe's driver: few connections, none waited for longer than
    ``timeout``, and no retries."""
    return {
        **driver_options(spec),
        "connection_timeout": min(spec.connection_timeout, timeout),
        "connection_acquisition_timeout": timeout,
        "max_transaction_retry_time": 0.0,
        "max_connection_pool_size": PROBE_POOL_SIZE,
    }


def _outcome_read(future: asyncio.Future[ServerState]) -> None:
    if not future.cancelled():
        future.exception()


class _FollowingDriver:
    """An async driver for the address's current spec, replaced when the address moves.

    A replaced driver is closed with this one, not at once: a request on the event
    loop may still be using it.
    """

    def __init__(
        self, address: Address, options: Callable[[ConnectionSpec], dict[str, Any]]
    ) -> None:
        self.address = address
        self._options = options
        self._spec = address.spec
        self._driver = neo4j.AsyncGraphDatabase.driver(self._spec.uri, **options(self._spec))
        self._retired: list[neo4j.AsyncDriver] = []

    def current(self) -> neo4j.AsyncDriver:
        spec = self.address.current()
        if spec is not self._spec:
            self._retired.append(self._driver)
            self._driver = neo4j.AsyncGraphDatabase.driver(spec.uri, **self._options(spec))
            self._spec = spec
        return self._driver

    async def read(
        self, query: neo4j.Query, parameters: dict[str, Any], database: str
    ) -> list[neo4j.Record]:
        """One auto-commit read, tried once more at once after a quick connection failure
        (:func:`~personagraph.store.address.worth_another_try`)."""
        for attempt in (1, 2):
            started = time.monotonic()
            try:
                with self.address.watching():
                    session = self.current().session(
                        database=database, default_access_mode=neo4j.READ_ACCESS
                    )
                    async with session:
                        result = await session.run(query, parameters)
                        return [record async for record in result]
            except DatabaseUnavailable:
                if attempt == 2 or not worth_another_try(started):
                    raise
        raise AssertionError("unreachable: the second attempt returns or raises")

    async def close(self) -> None:
        for driver in [*self._retired, self._driver]:
            await driver.close()
