"""Aggregating request metrics into time buckets, before they reach the graph.

A metrics entry is one request a persona served (or ``requests`` alike ones): when,
how long it took, whether it succeeded, optionally a satisfaction rating (1-5), whether
it started a chat, and how many datasets the persona drew on. Entries are never stored
one by one: per persona they are summed into a bucket per **hour** (recent entries) or
per **day** (entries older than ``hourly_days``, and hour buckets once they age past it,
see :mod:`.store`). A bucket keeps counts, sums and a latency histogram
(:mod:`.histogram`), all of which add up exactly when buckets merge.

So a year of per-minute metrics for 100 personas, 52.6 million entries, becomes at
most 100 x (358 days + 7 x 24 hours) = 52,600 bucket nodes, whatever the request rate.

Reading is streamed batch by batch (:class:`Aggregator`), so a file of any length takes
memory in proportion to its buckets, not its rows.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, Final

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from personagraph.errors import ValidationFailed
from personagraph.metrics import histogram

__all__ = ["COLUMNS", "Aggregator", "BucketDelta", "UsageDelta", "bucket_id", "hourly_since"]

HOUR: Final = "hour"
DAY: Final = "day"
MAX_LISTED_PROBLEMS: Final = 50
# Column -> (type, required). Anything else in a file is refused by name.
COLUMNS: Final[dict[str, tuple[pa.DataType, bool]]] = {
    "persona_id": (pa.string(), True),
    "timestamp": (pa.timestamp("us", tz="UTC"), True),
    "latency_ms": (pa.float64(), True),
    "success": (pa.bool_(), True),
    "satisfaction": (pa.float64(), False),
    "chat_started": (pa.bool_(), False),
    "dataset_count": (pa.int64(), False),
    "requests": (pa.int64(), False),
}


def bucket_id(persona_id: str, granularity: str, start: datetime) -> str:
    """``<persona id>|<hour or day>|<start, ISO 8601>``: one node per persona and bucket."""
    return f"{persona_id}|{granularity}|{start.isoformat()}"


@dataclass
class BucketDelta:
    """What one load adds to one bucket."""

    persona_id: str
    granularity: str
    start: datetime
    requests: int = 0
    successes: int = 0
    chats: int = 0
    histogram: list[int] = field(default_factory=list)
    latency_sum_ms: float = 0.0
    latency_max_ms: float = 0.0
    satisfaction_sum: float = 0.0
    satisfaction_count: int = 0

    @property
    def id(self) -> str:
        return bucket_id(self.persona_id, self.granularity, self.start)

    def add(self, other: BucketDelta) -> None:
        self.requests += other.requests
        self.successes += other.successes
        self.chats += other.chats
        self.histogram = histogram.merge(self.histogram, other.histogram)
        self.latency_sum_ms += other.latency_sum_ms
        self.latency_max_ms = max(self.latency_max_ms, other.latency_max_ms)
        self.satisfaction_sum += other.satisfaction_sum
        self.satisfaction_count += other.satisfaction_count

    def row(self) -> dict[str, Any]:
        """The row ``write/metrics/merge_buckets`` takes."""
        return {
            "id": self.id,
            "persona_id": self.persona_id,
            "granularity": self.granularity,
            "start": self.start,
            "requests": self.requests,
            "successes": self.successes,
            "chats": self.chats,
            "histogram": histogram.trim(self.histogram),
            "latency_sum_ms": self.latency_sum_ms,
            "latency_max_ms": self.latency_max_ms,
            "satisfaction_sum": self.satisfaction_sum,
            "satisfaction_count": self.satisfaction_count,
        }


@dataclass
class UsageDelta:
    """What one load moves on a persona's card: chats, last use, datasets."""

    persona_id: str
    chats: int = 0
    last_at: datetime | None = None
    dataset_count: int | None = None
    dataset_at: datetime | None = None

    def row(self) -> dict[str, Any]:
        return {
            "id": self.persona_id,
            "chats": self.chats,
            "last_at": _utc(self.last_at),
            "dataset_count": self.dataset_count,
            "dataset_at": _utc(self.dataset_at),
        }


