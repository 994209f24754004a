"""Exports running in the background, and their status, for the API.

``ExportJobs.start`` runs :func:`run_export` in a thread and returns at once; the
status of a job (running, rows per table so far, finished, failed with the reason)
can be read at any time, from any thread. ``cancel`` asks a running job to stop: it
fails at its next batch and publishes nothing.

A job runs in the server, whose working directory is nobody's business: a file or
folder target must be an absolute path. The job's id is the export's id, written into
the target's marker.
"""

from __future__ import annotations

import os
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path

from personagraph.errors import ExportInterrupted, ExportTargetUnavailable, PersonagraphError
from personagraph.export.mapping import Target
from personagraph.export.run import ExportRequest, run_export
from personagraph.store import Store

__all__ = ["ExportJobs", "ExportState", "ExportStatus", "progress", "require_absolute"]


def require_absolute(request: ExportRequest) -> None:
    """Refuse a file or folder target given as a relative path.

    Raises:
        ExportTargetUnavailable: naming the path and how to give it.
    """
    if request.format is Target.POSTGRES or os.path.isabs(request.to):
        return
    raise ExportTargetUnavailable(
        f"to: {request.to!r} is a relative path, which the server would resolve against "
        "its own working directory. Give an absolute path, e.g. "
        f"/srv/exports/{Path(request.to).name or 'personas'}."
    )


class ExportState(StrEnum):
    RUNNING = "running"
    FINISHED = "finished"
    FAILED = "failed"


@dataclass(frozen=True)
class ExportStatus:
    """A snapshot of one job.

    Attributes:
        rows: rows written so far per table (all of them once finished).
        totals: the expected rows per table where known (None: unknown), for progress.
        error: why it failed, in words.
    """

    id: str
    request: ExportRequest
    state: ExportState
    started_at: datetime
    finished_at: datetime | None = None
    rows: dict[str, int] = field(default_factory=dict)
    totals: dict[str, int | None] = field(default_factory=dict)
    dropped: dict[str, int] = field(default_factory=dict)
    error: str | None = None


def progress(status: ExportStatus) -> tuple[float | None, str]:
    """How far ``status`` got: a percent of the rows expected (None while any table's
    count is unknown), and its phase (``counting``, ``writing <table>``, ``finished``,
    ``failed``)."""
    if status.state is not ExportState.RUNNING:
        return (100.0 if status.state is ExportState.FINISHED else None), status.state.value
    if not status.totals:
        return None, "counting"
    writing = next(
        (
            table
            for table, total in status.totals.items()
            if total is None or status.rows.get(table, 0) < total
        ),
        None,
    )
    phase = f"writing {writing}" if writing else "publishing"
    if any(total is None for total in status.totals.values()):
        return None, phase
    expected = sum(total or 0 for total in status.totals.values())
    done = sum(min(status.rows.get(t, 0), total or 0) for t, total in status.totals.items())
    return (100.0 * done / expected if expected else 100.0), phase


class _Tracker:
    """Receives one job's progress; raising from it is how a cancel stops the export."""

    def __init__(self, jobs: ExportJobs, job_id: str) -> None:
        self._jobs, self._id = jobs, job_id
        self.cancelled = threading.Event()

    def tables(self, totals: dict[str, int | None]) -> None:
        self._jobs._update(self._id, totals=dict(totals))
        self._check()

    def rows(self, table: str, count: int) -> None:
        self._jobs._add_rows(self._id, table, count)
        self._check()

    def _check(self) -> None:
        if self.cancelled.is_set():
            raise ExportInterrupted("The export was cancelled; nothing was published.")


class ExportJobs:
    """The exports of one process.

    Args:
        store: where the graph is read; its driver is shared by the job threads.
    """

    def __init__(self, store: Store) -> None:
        self._store = store
        self._lock = threading.Lock()
        self._status: dict[str, ExportStatus] = {}
        self._trackers: dict[str, _Tracker] = {}
        self._threads: dict[str, threading.Thread] = {}

    def start(self, request: ExportRequest) -> ExportStatus:
        """Start an export in a background thread and return its first status.

        Raises:
            ExportTargetUnavailable: a file or folder target is a relative path.
        """
        require_absolute(request)
        job_id = uuid.uuid4().hex
        status = ExportStatus(job_id, request, ExportState.RUNNING, datetime.now(UTC))
        tracker = _Tracker(self, job_id)
        thread = threading.Thread(
            target=self._run, args=(job_id, request, tracker), name=f"export-{job_id[:8]}"
        )
        with self._lock:
            self._status[job_id] = status
            self._trackers[job_id] = tracker
            self._threads[job_id] = thread
        thread.start()
        return status

    def status(self, job_id: str) -> ExportStatus | None:
        """The job's current status, or None for an unknown id."""
        with self._lock:
            return self._status.get(job_id)

    def all(self) -> list[ExportStatus]:
        """Every job, oldest first."""
        with self._lock:
            return sorted(self._status.values(), key=lambda s: s.started_at)

    def cancel(self, job_id: str) -> None:
        """Ask a running job to stop at its next batch."""
        with self._lock:
            tracker = self._trackers.get(job_id)
        if tracker is not None:
            tracker.cancelled.set()

    def wait(self, job_id: str, timeout: float | None = None) -> ExportStatus | None:
        """Block until the job ends (or ``timeout`` passes); its status then."""
        with self._lock:
            thread = self._threads.get(job_id)
        if thread is not None:
            thread.join(timeout)
        return self.status(job_id)

    def _run(self, job_id: str, request: ExportRequest, tracker: _Tracker) -> None:
        try:
            result = run_export(self._store, request, tracker, export_id=job_id)
        except PersonagraphError as exc:
            self._end(job_id, ExportState.FAILED, error=str(exc))
        except Exception as exc:  # a background thread must record every failure
            self._end(job_id, ExportState.FAILED, error=f"unexpected error: {exc!r}")
        else:
            self._end(job_id, ExportState.FINISHED, rows=result.rows, dropped=result.dropped)

    def _end(
        self,
        job_id: str,
        state: ExportState,
        *,
        error: str | None = None,
        rows: dict[str, int] | None = None,
        dropped: dict[str, int] | None = None,
    ) -> None:
        def finish(status: ExportStatus) -> ExportStatus:
            return replace(
                status,
                state=state,
                finished_at=datetime.now(UTC),
                error=error,
                rows=dict(rows) if rows is not None else status.rows,
                dropped=dict(dropped or {}),
            )

        self._change(job_id, finish)

    def _update(self, job_id: str, *, totals: dict[str, int | None]) -> None:
        self._change(job_id, lambda status: replace(status, totals=totals))

    def _add_rows(self, job_id: str, table: str, count: int) -> None:
        def add(status: ExportStatus) -> ExportStatus:
            rows = dict(status.rows)
            rows[table] = rows.get(table, 0) + count
            return replace(status, rows=rows)

        self._change(job_id, add)

    def _change(self, job_id: str, change: Callable[[ExportStatus], ExportStatus]) -> None:
        with self._lock:
            self._status[job_id] = change(self._status[job_id])
