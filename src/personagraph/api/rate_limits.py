"""Per-caller rate limits, as token buckets every worker process shares.

Each API key has a budget per window by its role (``PERSONAGRAPH_RATE_LIMIT_READER``,
``…_EDITOR``, ``…_ADMIN``); callers without a key share one per client address
(``…_ANONYMOUS``). A request costs the most items it can return, as its plan says
(:mod:`personagraph.api.graphql.compile.worst_case`; at least 1): ``persona(id:)``
costs 1, ``personas(limit: 100) { painPoints(limit: 10) { key } }`` 1,100. The budget
refills continuously (budget / window per second) up to one whole window's budget, so
a caller may spend a window's budget at once and then as fast as it refills. A
request that does not fit is refused with ``RATE_LIMITED`` (HTTP 429) and the whole
seconds until it would fit (``Retry-After``).

**Coherent across ``serve --workers N``.** With a bucket per process a key would get
N times its budget, and dividing the budget by N would give a client on one
keep-alive connection (which stays with one worker) a Nth of it. The buckets
therefore live in one table of shared memory (``multiprocessing.RawArray``) that the
supervisor creates and hands to each worker it starts, guarded by one
cross-process lock; a take is a few microseconds. No server besides Neo4j is needed
(the ``limits`` library shares state across processes only through Redis, memcached
or MongoDB). The table has a fixed number of slots, found by a hash of the caller's
identity; when the slots a hash may use are all taken by callers seen within the
window, the one seen longest ago is replaced (it starts afresh, with a full budget).
A bucket idle for a whole window is full again, so replacing it loses nothing.
"""

from __future__ import annotations

import hashlib
import logging
import math
import multiprocessing
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from typing import Any

from personagraph.api.graphql.runtime.context import Caller, Role
from personagraph.api.graphql.runtime.errors import BadInput, RateLimited

__all__ = ["RateLimits", "SharedBuckets", "handed_buckets", "use_handed_buckets"]

_PROBES = 8  # slots a hash may use, from its own on
ORPHANED_SECONDS = 1.0  # a lock held this long is taken to be a dead worker's

log = logging.getLogger("personagraph.api")


class SharedBuckets:
    """A fixed table of token buckets in shared memory, one lock for all of them."""

    def __init__(self, slots: int = 4096) -> None:
        context = multiprocessing.get_context("spawn")
        self.slots = slots
        self._keys: Any = context.RawArray("q", slots)  # 0: free
        self._state: Any = context.RawArray("d", 2 * slots)  # tokens, last seen (monotonic)
        self._lock: Any = context.Lock()

    def take(self, identity: str, cost: float, rate: float, capacity: float, now: float) -> float:
        """Spend ``cost`` from ``identity``'s bucket (refilling ``rate`` per second up to
        ``capacity``): 0 when spent, else the seconds until it would fit (nothing spent)."""
        key = _hash(identity)
        with self._locked():
            slot = self._slot(key, now, capacity / rate)
            if self._keys[slot] == key:
                idle = max(now - self._state[2 * slot + 1], 0.0)
                tokens = min(capacity, self._state[2 * slot] + idle * rate)
            else:
                self._keys[slot] = key
                tokens = capacity
            wait = 0.0 if tokens >= cost else (cost - tokens) / rate
            self._state[2 * slot] = tokens - cost if wait == 0.0 else tokens
            self._state[2 * slot + 1] = now
        return wait

    @contextmanager
    def _locked(self) -> Iterator[None]:
        """The table's lock, taken back from a worker killed while holding it.

        A take holds the lock for microseconds; one held for ``ORPHANED_SECONDS`` was
        left by a process that died holding it (a worker killed with SIGKILL), and
        would otherwise stop every worker at its next request. It is released for
        the dead holder (a semaphore, not owned by a process) and taken again.
        """
        if not self._lock.acquire(timeout=ORPHANED_SECONDS):
            log.warning(
                "the rate limits' lock was held for %s s, by a worker that died holding it; "
                "releasing it",
                ORPHANED_SECONDS,
            )
            with suppress(ValueError):  # released by its holder meanwhile
                self._lock.release()
            self._lock.acquire()
        try:
            yield
        finally:
            # Taken for dead, a holder that was only slow finds it released already.
            with suppress(ValueError):
                self._lock.release()

    def _slot(self, key: int, now: float, refill_seconds: float) -> int:
        """The slot of ``key``: its own, else a free or refilled one, else the stalest."""
        start = key % self.slots
        candidates = [(start + step) % self.slots for step in range(_PROBES)]
        for slot in candidates:
            if self._keys[slot] == key:
                return slot
        for slot in candidates:
            if self._keys[slot] == 0 or now - self._state[2 * slot + 1] >= refill_seconds:
                return slot
        return min(candidates, key=lambda slot: float(self._state[2 * slot + 1]))


def _hash(identity: str) -> int:
    digest = hashlib.blake2b(identity.encode(), digest_size=8).digest()
    return int.from_bytes(digest, "little", signed=True) or 1


# The buckets the supervisor of `serve --workers N` handed to this worker process.
_handed: list[SharedBuckets] = []


def use_handed_buckets(buckets: SharedBuckets) -> None:
    """Make ``buckets`` the ones apps of this process use (a worker, before its app)."""
    _handed[:] = [buckets]


def handed_buckets() -> SharedBuckets | None:
    """The buckets this process shares with its sibling workers, if it is one."""
    return _handed[0] if _handed else None


@dataclass(frozen=True)
class RateLimits:
    """The budgets per role (None: callers without a key), items per ``window`` seconds;
    a budget of 0 is no limit."""

    buckets: SharedBuckets
    budgets: Mapping[Role | None, int]
    window: float
    clock: Callable[[], float] = time.monotonic

    def budget(self, caller: Caller, address: str) -> _Budget | None:
        """The budget ``caller`` (from client ``address``) spends, or None: unlimited."""
        per_window = self.budgets.get(caller.role, 0)
        if per_window <= 0:
            return None
        if caller.role is None or caller.key_id is None:
            return _Budget(self, f"address:{address}", "callers without a key", per_window)
        role = caller.role.value
        return _Budget(self, f"key:{caller.key_id}", f"{role} keys", per_window)


@dataclass(frozen=True)
class _Budget:
    limits: RateLimits
    identity: str
    who: str
    per_window: int

    def take(self, cost: int) -> None:
        window = self.limits.window
        if cost > self.per_window:
            raise BadInput(
                f"this request may return up to {cost:,} items, more than the whole rate "
                f"limit of {self.who} ({self.per_window:,} items per {window:g} s): ask for "
                "smaller pages (`limit`, `first`) or fewer nested levels"
            )
        rate = self.per_window / window
        wait = self.limits.buckets.take(
            self.identity, cost, rate, self.per_window, self.limits.clock()
        )
        if wait > 0:
            seconds = max(math.ceil(wait), 1)
            raise RateLimited(
                f"rate limit of {self.who} reached ({self.per_window:,} items per {window:g} s, "
                f"counting the most each request may return); this request may return "
                f"{cost:,}: retry in {seconds} s, or ask for smaller pages",
                retry_after=seconds,
            )