class Aggregator:
    """Sums entries, table by table, into bucket and usage deltas.

    Args:
        hourly_since: entries from this instant on go to hour buckets, older ones to day
            buckets (``now - hourly_days``).
    """

    def __init__(self, hourly_since: datetime) -> None:
        self.hourly_since = hourly_since
        self.rows = 0
        self.buckets: dict[str, BucketDelta] = {}
        self.usage: dict[str, UsageDelta] = {}
        self.problems: list[str] = []
        self.problem_count = 0

    def add(self, table: pa.Table) -> None:
        """Check and add one table (a file's batch, or GraphQL entries); rows with
        problems are noted (with their row number) and left out."""
        table = self._conform(table)
        valid = self._checked(table)
        self.rows += table.num_rows
        if valid.num_rows:
            self._aggregate(valid)

    def check(self) -> None:
        """Raises ValidationFailed naming the problems found, if any (first 50 listed)."""
        if not self.problem_count:
            return
        more = self.problem_count - len(self.problems)
        tail = [f"... and {more} more problems"] if more else []
        raise ValidationFailed([*self.problems, *tail])

    def deltas(self) -> list[BucketDelta]:
        return [self.buckets[key] for key in sorted(self.buckets)]

    # -- conforming and checking --------------------------------------------------

    def _conform(self, table: pa.Table) -> pa.Table:
        unknown = sorted(set(table.column_names) - set(COLUMNS))
        missing = sorted(
            name
            for name, (_, required) in COLUMNS.items()
            if required and name not in table.column_names
        )
        if unknown or missing:
            problems = [f"unknown column {name!r}" for name in unknown]
            problems += [f"missing column {name!r}" for name in missing]
            known = ", ".join(COLUMNS)
            raise ValidationFailed([f"{p} (the columns are: {known})" for p in problems])
        columns = {}
        for name, (kind, _) in COLUMNS.items():
            if name in table.column_names:
                columns[name] = _cast(table.column(name), kind, name)
            else:
                columns[name] = pa.nulls(table.num_rows, kind)
        return pa.table(columns)

    def _checked(self, table: pa.Table) -> pa.Table:
        checks = [
            ("persona_id", pc.is_null(table["persona_id"]), "no persona_id"),
            ("timestamp", pc.is_null(table["timestamp"]), "no timestamp"),
            ("latency_ms", pc.is_null(table["latency_ms"]), "no latency_ms"),
            ("latency_ms", pc.less(table["latency_ms"], 0), "latency_ms is negative"),
            ("success", pc.is_null(table["success"]), "no success (true or false)"),
            (
                "satisfaction",
                pc.or_(pc.less(table["satisfaction"], 1), pc.greater(table["satisfaction"], 5)),
                "satisfaction is outside 1-5",
            ),
            ("requests", pc.less(table["requests"], 1), "requests is less than 1"),
            ("dataset_count", pc.less(table["dataset_count"], 0), "dataset_count is negative"),
        ]
        bad = pa.array(np.zeros(table.num_rows, dtype=bool))
        for column, mask, message in checks:
            mask = pc.fill_null(mask, False)
            hits = np.flatnonzero(mask.to_numpy(zero_copy_only=False))
            if not len(hits):
                continue
            self.problem_count += len(hits)
            for index in hits[: max(MAX_LISTED_PROBLEMS - len(self.problems), 0)]:
                value = table[column][int(index)].as_py()
                self.problems.append(f"row {self.rows + int(index) + 1}: {message} (got {value!r})")
            bad = pc.or_(bad, mask)
        return table.filter(pc.invert(bad))

    # -- aggregating -----------------------------------------------------------------

    def _aggregate(self, table: pa.Table) -> None:
        requests = pc.fill_null(table["requests"], 1)
        at = table["timestamp"]
        hourly = pc.greater_equal(at, pa.scalar(self.hourly_since, pa.timestamp("us", tz="UTC")))
        start = pc.if_else(
            hourly, pc.floor_temporal(at, unit="hour"), pc.floor_temporal(at, unit="day")
        )
        latency = table["latency_ms"].to_numpy()
        bins = np.searchsorted(histogram.BOUNDS, latency, side="right") - 1
        success = table["success"].to_numpy(zero_copy_only=False)
        weights = requests.to_numpy()
        rated = pc.is_valid(table["satisfaction"]).to_numpy(zero_copy_only=False)
        satisfaction = pc.fill_null(table["satisfaction"], 0.0).to_numpy()
        chats = pc.fill_null(table["chat_started"], False).to_numpy(zero_copy_only=False)
        work = pa.table(
            {
                "persona_id": table["persona_id"],
                "hourly": hourly,
                "start": start,
                "bin": pa.array(bins, pa.int64()),
                "requests": pa.array(weights, pa.int64()),
                "successes": pa.array(np.where(success, weights, 0), pa.int64()),
                "chats": pa.array(chats.astype(np.int64)),
                "latency_sum": pa.array(latency * weights),
                "latency_max": pa.array(latency),
                "satisfaction_sum": pa.array(np.where(rated, satisfaction, 0.0)),
                "rated": pa.array(rated.astype(np.int64)),
            }
        )
        keys = ["persona_id", "hourly", "start"]
        totals = work.group_by(keys).aggregate(
            [
                ("requests", "sum"),
                ("successes", "sum"),
                ("chats", "sum"),
                ("latency_sum", "sum"),
                ("latency_max", "max"),
                ("satisfaction_sum", "sum"),
                ("rated", "sum"),
            ]
        )
        for row in totals.to_pylist():
            delta = self._bucket(row)
            delta.requests += row["requests_sum"]
            delta.successes += row["successes_sum"]
            delta.chats += row["chats_sum"]
            delta.latency_sum_ms += row["latency_sum_sum"]
            delta.latency_max_ms = max(delta.latency_max_ms, row["latency_max_max"])
            delta.satisfaction_sum += row["satisfaction_sum_sum"]
            delta.satisfaction_count += row["rated_sum"]
        binned = work.group_by([*keys, "bin"]).aggregate([("requests", "sum")])
        for row in binned.to_pylist():
            delta = self._bucket(row)
            counts = [0] * (row["bin"] + 1)
            counts[row["bin"]] = row["requests_sum"]
            delta.histogram = histogram.merge(delta.histogram, counts)
        self._usage(table)

    def _bucket(self, row: dict[str, Any]) -> BucketDelta:
        granularity = HOUR if row["hourly"] else DAY
        start = row["start"].astimezone(UTC)
        key = bucket_id(row["persona_id"], granularity, start)
        found = self.buckets.get(key)
        if found is None:
            found = self.buckets[key] = BucketDelta(row["persona_id"], granularity, start)
        return found

    def _usage(self, table: pa.Table) -> None:
        chats = pa.array(
            pc.fill_null(table["chat_started"], False)
            .to_numpy(zero_copy_only=False)
            .astype(np.int64)
        )
        work = table.append_column("chats", chats)
        totals = work.group_by("persona_id").aggregate([("chats", "sum"), ("timestamp", "max")])
        for row in totals.to_pylist():
            usage = self.usage.setdefault(row["persona_id"], UsageDelta(row["persona_id"]))
            usage.chats += row["chats_sum"]
            last = row["timestamp_max"]
            usage.last_at = last if usage.last_at is None else max(usage.last_at, last)
        counted = table.filter(pc.is_valid(table["dataset_count"]))
        for persona_id, at, count in _latest(counted):
            usage = self.usage.setdefault(persona_id, UsageDelta(persona_id))
            if usage.dataset_at is None or at >= usage.dataset_at:
                usage.dataset_count, usage.dataset_at = count, at


