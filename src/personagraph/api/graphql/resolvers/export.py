"""Relational exports from GraphQL: start one in the background, then watch its status.

Exports write files or a PostgreSQL schema from the server, so both need the ``admin``
role. A DSN's password is never echoed back.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

import strawberry
from strawberry.types.field import StrawberryField

from personagraph.api.graphql.runtime.access import require
from personagraph.api.graphql.runtime.context import Role
from personagraph.api.graphql.runtime.errors import BadInput, NotFound
from personagraph.api.graphql.runtime.policy import root_fields
from personagraph.errors import ExportTargetUnavailable
from personagraph.export.jobs import ExportJobs, ExportStatus
from personagraph.export.mapping import TABLES, Target
from personagraph.export.run import ExportRequest

strawberry.enum(Target, name="ExportFormat", description="Where an export goes.")


@strawberry.type(description="Rows of one table: written so far, and expected when known.")
class TableRows:
    table: str
    rows: int
    expected: int | None


@strawberry.type(description="One relational export and how far it got.")
class ExportJob:
    id: str
    format: Target
    to: str = strawberry.field(description="File, folder or DSN (without its password).")
    function: str | None
    only: list[str]
    state: str = strawberry.field(description="running, finished or failed.")
    started_at: datetime
    finished_at: datetime | None
    tables: list[TableRows]
    error: str | None = strawberry.field(description="Why it failed, in words.")


def _without_password(to: str) -> str:
    return re.sub(r"(://[^:/@]+):[^@]*@", r"\1:***@", to)


def job_view(status: ExportStatus) -> ExportJob:
    """``status`` as the API shows it."""
    request = status.request
    names = list(dict.fromkeys([*status.totals, *status.rows]))
    return ExportJob(
        id=status.id,
        format=request.format,
        to=_without_password(request.to),
        function=request.function,
        only=list(request.only),
        state=status.state.value,
        started_at=status.started_at,
        finished_at=status.finished_at,
        tables=[
            TableRows(table=name, rows=status.rows.get(name, 0), expected=status.totals.get(name))
            for name in names
        ],
        error=status.error,
    )


def _jobs(info: strawberry.Info[Any, Any]) -> ExportJobs:
    jobs: ExportJobs = require(info, Role.ADMIN).export_jobs
    return jobs


def start_export(
    info: strawberry.Info[Any, Any],
    format: Target,
    to: str,
    function: str | None = None,
    only: list[str] | None = None,
) -> ExportJob:
    jobs = _jobs(info)
    known = {table.name for table in TABLES}
    unknown = sorted(set(only or ()) - known)
    if unknown:
        raise BadInput(f"only: no table named {', '.join(map(repr, unknown))}; see schema.sql")
    if not to.strip():
        raise BadInput("to: give a file, folder or DSN to export to")
    request = ExportRequest(Target(format), to, function=function, only=tuple(only or ()))
    try:
        return job_view(jobs.start(request))
    except ExportTargetUnavailable as exc:
        raise BadInput(str(exc)) from exc


def export_job(info: strawberry.Info[Any, Any], id: str) -> ExportJob:
    status = _jobs(info).status(id)
    if status is None:
        raise NotFound(f"id: no export {id!r} in this process; list them with exportJobs")
    return job_view(status)


def export_jobs(info: strawberry.Info[Any, Any]) -> list[ExportJob]:
    return [job_view(status) for status in _jobs(info).all()]


def export_queries() -> list[tuple[str, Any, StrawberryField]]:
    """``exportJob(id)`` and ``exportJobs`` (admin role)."""
    return root_fields(
        [
            ("exportJob", ExportJob, export_job, "One export and how far it got.", None),
            (
                "exportJobs",
                list[ExportJob],
                export_jobs,
                "This process's exports, oldest first.",
                None,
            ),
        ],
        Role.ADMIN,
    )


def export_mutations() -> list[tuple[str, Any, StrawberryField]]:
    """``startExport`` (admin role)."""
    description = (
        "Export the graph as normalized tables (SQLite file, Parquet or CSV folder, "
        "PostgreSQL DSN) in the background; poll exportJob for its progress."
    )
    return root_fields([("startExport", ExportJob, start_export, description, None)], Role.ADMIN)
