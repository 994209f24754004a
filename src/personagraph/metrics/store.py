"""Writing aggregated metrics to the graph, and compacting aged hour buckets into days.

One load is one transaction: every persona it names must exist (else nothing is
written), its bucket deltas are added to the ``MetricBucket`` nodes, the usage fields
of the personas measured move (``chat_count``, ``last_used_at``, ``dataset_count``),
hour buckets older than ``metrics_hourly_days`` are merged into their day's bucket, and
the serving caches are told (the usage fields are on the cached personas).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, TypeVar

from personagraph.errors import ValidationFailed
from personagraph.metrics.buckets import DAY, Aggregator, BucketDelta
from personagraph.serving import sequence
from personagraph.store import Store
from personagraph.store.connection import Transaction

T = TypeVar("T")
BATCH = 2_000


@dataclass(frozen=True)
class LoadSummary:
    """What one metrics load wrote."""

    entries: int
    buckets: int
    personas: int
    compacted: int


def write(store: Store, aggregator: Aggregator) -> LoadSummary:
    """Write what ``aggregator`` summed, in one transaction.

    Raises:
        ValidationFailed: problems in the entries, or personas that do not exist.
    """
    aggregator.check()
    deltas = aggregator.deltas()
    usage = [u.row() for u in aggregator.usage.values()]
    named = sorted(aggregator.usage)

    def work(tx: Transaction) -> LoadSummary:
        known = {row["id"] for row in tx.run("read/metrics/known_personas", ids=named)}
        unknown = [persona for persona in named if persona not in known]
        if unknown:
            shown = ", ".join(map(repr, unknown[:20]))
            more = f" and {len(unknown) - 20} more" if len(unknown) > 20 else ""
            raise ValidationFailed(
                [f"persona_id: no persona {shown}{more}; list them with the `personas` query"]
            )
        for batch in _batches([delta.row() for delta in deltas]):
            tx.run("write/metrics/merge_buckets", rows=batch)
        for batch in _batches(usage):
            tx.run("write/metrics/usage", rows=batch)
        compacted = compact_in(tx, aggregator.hourly_since)
        if usage:
            sequence.bump(tx)
        return LoadSummary(aggregator.rows, len(deltas), len(usage), compacted)

    return store.transaction(work)


def compact(store: Store, before: datetime) -> int:
    """Merge every hour bucket older than ``before`` into its day's bucket; returns how
    many hour buckets went."""
    return store.transaction(lambda tx: compact_in(tx, before))


def compact_in(tx: Transaction, before: datetime, limit: int = 50_000) -> int:
    """:func:`compact` inside ``tx`` (batch by batch of ``limit`` hour buckets)."""
    total = 0
    while True:
        rows = tx.run("read/metrics/aged_hours", before=before, limit=limit)
        if not rows:
            return total
        days: dict[str, BucketDelta] = {}
        for row in rows:
            start = _native(row["start"]).replace(hour=0, minute=0, second=0, microsecond=0)
            day = BucketDelta(row["persona_id"], DAY, start)
            days.setdefault(day.id, day).add(_delta_of(row))
        for batch in _batches([day.row() for day in days.values()]):
            tx.run("write/metrics/merge_buckets", rows=batch)
        tx.run("write/metrics/delete_buckets", ids=[row["id"] for row in rows])
        total += len(rows)


def bucket_counts(store: Store) -> dict[str, int]:
    """How many buckets the graph holds per granularity."""
    return {row["granularity"]: row["buckets"] for row in store.read("read/metrics/bucket_count")}


def _delta_of(row: dict[str, Any]) -> BucketDelta:
    return BucketDelta(
        persona_id=row["persona_id"],
        granularity=DAY,
        start=_native(row["start"]),
        requests=row["requests"],
        successes=row["successes"],
        chats=row["chats"],
        histogram=list(row["histogram"] or []),
        latency_sum_ms=row["latency_sum_ms"],
        latency_max_ms=row["latency_max_ms"],
        satisfaction_sum=row["satisfaction_sum"],
        satisfaction_count=row["satisfaction_count"],
    )


def _native(value: Any) -> datetime:
    native: datetime = value.to_native() if hasattr(value, "to_native") else value
    return native.astimezone(UTC)


def _batches(rows: Sequence[T]) -> Iterator[Sequence[T]]:
    for start in range(0, len(rows), BATCH):
        yield rows[start : start + BATCH]
