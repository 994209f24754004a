"""``AnalysisRun`` nodes: when and how a pain clustering or a persona similarity ran.

Opportunity scoring has its own ``ScoringRun`` (with ``SCORED`` links); the other
analyses record an ``AnalysisRun`` of their ``kind``, and readers take the latest
*finished* one, so a run still writing (or one that failed half-way) is never read.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal

from personagraph.store import Store
from personagraph.store.connection import Transaction

Kind = Literal["pain_clusters", "similar_personas"]


@dataclass(frozen=True)
class AnalysisRun:
    """A finished analysis run: its id, kind, parameters, GDS version and times (ISO 8601)."""

    id: str
    kind: Kind
    parameters: dict[str, Any]
    gds_version: str
    started_at: str
    finished_at: str


def start(
    tx: Transaction,
    run_id: str,
    kind: Kind,
    started_at: datetime,
    parameters: dict[str, Any],
    gds_version: str,
) -> None:
    """Record a run that has started; it stays invisible to readers until :func:`finish`."""
    tx.run(
        "analytics/create_analysis_run",
        id=run_id,
        kind=kind,
        started_at=started_at.isoformat(),
        parameters=json.dumps(parameters, sort_keys=True),
        gds_version=gds_version,
    )


def finish(tx: Transaction, run_id: str) -> None:
    """Mark the run complete: from now on it is the latest of its kind."""
    tx.run("analytics/finish_analysis_run", id=run_id, finished_at=datetime.now(UTC).isoformat())


def latest(store: Store, kind: Kind) -> AnalysisRun | None:
    """The latest finished run of ``kind``, or None when there has been none."""
    rows = store.read("analytics/latest_analysis_run", kind=kind)
    if not rows:
        return None
    row = rows[0]
    return AnalysisRun(
        id=row["id"],
        kind=kind,
        parameters=json.loads(row["parameters"]),
        gds_version=row["gds_version"],
        started_at=row["started_at"],
        finished_at=row["finished_at"],
    )
