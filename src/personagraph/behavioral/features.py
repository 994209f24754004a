"""The behavioral feature files, one per financial signal, as an assignment run reads them.

Five Parquet files, one per signal (``subscriptions``, ``savings``, ``credit``,
``income``, ``cash_flow``), one row per subject, window and as-of date; beside them, for
a data set whose answers are known, ``subjects.parquet`` with each subject's archetype,
the ground truth the validation report checks against.

:func:`read_features` reads the files for one as-of date: a missing file or a subject
missing from a file is a warning (its features count as missing); a wrong column type, a
negative utilization or a duplicated row stops the run. The synthetic data set of
:mod:`personagraph.seeding.behavioral_synthetic` is written in this layout.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Any, Final, cast

import pyarrow as pa
import pyarrow.parquet as pq

from personagraph.errors import UnreadableFile, ValidationFailed
from personagraph.inference.behavioral import SubjectFeatures
from personagraph.inference.behavioral_rules import FEATURES, SIGNALS, FeatureKind, FeatureValue
from personagraph.regular_files import open_regular

__all__ = [
    "ARCHETYPE_PERSONA",
    "KEYS",
    "SUBJECTS_FILE",
    "WINDOWS",
    "FeatureSet",
    "Row",
    "SubjectArchetype",
    "column_problems",
    "no_rows_problem",
    "read_archetypes",
    "read_features",
]

# The source's windows, in days: every subject is assigned once for each.
WINDOWS: Final = (30, 180)
SUBJECTS_FILE: Final = "subjects.parquet"
# The columns that identify a row of every feature file.
KEYS: Final = ("user_id", "window_days", "as_of_date")
Row = dict[str, FeatureValue]


class SubjectArchetype(StrEnum):
    """The behaviour a subject of a known data set has (``subjects.parquet``)."""

    HIGH_UTILIZER = "High Utilizer"
    VARIABLE_INCOME = "Variable Income"
    SUBSCRIPTION_HEAVY = "Subscription Heavy"
    SAVINGS_BUILDER = "Savings Builder"
    CASH_FLOW_STRESSED = "Cash Flow Stressed"
    STABLE = "Stable"
    MULTI_PERSONA = "Multi-Persona"


ARCHETYPE_PERSONA: Final[Mapping[SubjectArchetype, int]] = {
    SubjectArchetype.HIGH_UTILIZER: 1,
    SubjectArchetype.VARIABLE_INCOME: 2,
    SubjectArchetype.SUBSCRIPTION_HEAVY: 3,
    SubjectArchetype.SAVINGS_BUILDER: 4,
    SubjectArchetype.CASH_FLOW_STRESSED: 5,
}


@dataclass(frozen=True, slots=True)
class FeatureSet:
    """Every subject-window's features for one as-of date, and what was found missing."""

    as_of: date
    subjects: tuple[SubjectFeatures, ...]
    warnings: tuple[str, ...]


def read_archetypes(folder: Path) -> dict[str, SubjectArchetype]:
    """Returns: each synthetic subject's archetype, from ``subjects.parquet``.

    Raises:
        UnreadableFile: ``subjects.parquet`` is not a regular file.
    """
    with open_regular(folder / SUBJECTS_FILE) as handle:
        table = pq.read_table(handle)
    return {r["user_id"]: SubjectArchetype(r["archetype"]) for r in table.to_pylist()}


def read_features(folder: Path, as_of: date) -> FeatureSet:
    """Reads the five feature files for one as-of date.

    Args:
        folder: the folder holding ``subscriptions.parquet`` ... ``cash_flow.parquet``.
        as_of: only rows of this date are read.

    Returns:
        One :class:`SubjectFeatures` per subject and window found in any file, sorted, and
        one warning per missing file and per subject missing from a file.

    Raises:
        ValidationFailed: a file is not a regular file (a FIFO, a device: named), a
            column is missing or has the wrong type, a value is out of its range (a negative
            utilization, a share of days outside [0, 1]), a row is
            duplicated, or no file has a row for ``as_of`` (every problem is listed).
    """
    problems: list[str] = []
    warnings: list[str] = []
    found: dict[str, dict[tuple[str, int], Row]] = {}
    dates: set[date] = set()
    for signal in SIGNALS:
        path = folder / f"{signal}.parquet"
        if not path.exists():
            warnings.append(
                f"{path} is missing; every subject's {signal} features count as missing"
            )
            continue
        found[signal] = _read_signal(path, signal, as_of, problems, dates)
    keys = sorted({key for by_key in found.values() for key in by_key})
    if not keys and not problems:
        problems.append(no_rows_problem(folder, as_of, dates))
    if problems:
        raise ValidationFailed(problems)
    warnings += _missing_subjects(found, keys, as_of)
    subjects = tuple(
        SubjectFeatures(user, window, as_of, _merge(found, (user, window))) for user, window in keys
    )
    return FeatureSet(as_of, subjects, tuple(warnings))


