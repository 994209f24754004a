"""Writing audit rows to the graph in batches, off the request's path.

:meth:`DecisionRecorder.record` only appends to a bounded queue; a background thread
writes what has gathered every ``interval`` seconds (sooner once a batch is full), in
one statement per batch. A failed write is retried with the next flush and its rows
kept, up to the queue's capacity; past it the oldest rows are dropped and counted, so
a database outage never grows memory without bound nor blocks a request.
"""

from __future__ import annotations

import logging
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

__all__ = ["DecisionRecorder", "RecorderStats"]

log = logging.getLogger("personagraph.routing")
Write = Callable[[list[dict[str, Any]]], None]


@dataclass(frozen=True)
class RecorderStats:
    """Rows recorded, written, waiting, dropped (queue full) and failed write attempts."""

    recorded: int
    written: int
    pending: int
    dropped: int
    failed_writes: int


class DecisionRecorder:
    """A bounded queue of audit rows and the thread that writes them.

    Args:
        write: writes one batch (e.g. the store's ``write/routing/record_decisions``).
        batch_size: rows per write at most.
        interval: seconds between flushes when fewer than ``batch_size`` rows wait.
        capacity: rows kept at most while the database does not take them.
    """

    def __init__(
        self, write: Write, batch_size: int = 500, interval: float = 0.5, capacity: int = 50_000
    ) -> None:
        self._write = write
        self.batch_size = batch_size
        self.interval = interval
        self._queue: deque[dict[str, Any]] = deque()
        self._capacity = capacity
        self._lock = threading.Lock()
        self._flush_lock = threading.Lock()
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self._recorded = self._written = self._dropped = self._failed = 0

    def record(self, row: dict[str, Any]) -> None:
        """Queue one row; never blocks on the database."""
        with self._lock:
            if len(self._queue) >= self._capacity:
                self._queue.popleft()
                self._dropped += 1
            self._queue.append(row)
            self._recorded += 1
            full = len(self._queue) >= self.batch_size
        if full:
            self._wake.set()

    def start(self) -> None:
        """Start the background writer (a daemon thread)."""
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="routing-audit", daemon=True)
            self._thread.start()

    def close(self, timeout: float = 10.0) -> None:
        """Stop the writer and write what is left (as far as the database takes it)."""
        self._stopping.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None
        self.flush()

    def flush(self) -> int:
        """Write every queued row now, batch by batch; returns the rows written.

        Stops at the first failed batch (its rows stay queued).
        """
        written = 0
        with self._flush_lock:
            while True:
                with self._lock:
                    batch = [
                        self._queue.popleft() for _ in range(min(self.batch_size, len(self._queue)))
                    ]
                if not batch:
                    return written
                try:
                    self._write(batch)
                except Exception:  # any failure: keep the rows, say why in the log
                    log.exception("writing %d routing decisions failed; will retry", len(batch))
                    self._requeue(batch)
                    return written
                written += len(batch)
                with self._lock:
                    self._written += len(batch)

    def stats(self) -> RecorderStats:
        with self._lock:
            return RecorderStats(
                self._recorded, self._written, len(self._queue), self._dropped, self._failed
            )

    def _requeue(self, batch: list[dict[str, Any]]) -> None:
        with self._lock:
            self._failed += 1
            room = self._capacity - len(self._queue)
            kept = batch[-room:] if room > 0 else []
            self._dropped += len(batch) - len(kept)
            self._queue.extendleft(reversed(kept))

    def _run(self) -> None:
        while not self._stopping.is_set():
            self._wake.wait(self.interval)
            self._wake.clear()
            self.flush()
