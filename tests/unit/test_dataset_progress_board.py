"""The dataset progress board: phases in order, a percent that never decreases, a fresh
start for a new processing, a failure that keeps how far it got, and a bounded memory."""

from __future__ import annotations

import pytest

from personagraph.documents.progress import DatasetProgressBoard


def test_each_phase_raises_the_percent_and_completed_is_100() -> None:
    board = DatasetProgressBoard()
    seen = []
    for phase in ("extract", "chunk", "embed", "write", "completed"):
        board.report("d1", phase)
        found = board.get("d1")
        assert found is not None
        seen.append((found.percent, found.phase, found.finished))
    assert seen == [
        (0.0, "extract", False),
        (25.0, "chunk", False),
        (50.0, "embed", False),
        (75.0, "write", False),
        (100.0, "completed", True),
    ]


def test_a_failure_keeps_the_percent_it_reached() -> None:
    board = DatasetProgressBoard()
    board.report("d1", "extract")
    board.report("d1", "embed")
    board.report("d1", "failed")
    found = board.get("d1")
    assert found is not None
    assert (found.percent, found.phase, found.finished) == (50.0, "failed", True)


def test_a_new_processing_of_the_same_dataset_starts_over() -> None:
    board = DatasetProgressBoard()
    board.report("d1", "completed")
    board.report("d1", "extract")
    found = board.get("d1")
    assert found is not None
    assert (found.percent, found.phase) == (0.0, "extract")


def test_an_unknown_phase_is_refused_with_the_known_ones() -> None:
    with pytest.raises(ValueError, match="'parse' is not one of"):
        DatasetProgressBoard().report("d1", "parse")


def test_the_oldest_datasets_are_forgotten_beyond_keep() -> None:
    board = DatasetProgressBoard(keep=2)
    for dataset in ("a", "b", "c"):
        board.report(dataset, "extract")
    assert board.get("a") is None
    assert board.get("b") is not None
    assert board.get("c") is not None