def no_rows_problem(folder: Path, as_of: date, dates: Iterable[date]) -> str:
    """Returns: the problem of files without a row for ``as_of``, naming the first ten
    dates they hold."""
    shown = ", ".join(str(d) for d in sorted(dates)[:10]) or "none"
    return (
        f"no feature file in {folder} has rows for as-of date {as_of}; "
        f"the files hold as-of dates {shown}: give one of those"
    )


def _merge(found: Mapping[str, Mapping[tuple[str, int], Row]], key: tuple[str, int]) -> Row:
    values: Row = {}
    for by_key in found.values():
        values.update(by_key.get(key, {}))
    return values


def _missing_subjects(
    found: Mapping[str, Mapping[tuple[str, int], Row]], keys: list[tuple[str, int]], as_of: date
) -> list[str]:
    warnings = []
    for signal, by_key in found.items():
        absent: dict[str, list[int]] = {}
        for user, window in keys:
            if (user, window) not in by_key:
                absent.setdefault(user, []).append(window)
        warnings += [
            f"{signal}.parquet has no row for {user} (window {', '.join(map(str, windows))}) "
            f"as of {as_of}; its {signal} features count as missing"
            for user, windows in absent.items()
        ]
    return warnings


def _read_signal(
    path: Path, signal: str, as_of: date, problems: list[str], dates: set[date]
) -> dict[tuple[str, int], Row]:
    try:
        with open_regular(path) as handle:
            table = pq.read_table(handle)
    except UnreadableFile as exc:
        problems.append(f"{exc}; feature files must be Parquet files")
        return {}
    before = len(problems)
    for name in (*KEYS, *(s.name for s in FEATURES.values() if s.signal == signal)):
        problems += column_problems(path, table.schema, name)
    if len(problems) > before:
        return {}
    rows: dict[tuple[str, int], Row] = {}
    for number, row in enumerate(table.to_pylist(), start=1):
        empty = [name for name in KEYS if row[name] is None]
        if empty:
            problems.append(
                f"{path.name} row {number} has no {empty[0]}; every row needs user_id, "
                "window_days and as_of_date"
            )
            continue
        day = _as_date(row.pop("as_of_date"))
        dates.add(day)
        if day != as_of:
            continue
        key = (cast(str, row.pop("user_id")), cast(int, row.pop("window_days")))
        where = f"{path.name}: {key[0]} (window {key[1]})"
        if key in rows:
            problems.append(f"{where} has more than one row as of {as_of}; keep one")
        problems += [
            f"{where} has {problem}"
            for name, value in row.items()
            if name in FEATURES and (problem := FEATURES[name].range_problem(value))
        ]
        rows[key] = {name: row[name] for name in row if name in FEATURES}
    return rows


def _as_date(value: Any) -> date:
    # Timestamps read back as datetime, which is also a date: compare the day only.
    return value.date() if hasattr(value, "date") and callable(value.date) else cast(date, value)


_EXPECTED: Final[Mapping[str, tuple[str, Callable[[Any], bool]]]] = {
    "user_id": ("text", lambda t: pa.types.is_string(t) or pa.types.is_large_string(t)),
    "window_days": ("a whole number", lambda t: pa.types.is_integer(t)),
    "as_of_date": ("a date", lambda t: pa.types.is_date(t) or pa.types.is_timestamp(t)),
    FeatureKind.NUMBER: ("a number", lambda t: pa.types.is_floating(t) or pa.types.is_integer(t)),
    FeatureKind.COUNT: ("a whole number", lambda t: pa.types.is_integer(t)),
    FeatureKind.FLAG: ("a boolean", lambda t: pa.types.is_boolean(t)),
}


def column_problems(path: Path, schema: pa.Schema, name: str) -> list[str]:
    """Returns: what is wrong with column ``name`` of the file at ``path`` (absent, or of
    a type its values cannot have), in the words every engine reports it."""
    spec = FEATURES.get(name)
    described, accepts = _EXPECTED[spec.kind if spec else name]
    if name not in schema.names:
        return [f"{path.name} has no column {name!r}; add it ({described})"]
    actual = schema.field(name).type
    if not accepts(actual):
        return [f"{path.name} column {name!r} has type {actual}; it must be {described}"]
    return []
