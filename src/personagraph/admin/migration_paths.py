"""Archetype migration paths: which moves between archetypes happened, how often, in which
functions, between two dates (GraphQL ``archetypeMigrationPaths``, ``personagraph personas
migrations``, the archetypes notebook).

A path is a (from, to, kind) triple: ``LEARNER → AUTOMATOR, inferred`` counts the
personas re-inference moved from the Learner to the Automator quadrant after their
attributes changed; ``kind override`` counts a person's decisions. Filters are checked
before anything is read, every problem named (:func:`path_query`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, Final

from personagraph.errors import ValidationFailed
from personagraph.model.archetype import Archetype
from personagraph.store import Store

__all__ = ["KINDS", "FunctionCount", "MigrationPath", "PathQuery", "migration_paths", "path_query"]

KINDS: Final = ("inferred", "override")


@dataclass(frozen=True, slots=True)
class PathQuery:
    """Checked filters: dates are whole days (``end`` included), names in their stored form."""

    start: date | None = None
    end: date | None = None
    function: str | None = None
    kind: str | None = None
    from_archetype: Archetype | None = None
    to_archetype: Archetype | None = None

    def parameters(self) -> dict[str, Any]:
        """Returns: the statement's parameters: a half-open range of UTC instants."""
        return {
            "start": _midnight(self.start),
            "end": _midnight(self.end + timedelta(days=1)) if self.end else None,
            "function": self.function,
            "kind": self.kind,
            "from_archetype": self.from_archetype.value if self.from_archetype else None,
            "to_archetype": self.to_archetype.value if self.to_archetype else None,
        }


@dataclass(frozen=True, slots=True)
class FunctionCount:
    """How many migrations of a path happened in one function (``None``: no function)."""

    key: str | None
    count: int


@dataclass(frozen=True, slots=True)
class MigrationPath:
    """One path, how often it was taken, where, and when first and last."""

    from_archetype: str | None
    to_archetype: str
    kind: str
    count: int
    functions: tuple[FunctionCount, ...]
    first_at: datetime
    last_at: datetime


def path_query(
    start: date | str | None = None,
    end: date | str | None = None,
    function: str | None = None,
    kind: str | None = None,
    from_archetype: str | None = None,
    to_archetype: str | None = None,
) -> PathQuery:
    """Checks the filters of a paths query.

    Args:
        start: the first day (a date, or ``YYYY-MM-DD``), included.
        end: the last day, included.
        function: a function's key.
        kind: ``inferred`` or ``override`` (any case).
        from_archetype: the archetype migrated from (any case).
        to_archetype: the archetype migrated to.

    Returns:
        The filters in their stored form.

    Raises:
        ValidationFailed: every bad filter: a date that is not one, a range whose start
            is after its end, an unknown kind or archetype.
    """
    problems: list[str] = []
    first, last = _day("from", start, problems), _day("to", end, problems)
    if first and last and first > last:
        problems.append(
            f"from {first} is after to {last}: the range is inverted; give the earlier date as from"
        )
    chosen_kind = None
    if kind is not None:
        chosen_kind = kind.strip().lower()
        if chosen_kind not in KINDS:
            problems.append(f"kind {kind!r} is not one of {', '.join(KINDS)}")
    query = PathQuery(
        first,
        last,
        function,
        chosen_kind,
        _archetype("fromArchetype", from_archetype, problems),
        _archetype("toArchetype", to_archetype, problems),
    )
    if problems:
        raise ValidationFailed(problems)
    return query


def migration_paths(store: Store, query: PathQuery) -> list[MigrationPath]:
    """Reads the migration paths ``query`` selects, the most frequent first.

    Raises:
        ValidationFailed: ``query.function`` names no function of the graph.
    """
    if query.function is not None:
        known = [row["key"] for row in store.read("read/domain/function_keys")]
        if query.function not in known:
            raise ValidationFailed(
                [
                    f"function {query.function!r} is not a function of the graph; use one of "
                    f"{', '.join(known) or '(none: load a catalog first)'}"
                ]
            )
    rows = store.read("read/domain/archetype_migration_paths", **query.parameters())
    return [
        MigrationPath(
            from_archetype=row["from_archetype"],
            to_archetype=row["to_archetype"],
            kind=row["kind"],
            count=row["count"],
            functions=tuple(FunctionCount(f["key"], f["count"]) for f in row["functions"]),
            first_at=_native(row["first_at"]),
            last_at=_native(row["last_at"]),
        )
        for row in rows
    ]


def _day(name: str, value: date | str | None, problems: list[str]) -> date | None:
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        problems.append(f"{name} {value!r} is not a date; write it as YYYY-MM-DD")
        return None


def _archetype(name: str, value: str | None, problems: list[str]) -> Archetype | None:
    if value is None:
        return None
    try:
        return Archetype(value.strip().upper())
    except ValueError:
        problems.append(f"{name} {value!r} is not an archetype; use one of {', '.join(Archetype)}")
        return None


def _midnight(day: date | None) -> datetime | None:
    return None if day is None else datetime.combine(day, time(0), tzinfo=UTC)


def _native(value: Any) -> datetime:
    # The driver's DateTime; plain datetimes pass through.
    native = value.to_native() if hasattr(value, "to_native") else value
    return native if isinstance(native, datetime) else datetime.fromisoformat(str(native))
