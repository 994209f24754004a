"""Where the database is now, for a process that outlives a restart of it.

A local server records its address in its instance folder each time it starts;
usually it comes back on the same port, but it takes a new one when something else
holds the old one meanwhile. A :class:`Store` (and the service's
:class:`~personagraph.store.async_reads.AsyncReads`) given an :class:`Address` with a
``locate`` function asks it again at most once every ``recheck_seconds`` (when a
connection fails, and while requests come), and replaces its driver when the answer
differs. Asking is cheap (``instance.json`` is read), and asking ahead of failures
means a process never waits on an old port that something else now holds.

The address also remembers whether the database answered the last time anyone
asked, so that writes during a known outage fail at once instead of retrying.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from threading import Lock
from typing import TYPE_CHECKING, TypeAlias

from personagraph.errors import AuthenticationFailed, DatabaseUnavailable
from personagraph.store.errors import mapped_errors

if TYPE_CHECKING:
    # Only for annotations: connection.py imports this module.
    from personagraph.store.connection import ConnectionSpec

# Where the database is now, or None when that is not known (keep the last address).
Locate: TypeAlias = "Callable[[], ConnectionSpec | None]"

RECHECK_SECONDS = 1.0
# A connection failure quicker than this did not wait for a timeout (worth_another_try).
QUICK_FAILURE_SECONDS = 0.5


class Address:
    """The database's current :class:`ConnectionSpec`, shared by every driver of a process.

    Args:
        spec: where the database was found at start-up.
        locate: where it is now (None: the address never changes, as for ``NEO4J_URI``).
        recheck_seconds: the least time between two calls of ``locate``.
    """

    def __init__(
        self,
        spec: ConnectionSpec,
        locate: Locate | None = None,
        recheck_seconds: float = RECHECK_SECONDS,
    ) -> None:
        self._spec = spec
        self._locate = locate
        self.recheck_seconds = recheck_seconds
        self._checked_at = -recheck_seconds
        self._lock = Lock()
        self.reachable = True

    @property
    def spec(self) -> ConnectionSpec:
        """Where the database was last found; a new object only when the address changed."""
        return self._spec

    def current(self) -> ConnectionSpec:
        """Where to connect now (looked up again when ``recheck_seconds`` have passed)."""
        if self._locate is None or time.monotonic() - self._checked_at < self.recheck_seconds:
            return self._spec
        return self._relocate()

    def reached(self) -> None:
        """The database answered."""
        self.reachable = True

    def lost(self) -> ConnectionSpec:
        """The database did not answer: note it, and look for it again.

        Returns:
            Where to connect now (the same object when the address did not change).
        """
        self.reachable = False
        return self._relocate()

    def _relocate(self) -> ConnectionSpec:
        if self._locate is None:
            return self._spec
        # Another thread looking already: its answer serves this caller too.
        if not self._lock.acquire(blocking=False):
            return self._spec
        try:
            now = time.monotonic()
            if now - self._checked_at >= self.recheck_seconds:
                self._checked_at = now
                found = self._locate()
                if found is not None and found != self._spec:
                    self._spec = found
            return self._spec
        finally:
            self._lock.release()

    @contextmanager
    def watching(self) -> Iterator[None]:
        """Driver calls inside: errors mapped (:func:`mapped_errors`), the outcome noted.

        A lost connection, or credentials refused (another server may hold the old
        port now), sends the address looking for the database again.
        """
        try:
            with mapped_errors():
                yield
        except (DatabaseUnavailable, AuthenticationFailed):
            self.lost()
            raise
        self.reached()


def worth_another_try(started: float) -> bool:
    """Whether a connection failure that began at ``started`` (``time.monotonic()``)
    deserves one more attempt at once.

    A failure within a moment is a refused connection (the database is down: the next
    attempt costs as little) or a pooled connection the server closed when it
    restarted (the next one is new and may well work). A failure that waited for a
    timeout is not repeated.
    """
    return time.monotonic() - started < QUICK_FAILURE_SECONDS
