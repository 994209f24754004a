"""A deterministic synthetic behavioral data set, and the reader of its feature files.

:func:`write_behavioral_dataset` writes the five feature files of seed-docs/001
(``subscriptions``, ``savings``, ``credit``, ``income``, ``cash_flow``; one row per
subject, window and as-of date) plus ``subjects.parquet`` (each subject's archetype, the
ground truth the validation report checks against). Subjects are spread over the
source's archetypes: one per persona, Stable (no persona) and multi-persona subjects,
some of which change persona between the 30- and 180-day windows.

Every value is drawn well inside or well outside its thresholds, so each archetype's
primary persona is certain; one ``random.Random(seed)`` makes every choice, in a fixed
order, so the same seed writes byte-identical files.

:func:`read_features` reads the files back for one as-of date: a missing file or a
subject missing from a file is a warning (its features count as missing); a wrong
column type, a value out of its range or a duplicated row stops the run.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from pathlib import Path
from random import Random
from typing import Any, Final, cast

import pyarrow as pa
import pyarrow.parquet as pq

from personagraph.errors import UnreadableFile, ValidationFailed
from personagraph.inference.behavioral import SubjectFeatures
from personagraph.inference.behavioral_rules import FEATURES, SIGNALS, FeatureKind, FeatureValue
from personagraph.regular_files import open_regular

__all__ = [
    "ARCHETYPE_PERSONA",
    "DEFAULT_AS_OF",
    "WINDOWS",
    "DatasetStats",
    "FeatureSet",
    "SubjectArchetype",
    "read_archetypes",
    "read_features",
    "write_behavioral_dataset",
]

WINDOWS: Final = (30, 180)
DEFAULT_AS_OF: Final = date(2025, 11, 4)
SUBJECTS_FILE: Final = "subjects.parquet"
_KEYS: Final = ("user_id", "window_days", "as_of_date")


class SubjectArchetype(StrEnum):
    """The behaviour a synthetic subject was generated with."""

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

# 75 subjects: about a seventh per archetype.
_PLAN: Final = (
    (SubjectArchetype.HIGH_UTILIZER, 11),
    (SubjectArchetype.VARIABLE_INCOME, 10),
    (SubjectArchetype.SUBSCRIPTION_HEAVY, 11),
    (SubjectArchetype.SAVINGS_BUILDER, 11),
    (SubjectArchetype.CASH_FLOW_STRESSED, 10),
    (SubjectArchetype.STABLE, 12),
    (SubjectArchetype.MULTI_PERSONA, 10),
)
# Personas matched in the 30- and 180-day windows; the last combination changes its
# primary persona: a recent spike in card use over a long-term saving habit.
_MULTI: Final[tuple[tuple[frozenset[int], frozenset[int]], ...]] = tuple(
    (frozenset(short), frozenset(long))
    for short, long in (
        ({1, 3}, {1, 3}),
        ({2, 5}, {2, 5}),
        ({3, 4}, {3, 4}),
        ({1, 5}, {1, 5}),
        ({1, 3}, {3, 4}),
    )
)


# --- drawing features ---------------------------------------------------------------------------

Row = dict[str, FeatureValue]


def _u(rng: Random, low: float, high: float, digits: int = 4) -> float:
    return round(rng.uniform(low, high), digits)


def _credit(rng: Random, on: bool, window: int) -> Row:
    if on:
        how = rng.choice(("utilization", "utilization", "overdue", "minimum"))
        util = _u(rng, 0.5, 0.95) if how == "utilization" else _u(rng, 0.05, 0.28)
        return {
            "max_utilization": util,
            "interest_charges": _u(rng, 5, 80, 2) if how == "utilization" else 0.0,
            "minimum_payment_only": how == "minimum",
            "is_overdue": how == "overdue",
        }
    no_card = rng.random() < 0.2
    return {
        "max_utilization": None if no_card else _u(rng, 0.01, 0.28),
        "interest_charges": 0.0,
        "minimum_payment_only": False,
        "is_overdue": False,
    }


def _savings(rng: Random, on: bool, window: int) -> Row:
    growth, monthly = (0.025, 0.08), (220.0, 600.0)
    if not on:
        growth, monthly = (-0.01, 0.015), (-100.0, 150.0)
    return {
        "growth_rate": _u(rng, *growth),
        "net_inflow": round(rng.uniform(*monthly) * window / 30, 2),
    }


def _income(rng: Random, on: bool, window: int) -> Row:
    if on:
        return {
            "median_pay_gap_days": _u(rng, 50, 80, 1),
            "cash_flow_buffer_months": _u(rng, 0.1, 0.9),
        }
    # Some steady earners have no detectable pay pattern: the gap is NULL.
    gap = None if rng.random() < 0.1 else _u(rng, 7, 31, 1)
    return {"median_pay_gap_days": gap, "cash_flow_buffer_months": _u(rng, 1.2, 4.0)}


def _subscriptions(rng: Random, on: bool, window: int) -> Row:
    if on:
        merchants, spend, share = rng.randint(3, 9), _u(rng, 55, 180, 2), _u(rng, 0.11, 0.35)
    else:
        merchants, spend, share = rng.randint(0, 2), _u(rng, 0, 45, 2), _u(rng, 0, 0.09)
    return {
        "recurring_merchant_count": merchants,
        "monthly_recurring_spend": spend,
        "subscription_share": share,
    }


def _cash_flow(rng: Random, on: bool, window: int) -> Row:
    if on:
        return {"pct_days_below_100": _u(rng, 0.32, 0.75), "balance_volatility": _u(rng, 1.1, 2.2)}
    return {"pct_days_below_100": _u(rng, 0, 0.2), "balance_volatility": _u(rng, 0.1, 0.85)}


# The persona each signal's "on" values trigger.
_DRAWERS: Final[Mapping[str, tuple[int, Callable[[Random, bool, int], Row]]]] = {
    "subscriptions": (3, _subscriptions),
    "savings": (4, _savings),
    "credit": (1, _credit),
    "income": (2, _income),
    "cash_flow": (5, _cash_flow),
}


def _plan(subjects: int) -> list[SubjectArchetype]:
    full = [archetype for archetype, count in _PLAN for _ in range(count)]
    return [full[i * len(full) // subjects] for i in range(subjects)]


def _personas(archetype: SubjectArchetype, multi_index: int) -> tuple[frozenset[int], ...]:
    if archetype is SubjectArchetype.MULTI_PERSONA:
        return _MULTI[multi_index % len(_MULTI)]
    single = ARCHETYPE_PERSONA.get(archetype)
    both = frozenset() if single is None else frozenset({single})
    return (both, both)


# --- writing ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DatasetStats:
    """What :func:`write_behavioral_dataset` wrote."""

    folder: Path
    as_of: date
    seed: int
    archetypes: Mapping[str, SubjectArchetype]
    rows_per_file: int
    files: tuple[Path, ...]


def _schema(signal: str) -> Any:
    types = {
        FeatureKind.NUMBER: pa.float64(),
        FeatureKind.COUNT: pa.int64(),
        FeatureKind.FLAG: pa.bool_(),
    }
    fields = [("user_id", pa.string()), ("window_days", pa.int32()), ("as_of_date", pa.date32())]
    fields += [(s.name, types[s.kind]) for s in FEATURES.values() if s.signal == signal]
    return pa.schema(fields)


def write_behavioral_dataset(
    out: Path, seed: int = 2024, subjects: int = 75, as_of: date = DEFAULT_AS_OF
) -> DatasetStats:
    """Writes the synthetic feature files for both windows.

    Args:
        out: the folder to write into (created if needed; files are replaced).
        seed: the only source of randomness; the same seed writes the same bytes.
        subjects: how many subjects; 75 gives the source's set, other counts keep its mix.
        as_of: the as-of date of every row.

    Returns:
        The folder, each subject's archetype, the rows per file and the files written.

    Raises:
        ValidationFailed: ``subjects`` is below 1.
    """
    if subjects < 1:
        raise ValidationFailed([f"subjects is {subjects!r}; give 1 or more (the source uses 75)"])
    rng, width = Random(seed), max(3, len(str(subjects)))
    rows: dict[str, list[dict[str, Any]]] = {signal: [] for signal in SIGNALS}
    archetypes: dict[str, SubjectArchetype] = {}
    multi = 0
    for index, archetype in enumerate(_plan(subjects), start=1):
        user_id = f"user_{index:0{width}d}"
        archetypes[user_id] = archetype
        for window, personas in zip(WINDOWS, _personas(archetype, multi), strict=True):
            for signal in SIGNALS:
                persona, draw = _DRAWERS[signal]
                keys = {"user_id": user_id, "window_days": window, "as_of_date": as_of}
                rows[signal].append(keys | draw(rng, persona in personas, window))
        multi += archetype is SubjectArchetype.MULTI_PERSONA
    out.mkdir(parents=True, exist_ok=True)
    files = [_write(out / f"{s}.parquet", rows[s], _schema(s)) for s in SIGNALS]
    subject_rows = [{"user_id": u, "archetype": a.value} for u, a in archetypes.items()]
    subject_schema = pa.schema([("user_id", pa.string()), ("archetype", pa.string())])
    files.append(_write(out / SUBJECTS_FILE, subject_rows, subject_schema))
    return DatasetStats(out, as_of, seed, archetypes, len(rows["credit"]), tuple(files))


def _write(path: Path, rows: list[dict[str, Any]], schema: Any) -> Path:
    pq.write_table(pa.Table.from_pylist(rows, schema=schema), path)
    return path


# --- reading ------------------------------------------------------------------------------------


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
        shown = ", ".join(str(d) for d in sorted(dates)[:10]) or "none"
        problems.append(
            f"no feature file in {folder} has rows for as-of date {as_of}; "
            f"the files hold as-of dates {shown}: give one of those"
        )
    if problems:
        raise ValidationFailed(problems)
    warnings += _missing_subjects(found, keys, as_of)
    subjects = tuple(
        SubjectFeatures(user, window, as_of, _merge(found, (user, window))) for user, window in keys
    )
    return FeatureSet(as_of, subjects, tuple(warnings))


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
    for name in (*_KEYS, *(s.name for s in FEATURES.values() if s.signal == signal)):
        problems += _column_problems(path, table.schema, name)
    if len(problems) > before:
        return {}
    rows: dict[tuple[str, int], Row] = {}
    for number, row in enumerate(table.to_pylist(), start=1):
        empty = [name for name in _KEYS if row[name] is None]
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


def _column_problems(path: Path, schema: Any, name: str) -> list[str]:
    spec = FEATURES.get(name)
    described, accepts = _EXPECTED[spec.kind if spec else name]
    if name not in schema.names:
        return [f"{path.name} has no column {name!r}; add it ({described})"]
    actual = schema.field(name).type
    if not accepts(actual):
        return [f"{path.name} column {name!r} has type {actual}; it must be {described}"]
    return []
