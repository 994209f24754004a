"""The per-process serving cache of persona and template reads by key.

Each worker of the service keeps the properties of the personas and templates it was
asked for, and answers ``persona(id:)`` and ``template(key:)`` from them while nothing
changed. What "nothing changed" means is the graph's change sequence
(:mod:`.sequence`), which every transaction changing a persona or a template moves:

- a read that finds the last check older than ``check_interval`` seconds first reads
  the sequence (one index seek); if it moved, the cache empties (a *refresh*);
- reads arriving while that check is in flight wait for it, so none is answered from
  an entry the check is about to drop;
- an entry fetched while a refresh happened is not kept (it may predate the change).

So a write committed at time *t*, by any worker or the CLI, is seen by every worker's
reads from *t* + ``check_interval`` (plus one check's round trip) on: 0.25 s by
default, well within a second. A quiet service costs nothing (no polling); a busy one
one sequence read per interval per worker.
"""

from __future__ import annotations

import asyncio
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from personagraph.serving.sequence import SequenceState, state_of
from personagraph.store.async_reads import AsyncReads
from personagraph.store.queries import CypherRegistry

__all__ = ["CacheStatus", "ServingCache"]

_LOADS = {
    "Persona": ("read/serving/persona_by_id", "id"),
    "Template": ("read/serving/template_by_key", "key"),
}
Props = dict[str, Any]


@dataclass(frozen=True)
class CacheStatus:
    """What the cache holds and how fresh it is (seconds; None before the first check)."""

    sequence: int | None
    age_seconds: float | None
    checked_seconds_ago: float | None
    entries: int
    hits: int
    misses: int
    refreshes: int
    check_interval: float


class ServingCache:
    """Persona and template properties by key, kept coherent with the graph.

    Args:
        reads: the app's async reads (the event loop's driver).
        registry: where the serving statements are found.
        check_interval: seconds between checks of the change sequence.
        max_entries: entries kept, least recently used dropped first.
        clock: monotonic seconds (tests and benches may pass their own).
    """

    def __init__(
        self,
        reads: AsyncReads,
        registry: CypherRegistry,
        check_interval: float,
        max_entries: int,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.reads = reads
        self.check_interval = check_interval
        self.max_entries = max_entries
        self.clock = clock
        self.hits = self.misses = self.refreshes = 0
        self._statements = {label: registry.statement(name) for label, (name, _) in _LOADS.items()}
        self._sequence_statement = registry.statement("read/serving/sequence")
        self._entries: OrderedDict[tuple[str, str], Props | None] = OrderedDict()
        self._position: tuple[str | None, int] | None = None
        self._generation = 0
        self._checked_at: float | None = None
        self._refreshed_at: float | None = None
        self._check: asyncio.Future[None] | None = None

    @staticmethod
    def serves(label: str) -> bool:
        """Whether reads of ``label`` by key go through the cache."""
        return label in _LOADS

    async def get(self, label: str, key: str) -> Props | None:
        """The properties of the ``label`` node ``key`` (None: no such node).

        The mapping is shared: callers read it, never change it.
        """
        await self._fresh()
        entry = (label, key)
        if entry in self._entries:
            self.hits += 1
            self._entries.move_to_end(entry)
            return self._entries[entry]
        self.misses += 1
        generation = self._generation
        props = await self._load(label, key)
        if generation == self._generation:
            self._entries[entry] = props
            if len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)
        return props

    def status(self) -> CacheStatus:
        now = self.clock()
        return CacheStatus(
            sequence=None if self._position is None else self._position[1],
            age_seconds=None if self._refreshed_at is None else now - self._refreshed_at,
            checked_seconds_ago=None if self._checked_at is None else now - self._checked_at,
            entries=len(self._entries),
            hits=self.hits,
            misses=self.misses,
            refreshes=self.refreshes,
            check_interval=self.check_interval,
        )

    async def _fresh(self) -> None:
        if self._check is not None:
            await asyncio.shield(self._check)
            return
        now = self.clock()
        if self._checked_at is not None and now - self._checked_at < self.check_interval:
            return
        self._check = asyncio.get_running_loop().create_future()
        try:
            rows = await self.reads.read_statement(self._sequence_statement, {})
            self._compare(state_of(rows[0]), now)
            self._check.set_result(None)
        except BaseException as exc:
            self._check.set_exception(exc)
            self._check.exception()  # retrieved: the waiters re-raise it, nobody else must
            raise
        finally:
            self._check = None

    def _compare(self, state: SequenceState, started: float) -> None:
        # The check counts from when it started: a write committed after that instant
        # may not be in what it read.
        self._checked_at = started
        if state.position == self._position:
            return
        if self._position is not None:
            self.refreshes += 1
        self._entries.clear()
        self._generation += 1
        self._position = state.position
        self._refreshed_at = started

    async def _load(self, label: str, key: str) -> Props | None:
        _, argument = _LOADS[label]
        rows = await self.reads.read_statement(self._statements[label], {argument: key})
        return rows[0]["props"] if rows else None
