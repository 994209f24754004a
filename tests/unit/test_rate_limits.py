"""Token buckets in shared memory: spend, refill, say when, and share across processes."""

from __future__ import annotations

import multiprocessing
import os
import signal
import time
from multiprocessing.synchronize import Event

import pytest

from personagraph.api.graphql.runtime.context import ANONYMOUS, Caller, Role
from personagraph.api.graphql.runtime.errors import BadInput, RateLimited
from personagraph.api.rate_limits import RateLimits, SharedBuckets


def test_a_new_caller_has_a_full_budget_and_spends_it() -> None:
    buckets = SharedBuckets(slots=64)
    assert buckets.take("a", 60, rate=1.0, capacity=100, now=0.0) == 0.0
    assert buckets.take("a", 40, rate=1.0, capacity=100, now=0.0) == 0.0
    # Empty: 10 more need 10 seconds at one per second; nothing is spent by asking.
    assert buckets.take("a", 10, rate=1.0, capacity=100, now=0.0) == pytest.approx(10.0)
    assert buckets.take("a", 10, rate=1.0, capacity=100, now=4.0) == pytest.approx(6.0)
    assert buckets.take("a", 10, rate=1.0, capacity=100, now=10.0) == 0.0


def test_the_budget_refills_no_higher_than_its_capacity() -> None:
    buckets = SharedBuckets(slots=64)
    buckets.take("a", 100, rate=1.0, capacity=100, now=0.0)
    assert buckets.take("a", 100, rate=1.0, capacity=100, now=1000.0) == 0.0
    assert buckets.take("a", 1, rate=1.0, capacity=100, now=1000.0) == pytest.approx(1.0)


def test_callers_have_separate_buckets() -> None:
    buckets = SharedBuckets(slots=64)
    assert buckets.take("a", 100, rate=1.0, capacity=100, now=0.0) == 0.0
    assert buckets.take("b", 100, rate=1.0, capacity=100, now=0.0) == 0.0
    assert buckets.take("a", 1, rate=1.0, capacity=100, now=0.0) > 0


def test_a_full_table_gives_the_slot_seen_longest_ago_to_a_new_caller() -> None:
    buckets = SharedBuckets(slots=8)  # every caller probes all 8 slots
    for number in range(8):
        assert buckets.take(f"c{number}", 100, rate=1.0, capacity=100, now=float(number)) == 0.0
    # c0 was seen longest ago: the newcomer takes its slot, and c1..c7 keep theirs.
    assert buckets.take("newcomer", 100, rate=1.0, capacity=100, now=8.0) == 0.0
    assert buckets.take("c7", 5, rate=1.0, capacity=100, now=8.0) > 0
    assert buckets.take("c0", 100, rate=1.0, capacity=100, now=8.0) == 0.0  # afresh


def _take_ten(buckets: SharedBuckets, admitted: multiprocessing.Queue[int]) -> None:
    count = sum(
        buckets.take("shared", 1, rate=1e-9, capacity=15, now=0.0) == 0.0 for _ in range(10)
    )
    admitted.put(count)


def test_worker_processes_spend_one_budget() -> None:
    context = multiprocessing.get_context("spawn")
    buckets = SharedBuckets(slots=64)
    admitted: multiprocessing.Queue[int] = context.Queue()
    workers = [context.Process(target=_take_ten, args=(buckets, admitted)) for _ in range(2)]
    for worker in workers:
        worker.start()
    counts = [admitted.get(timeout=60) for _ in workers]
    for worker in workers:
        worker.join(timeout=60)
    assert sum(counts) == 15


def _hold_the_lock_and_hang(buckets: SharedBuckets, holding: Event) -> None:
    buckets._lock.acquire()
    holding.set()
    time.sleep(600)


def test_a_lock_left_by_a_killed_worker_is_taken_back() -> None:
    context = multiprocessing.get_context("spawn")
    buckets = SharedBuckets(slots=64)
    holding = context.Event()
    worker = context.Process(target=_hold_the_lock_and_hang, args=(buckets, holding))
    worker.start()
    assert holding.wait(timeout=60)
    os.kill(worker.pid or 0, signal.SIGKILL)
    worker.join(timeout=60)
    assert buckets.take("after", 1, rate=1.0, capacity=10, now=0.0) == 0.0
    assert buckets.take("after", 1, rate=1.0, capacity=10, now=0.0) == 0.0  # released again


def _limits(now: list[float]) -> RateLimits:
    budgets = {None: 50, Role.READER: 100, Role.EDITOR: 0, Role.ADMIN: 100}
    return RateLimits(SharedBuckets(slots=64), budgets, window=10.0, clock=lambda: now[0])


def test_a_budget_refused_says_its_numbers_and_when_to_retry() -> None:
    now = [0.0]
    budget = _limits(now).budget(Caller("ci", Role.READER, key_id="k1"), "10.0.0.1")
    assert budget is not None
    budget.take(100)
    with pytest.raises(RateLimited) as refused:
        budget.take(25)
    assert refused.value.retry_after == 3  # 25 items at 10 per second
    assert refused.value.extensions == {"retryAfter": 3}
    assert "rate limit of reader keys reached (100 items per 10 s" in str(refused.value)
    now[0] = 2.5
    budget.take(25)


def test_a_cost_over_the_whole_budget_is_bad_input() -> None:
    budget = _limits([0.0]).budget(ANONYMOUS, "10.0.0.1")
    assert budget is not None
    with pytest.raises(BadInput, match="more than the whole rate limit of callers without a key"):
        budget.take(51)


def test_keys_are_limited_by_key_and_callers_without_one_by_address() -> None:
    limits = _limits([0.0])
    assert limits.budget(Caller("ci", Role.EDITOR, key_id="k2"), "a") is None  # 0: no limit
    one = limits.budget(Caller("x", Role.READER, key_id="k1"), "a")
    same_key_elsewhere = limits.budget(Caller("x", Role.READER, key_id="k1"), "b")
    assert one is not None
    assert same_key_elsewhere is not None
    one.take(100)
    with pytest.raises(RateLimited):
        same_key_elsewhere.take(1)
    first, second = limits.budget(ANONYMOUS, "a"), limits.budget(ANONYMOUS, "b")
    assert first is not None
    assert second is not None
    first.take(50)
    second.take(50)
