"""A persona's metrics over a period, read from its buckets (pure: rows in, report out).

Counts and sums add up; latency percentiles come from the summed histogram
(:mod:`.histogram`: within 10 % of the true value); the satisfaction trend is the mean
rating per day and the least-squares slope through those daily means.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from personagraph.metrics import histogram

# A slope (rating points per day) smaller than this either way is called flat.
FLAT_SLOPE = 0.01


@dataclass(frozen=True)
class Latency:
    """Latency over the period, ms (None: no requests)."""

    p50: float | None
    p95: float | None
    p99: float | None
    mean: float | None
    max: float | None


@dataclass(frozen=True)
class DailySatisfaction:
    """Mean rating of one day, and how many ratings it is made of."""

    day: datetime
    mean: float
    ratings: int


@dataclass(frozen=True)
class SatisfactionTrend:
    """Daily means, the slope through them (per day) and its direction in words."""

    points: tuple[DailySatisfaction, ...]
    slope_per_day: float | None
    direction: str


@dataclass(frozen=True)
class PeriodMetrics:
    """What a persona's buckets in a period add up to."""

    requests: int
    successes: int
    success_rate: float | None
    chats: int
    latency: Latency
    satisfaction: float | None
    trend: SatisfactionTrend
    buckets: int


def summarize(rows: Sequence[Mapping[str, Any]]) -> PeriodMetrics:
    """The metrics of bucket ``rows`` (``read/metrics/buckets``), oldest first."""
    requests = sum(int(row["requests"]) for row in rows)
    successes = sum(int(row["successes"]) for row in rows)
    counts: list[int] = []
    for row in rows:
        counts = histogram.merge(counts, list(row["histogram"] or []))
    latency_sum = sum(float(row["latency_sum_ms"]) for row in rows)
    ratings = sum(int(row["satisfaction_count"]) for row in rows)
    rating_sum = sum(float(row["satisfaction_sum"]) for row in rows)
    return PeriodMetrics(
        requests=requests,
        successes=successes,
        success_rate=successes / requests if requests else None,
        chats=sum(int(row["chats"]) for row in rows),
        latency=Latency(
            p50=histogram.percentile(counts, 50),
            p95=histogram.percentile(counts, 95),
            p99=histogram.percentile(counts, 99),
            mean=latency_sum / requests if requests else None,
            max=max((float(row["latency_max_ms"]) for row in rows), default=None)
            if requests
            else None,
        ),
        satisfaction=rating_sum / ratings if ratings else None,
        trend=trend(rows),
        buckets=len(rows),
    )


def trend(rows: Sequence[Mapping[str, Any]]) -> SatisfactionTrend:
    """Satisfaction per day (hour buckets of one day together) and its slope."""
    days: dict[datetime, tuple[float, int]] = {}
    for row in rows:
        if not row["satisfaction_count"]:
            continue
        start = _native(row["start"])
        day = start.replace(hour=0, minute=0, second=0, microsecond=0)
        total, count = days.get(day, (0.0, 0))
        days[day] = (total + float(row["satisfaction_sum"]), count + int(row["satisfaction_count"]))
    points = tuple(
        DailySatisfaction(day, total / count, count) for day, (total, count) in sorted(days.items())
    )
    slope = _slope(points)
    if slope is None:
        direction = "unknown"
    elif abs(slope) < FLAT_SLOPE:
        direction = "flat"
    else:
        direction = "improving" if slope > 0 else "declining"
    return SatisfactionTrend(points, slope, direction)


def _slope(points: Sequence[DailySatisfaction]) -> float | None:
    if len(points) < 2:
        return None
    first = points[0].day
    xs = [(p.day - first).total_seconds() / 86_400 for p in points]
    ys = [p.mean for p in points]
    mean_x, mean_y = sum(xs) / len(xs), sum(ys) / len(ys)
    spread = sum((x - mean_x) ** 2 for x in xs)
    return sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / spread


def _native(value: Any) -> datetime:
    native: datetime = value.to_native() if hasattr(value, "to_native") else value
    return native
