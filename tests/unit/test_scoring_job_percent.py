"""A scoring job's percent: the share of its steps done, counting a batched step's rows."""

from __future__ import annotations

from personagraph.analytics.progress import ProgressEvent
from personagraph.analytics.scoring_jobs import percent_of


def event(index: int, done: int | None = None, total: int | None = None) -> ProgressEvent:
    return ProgressEvent("scoring", "run", "step", index, 4, done, total)


def test_a_started_step_counts_the_steps_before_it() -> None:
    assert percent_of(event(1)) == 0.0
    assert percent_of(event(3)) == 50.0


def test_a_step_writing_in_batches_adds_its_written_share() -> None:
    assert percent_of(event(4, 500, 1000)) == 87.5
    assert percent_of(event(4, 1000, 1000)) == 100.0


def test_more_rows_than_expected_do_not_pass_the_step() -> None:
    assert percent_of(event(2, 30, 10)) == 50.0


def test_a_step_with_nothing_to_write_adds_nothing() -> None:
    assert percent_of(event(2, 0, 0)) == 25.0
