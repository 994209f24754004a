"""How a ranking changed between two scoring runs (e.g. before and after a catalog edit,
or the whole population against one segment)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from personagraph.errors import EntityNotFound
from personagraph.store import Store


@dataclass(frozen=True)
class RankedEntry:
    """An opportunity's place in one run."""

    key: str
    name: str
    rank: int
    overall: float


@dataclass(frozen=True)
class RankChange:
    """One opportunity in two runs; ``None`` where a run did not score it.

    ``moved`` is positive when the opportunity climbed (rank 5 → 2 is +3).
    """

    key: str
    name: str
    before_rank: int | None
    after_rank: int | None
    before_overall: float | None
    after_overall: float | None

    @property
    def moved(self) -> int | None:
        if self.before_rank is None or self.after_rank is None:
            return None
        return self.before_rank - self.after_rank


@dataclass(frozen=True)
class RunComparison:
    """Two runs' parameters and every opportunity's change, in the later run's order."""

    before: str
    after: str
    before_parameters: dict[str, Any]
    after_parameters: dict[str, Any]
    changes: tuple[RankChange, ...]


def rank_changes(
    before: Mapping[str, RankedEntry], after: Mapping[str, RankedEntry]
) -> list[RankChange]:
    """Every opportunity of either ranking, ordered by its rank after (then before, then key)."""
    keys = set(before) | set(after)

    def order(key: str) -> tuple[int, int, str]:
        missing = len(keys) + 1
        a, b = after.get(key), before.get(key)
        return (a.rank if a else missing, b.rank if b else missing, key)

    changes = []
    for key in sorted(keys, key=order):
        b, a = before.get(key), after.get(key)
        changes.append(
            RankChange(
                key=key,
                name=a.name if a else before[key].name,
                before_rank=b.rank if b else None,
                after_rank=a.rank if a else None,
                before_overall=b.overall if b else None,
                after_overall=a.overall if a else None,
            )
        )
    return changes


def compare_runs(store: Store, before: str, after: str) -> RunComparison:
    """How the ranking of scoring run ``after`` differs from that of run ``before``.

    Raises:
        EntityNotFound: a run id names no scoring run.
    """
    before_params, before_ranks = _ranking(store, before)
    after_params, after_ranks = _ranking(store, after)
    changes = rank_changes(before_ranks, after_ranks)
    return RunComparison(before, after, before_params, after_params, tuple(changes))


def _ranking(store: Store, run_id: str) -> tuple[dict[str, Any], dict[str, RankedEntry]]:
    rows = store.read("analytics/run_ranks", run_id=run_id)
    if not rows:
        raise EntityNotFound(
            f"No scoring run has the id {run_id!r}. List the runs with "
            "'personagraph analyze runs' and copy an id from there."
        )
    entries = {
        row["key"]: RankedEntry(row["key"], row["name"], row["rank"], row["overall"])
        for row in rows
        if row["key"] is not None
    }
    return json.loads(rows[0]["parameters"]), entries


@dataclass(frozen=True)
class ScoringRunInfo:
    """A scoring run as listed: id, times (ISO 8601), parameters and GDS version."""

    id: str
    started_at: str
    finished_at: str
    parameters: dict[str, Any]
    gds_version: str


def scoring_runs(store: Store, limit: int = 20) -> list[ScoringRunInfo]:
    """The ``limit`` most recent scoring runs, newest first."""
    return [
        ScoringRunInfo(
            id=row["id"],
            started_at=row["started_at"],
            finished_at=row["finished_at"],
            parameters=json.loads(row["parameters"]),
            gds_version=row["gds_version"],
        )
        for row in store.read("analytics/scoring_runs", limit=limit)
    ]
