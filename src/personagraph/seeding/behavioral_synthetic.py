"""A deterministic synthetic behavioral data set.

:func:`write_behavioral_dataset` writes the five feature files of behavioral assignment
(``subscriptions``, ``savings``, ``credit``, ``income``, ``cash_flow``; one row per
subject, window and as-of date) plus ``subjects.parquet`` (each subject's archetype, the
ground truth the validation report checks against). Subjects are spread over the
source's archetypes: one per persona, Stable (no persona) and multi-persona subjects,
some of which change persona between the 30- and 180-day windows.

Every value is drawn well inside or well outside its thresholds, so each archetype's
primary persona is certain; one ``random.Random(seed)`` makes every choice, in a fixed
order, so the same seed writes byte-identical files.

The files have the layout :mod:`personagraph.behavioral.features` reads.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from random import Random
from typing import Any, Final

import pyarrow as pa
import pyarrow.parquet as pq

from personagraph.behavioral.features import (
    ARCHETYPE_PERSONA,
    SUBJECTS_FILE,
    WINDOWS,
    Row,
    SubjectArchetype,
)
from personagraph.errors import ValidationFailed
from personagraph.inference.behavioral_rules import FEATURES, SIGNALS, FeatureKind

__all__ = [
    "DEFAULT_AS_OF",
    "SEED",
    "SUBJECTS",
    "DatasetStats",
    "write_behavioral_dataset",
]

DEFAULT_AS_OF: Final = date(2025, 11, 4)
SEED: Final = 2024
# The source's set: about a seventh per archetype (_PLAN).
SUBJECTS: Final = 75

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
    out: Path, seed: int = SEED, subjects: int = SUBJECTS, as_of: date = DEFAULT_AS_OF
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
