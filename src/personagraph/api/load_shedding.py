"""Load shedding: a bounded number of GraphQL operations at once per worker process.

Every operation talks to Neo4j (its API key, its statements), and Neo4j answers a
few at a time; past that, more operations in flight only make a longer queue. 2,000
requests a second once took the slowest 1% to 19 s, every one of them still waiting
its turn. Each worker therefore lets at most ``PERSONAGRAPH_MAX_IN_FLIGHT``
operations run at once; the next ones wait for a slot, up to
``PERSONAGRAPH_QUEUE_TIMEOUT`` seconds, and are then refused with ``OVERLOADED``
(HTTP 503, ``Retry-After: 1``). An admitted request thus waits at most that long
before it runs, however many arrive, and a refused one learns so at once rather
than after the timeouts of its client.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from personagraph.api.graphql.runtime.errors import OVERLOADED
from personagraph.api.graphql.runtime.transport import TransportError

__all__ = ["OperationSlots"]

RETRY_SECONDS = 1


class OperationSlots:
    """At most ``limit`` operations at once; others wait up to ``wait`` seconds."""

    def __init__(self, limit: int, wait: float) -> None:
        self.limit = limit
        self.wait = wait
        self.in_flight = 0
        self.shed = 0
        self._free = asyncio.Semaphore(limit)

    @asynccontextmanager
    async def slot(self) -> AsyncIterator[None]:
        """Hold one slot while the block runs.

        Raises:
            TransportError: 503 ``OVERLOADED``, no slot came free within ``wait``.
        """
        try:
            if self._free.locked():
                await asyncio.wait_for(self._free.acquire(), self.wait)
            else:
                # Free: taken at once (wait_for would give up on a zero wait even so).
                await self._free.acquire()
        except TimeoutError:
            self.shed += 1
            raise TransportError(
                503,
                OVERLOADED,
                f"the service is at capacity ({self.limit} operations at once per worker, "
                f"none finished within {self.wait:g} s): retry in {RETRY_SECONDS} s",
                {"Retry-After": str(RETRY_SECONDS)},
            ) from None
        self.in_flight += 1
        try:
            yield
        finally:
            self.in_flight -= 1
            self._free.release()