def _utc(at: datetime | None) -> datetime | None:
    return None if at is None else at.astimezone(UTC)


def _latest(table: pa.Table) -> Iterator[tuple[str, datetime, int]]:
    """Per persona, its latest ``dataset_count`` in ``table``."""
    if not table.num_rows:
        return
    ordered = table.sort_by([("persona_id", "ascending"), ("timestamp", "descending")])
    seen: set[str] = set()
    for persona_id, at, count in zip(
        ordered["persona_id"].to_pylist(),
        ordered["timestamp"].to_pylist(),
        ordered["dataset_count"].to_pylist(),
        strict=True,
    ):
        if persona_id not in seen:
            seen.add(persona_id)
            yield persona_id, at, count


def _cast(column: pa.ChunkedArray, kind: pa.DataType, name: str) -> pa.ChunkedArray:
    try:
        if pa.types.is_timestamp(kind):
            return _timestamps(column)
        return pc.cast(column, kind)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError) as exc:
        raise ValidationFailed(
            [f"column {name!r}: cannot be read as {kind}: {exc}; fix the values or the file's type"]
        ) from exc


def _timestamps(column: pa.ChunkedArray) -> pa.ChunkedArray:
    """Timestamps in UTC; naive ones (and ISO texts without an offset) are taken as UTC."""
    utc = pa.timestamp("us", tz="UTC")
    if pa.types.is_string(column.type) or pa.types.is_large_string(column.type):
        try:
            return pc.cast(column, utc)
        except pa.ArrowInvalid:
            column = pc.cast(column, pa.timestamp("us"))
    if pa.types.is_timestamp(column.type) and column.type.tz is None:
        column = pc.assume_timezone(column, "UTC")
    return pc.cast(column, utc)


def hourly_since(now: datetime, hourly_days: int) -> datetime:
    """The instant before which entries go to day buckets."""
    # At midnight (UTC): a day is wholly in day buckets or in hour buckets, never split.
    return (now - timedelta(days=hourly_days)).replace(hour=0, minute=0, second=0, microsecond=0)
