"""The labels' sizes as the service last counted them, for the compiler's choices.

:mod:`personagraph.api.graphql.compile.label_sizes` says why the compiler wants them. The
counts come from Neo4j's count store in one statement (a db hit per label, well under a
millisecond), taken by the first request and then again by a request that finds them
older than ``max_age`` — in the background: that request, and every other meanwhile,
compiles with the sizes already known. A failed count leaves the sizes as they were;
with none known yet, statements decide inside Neo4j, as they would without this module.
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Final

from personagraph.api.graphql.compile.label_sizes import LabelSizes, count_statement
from personagraph.errors import PersonagraphError
from personagraph.store.async_reads import AsyncReads

__all__ = ["LabelSizeBoard"]

log = logging.getLogger(__name__)
MAX_AGE: Final = 5.0  # seconds


class LabelSizeBoard:
    """The last counted :class:`LabelSizes` of one service process."""

    def __init__(self, reads: AsyncReads, max_age: float = MAX_AGE) -> None:
        self._reads = reads
        self._max_age = max_age
        self._statement = count_statement()
        self._sizes = LabelSizes()
        self._counted_at: float | None = None
        self._counting: asyncio.Task[None] | None = None

    async def current(self) -> LabelSizes:
        """The sizes to compile with: counted now the first time, then from the last count
        (a new count starts in the background once that is older than ``max_age``)."""
        if self._counted_at is None:
            await self.count()
        elif time.monotonic() - self._counted_at > self._max_age and self._counting is None:
            self._counting = asyncio.create_task(self._count_in_background())
        return self._sizes

    async def count(self) -> None:
        """Count every label now; on failure keep what was known (and try again later)."""
        try:
            rows = await self._reads.read_statement(
                self._statement, {}, timeout=5.0, background=True
            )
        except PersonagraphError as error:
            log.warning("label sizes not counted (kept as they were): %s", error)
        else:
            self._sizes = LabelSizes.of(rows[0])
        self._counted_at = time.monotonic()

    async def _count_in_background(self) -> None:
        try:
            await self.count()
        finally:
            self._counting = None
