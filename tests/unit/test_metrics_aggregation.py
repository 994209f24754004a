"""Metrics aggregation, pure: histogram bins that add up, percentiles within a bin's width,
entries summed into hour and day buckets, period reports and trends."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pyarrow as pa
import pytest
from hypothesis import given
from hypothesis import strategies as st

from personagraph.errors import ValidationFailed
from personagraph.metrics import histogram, report
from personagraph.metrics.buckets import Aggregator, hourly_since

pytestmark = pytest.mark.unit

NOW = datetime(2025, 6, 10, 12, 30, tzinfo=UTC)


def table(rows: list[dict[str, object]]) -> pa.Table:
    columns = {name: [row.get(name) for row in rows] for name in rows[0]}
    return pa.table(columns)


@given(st.lists(st.floats(min_value=0, max_value=200_000), min_size=1, max_size=300))
def test_every_latency_lands_in_the_bin_that_holds_it(latencies: list[float]) -> None:
    for latency in latencies:
        index = histogram.bin_of(latency)
        assert histogram.BOUNDS[index] <= latency
        if index + 1 < len(histogram.BOUNDS):
            assert latency < histogram.BOUNDS[index + 1]


@given(
    st.lists(st.integers(min_value=0, max_value=50), max_size=40),
    st.lists(st.integers(min_value=0, max_value=50), max_size=40),
)
def test_merged_histograms_count_what_both_counted(a: list[int], b: list[int]) -> None:
    merged = histogram.merge(a, b)
    assert sum(merged) == sum(a) + sum(b)
    assert histogram.merge(a, b) == histogram.merge(b, a)


def test_a_percentile_is_within_ten_percent_of_the_exact_one() -> None:
    rng = random.Random(7)
    latencies = sorted(rng.lognormvariate(4, 1) + 1 for _ in range(20_000))
    counts = [0] * len(histogram.BOUNDS)
    for latency in latencies:
        counts[histogram.bin_of(latency)] += 1

    for q in (50, 95, 99):
        exact = latencies[int(q / 100 * len(latencies)) - 1]
        found = histogram.percentile(counts, q)
        assert found is not None
        assert abs(found - exact) <= 0.1 * exact, (q, found, exact)
    assert histogram.percentile([], 50) is None


def test_entries_go_to_hour_buckets_when_recent_and_day_buckets_when_older() -> None:
    aggregator = Aggregator(hourly_since(NOW, 7))
    aggregator.add(
        table(
            [
                {"persona_id": "a", "timestamp": "2025-06-10T10:15:00Z", "latency_ms": 100.0,
                 "success": True, "satisfaction": 4.0, "chat_started": True},
                {"persona_id": "a", "timestamp": "2025-06-10T10:45:00Z", "latency_ms": 300.0,
                 "success": False, "satisfaction": None, "chat_started": False},
                {"persona_id": "a", "timestamp": "2025-05-01T08:00:00Z", "latency_ms": 5.0,
                 "success": True, "satisfaction": 2.0, "chat_started": False},
            ]
        )
    )  # fmt: skip
    aggregator.check()

    by_id = {delta.id: delta for delta in aggregator.deltas()}

    hour = by_id["a|hour|2025-06-10T10:00:00+00:00"]
    day = by_id["a|day|2025-05-01T00:00:00+00:00"]
    assert (hour.requests, hour.successes, hour.chats) == (2, 1, 1)
    assert (hour.latency_sum_ms, hour.latency_max_ms) == (400.0, 300.0)
    assert (hour.satisfaction_sum, hour.satisfaction_count) == (4.0, 1)
    assert sum(hour.histogram) == 2
    assert (day.requests, day.satisfaction_count) == (1, 1)
    usage = aggregator.usage["a"]
    assert (usage.chats, usage.last_at) == (1, datetime(2025, 6, 10, 10, 45, tzinfo=UTC))


def test_the_cutoff_is_at_midnight_so_a_day_is_never_split() -> None:
    assert hourly_since(NOW, 7) == datetime(2025, 6, 3, tzinfo=UTC)


def test_a_row_standing_for_many_requests_is_weighted() -> None:
    aggregator = Aggregator(hourly_since(NOW, 7))
    aggregator.add(
        table([{"persona_id": "a", "timestamp": "2025-06-10T10:00:00Z", "latency_ms": 20.0,
                "success": True, "requests": 60}])
    )  # fmt: skip
    [delta] = aggregator.deltas()
    assert (delta.requests, delta.successes, delta.latency_sum_ms, sum(delta.histogram)) == (
        60,
        60,
        1200.0,
        60,
    )


def test_bad_rows_are_named_with_their_numbers_and_unknown_columns_are_refused() -> None:
    aggregator = Aggregator(hourly_since(NOW, 7))
    aggregator.add(
        table(
            [
                {"persona_id": "a", "timestamp": "2025-06-10T10:00:00Z", "latency_ms": 1.0,
                 "success": True, "satisfaction": 6.0},
                {"persona_id": None, "timestamp": "2025-06-10T10:00:00Z", "latency_ms": -1.0,
                 "success": True, "satisfaction": None},
            ]
        )
    )  # fmt: skip
    with pytest.raises(ValidationFailed) as refused:
        aggregator.check()
    assert refused.value.problems == [
        "row 2: no persona_id (got None)",
        "row 2: latency_ms is negative (got -1.0)",
        "row 1: satisfaction is outside 1-5 (got 6.0)",
    ]
    with pytest.raises(ValidationFailed, match="unknown column 'colour'"):
        aggregator.add(pa.table({"colour": ["red"]}))


def test_a_period_report_adds_buckets_up_and_reads_the_trend() -> None:
    day = timedelta(days=1)
    rows = [
        {"start": NOW - 2 * day, "requests": 10, "successes": 9, "chats": 1,
         "histogram": [0] * 40 + [10], "latency_sum_ms": 500.0, "latency_max_ms": 60.0,
         "satisfaction_sum": 30.0, "satisfaction_count": 10},
        {"start": NOW - day, "requests": 30, "successes": 30, "chats": 2,
         "histogram": [0] * 40 + [30], "latency_sum_ms": 1500.0, "latency_max_ms": 70.0,
         "satisfaction_sum": 40.0, "satisfaction_count": 10},
    ]  # fmt: skip

    found = report.summarize(rows)

    assert (found.requests, found.success_rate, found.chats) == (40, 39 / 40, 3)
    assert found.latency.mean == 50.0
    assert found.latency.max == 70.0
    assert found.satisfaction == 3.5
    assert found.trend.direction == "improving"
    assert found.trend.slope_per_day == pytest.approx(1.0)
    assert report.summarize([]).success_rate is None
