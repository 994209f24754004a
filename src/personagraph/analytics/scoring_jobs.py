"""Scoring runs in the background, and how far each has got, for the API.

``ScoringJobs.start`` runs :func:`~personagraph.analytics.scoring.run_scoring` in a thread
and returns at once with the job's id; its status (percent, phase, the run's id once
written, the reason it failed) can be read at any time, from any thread. Progress comes
from the run's own step events (:mod:`.progress`): the percent is the share of steps done,
never lower than what was reported before.

Jobs live in the process that started them, like exports (:mod:`personagraph.export.jobs`):
with ``serve --workers N`` a job is known only to the worker that runs it.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from enum import StrEnum

from personagraph.analytics.progress import ProgressEvent
from personagraph.analytics.scoring import Segment, run_scoring
from personagraph.errors import PersonagraphError, ValidationFailed
from personagraph.store import Store

__all__ = ["ScoringJobs", "ScoringState", "ScoringStatus", "percent_of"]

STARTING = "starting"


class ScoringState(StrEnum):
    RUNNING = "running"
    FINISHED = "finished"
    FAILED = "failed"


@dataclass(frozen=True)
class ScoringStatus:
    """A snapshot of one job.

    Attributes:
        percent: of the run's steps done (100 once finished).
        phase: the step under way (``starting`` before the first), then ``finished``
            or ``failed``.
        run_id: the ScoringRun's id, from the run's first step on.
        error: why it failed, in words.
    """

    id: str
    segment: Segment
    top: int
    state: ScoringState
    started_at: datetime
    percent: float = 0.0
    phase: str = STARTING
    run_id: str | None = None
    finished_at: datetime | None = None
    error: str | None = None


def percent_of(event: ProgressEvent) -> float:
    """The share of a run's steps that ``event`` says are done, as a percent: the steps
    before its own, plus its own written share when it writes in batches."""
    share = event.done / event.total if event.done is not None and event.total else 0.0
    return 100.0 * (event.index - 1 + min(share, 1.0)) / event.steps


class ScoringJobs:
    """The scoring runs started through the API in one process.

    Args:
        store: where the graph is; its driver is shared by the job threads, and a segment
            run's GDS client connects where it says the database is now.
    """

    def __init__(self, store: Store) -> None:
        self._store = store
        self._lock = threading.Lock()
        self._status: dict[str, ScoringStatus] = {}
        self._threads: dict[str, threading.Thread] = {}

    def start(self, segment: Segment, top: int) -> ScoringStatus:
        """Start a scoring run in a background thread and return its first status."""
        job_id = uuid.uuid4().hex
        status = ScoringStatus(job_id, segment, top, ScoringState.RUNNING, datetime.now(UTC))
        thread = threading.Thread(
            target=self._run, args=(job_id, segment, top), name=f"scoring-{job_id[:8]}"
        )
        with self._lock:
            self._status[job_id] = status
            self._threads[job_id] = thread
        thread.start()
        return status

    def status(self, job_id: str) -> ScoringStatus | None:
        """The job's current status, or None for an unknown id."""
        with self._lock:
            return self._status.get(job_id)

    def wait(self, job_id: str, timeout: float | None = None) -> ScoringStatus | None:
        """Block until the job ends (or ``timeout`` passes); its status then."""
        with self._lock:
            thread = self._threads.get(job_id)
        if thread is not None:
            thread.join(timeout)
        return self.status(job_id)

    def _run(self, job_id: str, segment: Segment, top: int) -> None:
        def report(event: ProgressEvent) -> None:
            def advance(status: ScoringStatus) -> ScoringStatus:
                percent = max(status.percent, percent_of(event))
                return replace(status, percent=percent, phase=event.step, run_id=event.run_id)

            self._change(job_id, advance)

        try:
            spec = self._store.spec
            if spec is None:
                raise ValidationFailed(["scoring: the store has no connection details for GDS"])
            result = run_scoring(spec, self._store, segment, top, report)
        except PersonagraphError as exc:
            self._end(job_id, ScoringState.FAILED, error=str(exc))
        except Exception as exc:  # a background thread must record every failure
            self._end(job_id, ScoringState.FAILED, error=f"unexpected error: {exc!r}")
        else:
            self._end(job_id, ScoringState.FINISHED, run_id=result.run_id)

    def _end(
        self,
        job_id: str,
        state: ScoringState,
        *,
        error: str | None = None,
        run_id: str | None = None,
    ) -> None:
        def finish(status: ScoringStatus) -> ScoringStatus:
            return replace(
                status,
                state=state,
                phase=state.value,
                percent=100.0 if state is ScoringState.FINISHED else status.percent,
                run_id=run_id or status.run_id,
                finished_at=datetime.now(UTC),
                error=error,
            )

        self._change(job_id, finish)

    def _change(self, job_id: str, change: Callable[[ScoringStatus], ScoringStatus]) -> None:
        with self._lock:
            self._status[job_id] = change(self._status[job_id])
