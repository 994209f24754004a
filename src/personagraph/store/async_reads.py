"""Compiled read statements over the driver's asyncio API, for the GraphQL service.

The service answers reads on its event loop. Through the sync driver each statement
took a worker thread, and under concurrent load the threads and the event loop took
turns at the interpreter lock; the async driver does the same work on the loop itself.
Everything else (writes, named statements, GDS) stays on :class:`~.Store`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import neo4j

from personagraph.store.connection import (
    ConnectionSpec,
    Row,
    Store,
    driver_options,
    plain_rows,
)
from personagraph.store.errors import mapped_errors


class AsyncReads:
    """Runs the GraphQL compiler's read statements; counted in ``store.queries_sent``.

    Args:
        driver: an open async driver; closed by :meth:`close`.
        store: the store whose statement count these reads add to.
    """

    def __init__(self, driver: neo4j.AsyncDriver, store: Store) -> None:
        self.driver = driver
        self.store = store

    @classmethod
    async def open(cls, spec: ConnectionSpec, store: Store) -> AsyncReads:
        """Connect to ``spec`` (must run on the event loop that will use it).

        Raises:
            DatabaseUnavailable: the server cannot be reached.
            AuthenticationFailed: the credentials are refused.
        """
        driver = neo4j.AsyncGraphDatabase.driver(spec.uri, **driver_options(spec))
        try:
            with mapped_errors():
                await driver.verify_connectivity()
        except BaseException:
            await driver.close()
            raise
        return cls(driver, store)

    async def close(self) -> None:
        """Close the driver and its connections."""
        await self.driver.close()

    async def read_statement(
        self, statement: str, parameters: Mapping[str, Any], *, timeout: float | None = None
    ) -> list[Row]:
        """What :meth:`Store.read_statement` does, without leaving the event loop.

        Raises:
            QueryTimedOut: the statement ran longer than ``timeout``.
        """
        session = self.driver.session(
            database=self.store.database, default_access_mode=neo4j.READ_ACCESS
        )
        with mapped_errors():
            async with session:
                result = await session.run(
                    neo4j.Query(statement, timeout=timeout), dict(parameters)
                )
                records = [record async for record in result]
        self.store.queries_sent += 1
        return plain_rows(records)
