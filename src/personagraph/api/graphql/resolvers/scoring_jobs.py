"""Scoring runs as background jobs: ``startScoringRun``, ``scoringJob`` and the
``scoringRunProgress`` subscription (editor role, like ``scoreOpportunities``).

``scoreOpportunities`` runs the whole scoring in its request and answers with the run, so
there is nothing to follow while it runs. ``startScoringRun`` starts the same run in a
thread of the worker that received it and answers at once with a job id; that worker
streams the job's percent and phase on ``scoringRunProgress(id:)``. Like exports, a job
is known only to its worker: start it and subscribe over the same WebSocket connection.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator
from datetime import datetime
from typing import Any, cast

import strawberry
from strawberry.types.field import StrawberryField

from personagraph.analytics import scoring
from personagraph.analytics.scoring_jobs import ScoringJobs, ScoringState, ScoringStatus
from personagraph.api.graphql.runtime.access import require
from personagraph.api.graphql.runtime.context import Role
from personagraph.api.graphql.runtime.errors import ApiError, BadInput, NotFound
from personagraph.api.graphql.runtime.policy import policy, root_fields
from personagraph.model.archetype import Archetype

PROGRESS_INTERVAL = 0.1  # seconds between looks at a job's status


@strawberry.type(description="A scoring run started with startScoringRun, and how far it got.")
class ScoringJob:
    id: str = strawberry.field(description="The job's id, for scoringRunProgress.")
    state: str = strawberry.field(description="running, finished or failed.")
    percent: float = strawberry.field(description="Of the run's steps done (100 once finished).")
    phase: str = strawberry.field(
        description="starting, the step under way (e.g. 'score and explain', 'write the "
        "run'), then finished or failed."
    )
    run_id: str | None = strawberry.field(
        description="The ScoringRun's id (read it with scoringRun(id:) once finished)."
    )
    function: str | None
    archetype: str | None
    top: int
    started_at: datetime
    finished_at: datetime | None
    error: str | None = strawberry.field(description="Why it failed, in words.")


@strawberry.type(description="How far a scoring run got.")
class ScoringRunProgress:
    percent: float = strawberry.field(description="Of the run's steps done; never decreases.")
    phase: str = strawberry.field(description="The step under way, then finished or failed.")
    job: ScoringJob


def job_view(status: ScoringStatus) -> ScoringJob:
    """``status`` as the API shows it."""
    return ScoringJob(
        id=status.id,
        state=status.state.value,
        percent=status.percent,
        phase=status.phase,
        run_id=status.run_id,
        function=status.segment.function,
        archetype=status.segment.archetype_name,
        top=status.top,
        started_at=status.started_at,
        finished_at=status.finished_at,
        error=status.error,
    )


def _jobs(info: strawberry.Info[Any, Any]) -> ScoringJobs:
    jobs = require(info, Role.EDITOR).scoring_jobs
    if not isinstance(jobs, ScoringJobs):
        raise ApiError("this endpoint runs no scoring jobs (they need the service)")
    return jobs


def start_scoring_run(
    info: strawberry.Info[Any, Any],
    function: str | None = None,
    archetype: Archetype | None = None,
    top: int = scoring.TOP,
) -> ScoringJob:
    jobs = _jobs(info)
    if not 1 <= top <= 50:
        raise BadInput(f"top: {top} must be between 1 and 50")
    segment = scoring.Segment(
        function=function, archetype=Archetype(archetype) if archetype else None
    )
    return job_view(jobs.start(segment, top))


def _unknown(id: str) -> NotFound:
    return NotFound(
        f"id: no scoring job {id!r} on this worker; scoring jobs run in the worker that "
        "started them: subscribe on the connection that sent startScoringRun"
    )


def scoring_job(info: strawberry.Info[Any, Any], id: str) -> ScoringJob:
    status = _jobs(info).status(id)
    if status is None:
        raise _unknown(id)
    return job_view(status)


async def scoring_run_progress(
    info: strawberry.Info[Any, Any], id: str
) -> AsyncGenerator[ScoringRunProgress, None]:
    jobs = _jobs(info)
    sent: tuple[float, str] | None = None
    while True:
        status = jobs.status(id)
        if status is None:
            raise _unknown(id)
        now = (status.percent, status.phase)
        if now != sent:
            sent = now
            yield ScoringRunProgress(percent=now[0], phase=now[1], job=job_view(status))
        if status.state is not ScoringState.RUNNING:
            return
        await asyncio.sleep(PROGRESS_INTERVAL)


def scoring_job_queries() -> list[tuple[str, Any, StrawberryField]]:
    """``scoringJob(id)`` (editor role)."""
    description = "A scoring run started with startScoringRun on this worker, and how far it got."
    return root_fields([("scoringJob", ScoringJob, scoring_job, description, None)], Role.EDITOR)


def scoring_job_mutations() -> list[tuple[str, Any, StrawberryField]]:
    """``startScoringRun`` (editor role)."""
    description = (
        "Start scoreOpportunities' run in the background on this worker and answer at once; "
        "follow it with scoringRunProgress(id:) over the same connection."
    )
    return root_fields(
        [("startScoringRun", ScoringJob, start_scoring_run, description, None)], Role.EDITOR
    )


def scoring_job_subscriptions() -> list[tuple[str, Any, StrawberryField]]:
    """``scoringRunProgress`` (editor role)."""
    field = strawberry.field(
        resolver=scoring_run_progress,
        is_subscription=True,
        name="scoringRunProgress",
        description="A scoring job's percent and phase as they change, until it ends (on "
        "the worker that runs it: subscribe over the connection that started it).",
        metadata=policy(Role.EDITOR),
    )
    return [("scoringRunProgress", ScoringRunProgress, cast(StrawberryField, field))]
