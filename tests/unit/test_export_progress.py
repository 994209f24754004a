"""An export's percent and phase, as exportProgress streams them."""

from __future__ import annotations

from datetime import UTC, datetime

from personagraph.export.jobs import ExportState, ExportStatus, progress
from personagraph.export.mapping import Target
from personagraph.export.run import ExportRequest

REQUEST = ExportRequest(Target.SQLITE, "/tmp/x.db")
STARTED = datetime(2026, 1, 1, tzinfo=UTC)


def status(
    state: ExportState = ExportState.RUNNING,
    rows: dict[str, int] | None = None,
    totals: dict[str, int | None] | None = None,
) -> ExportStatus:
    return ExportStatus("j", REQUEST, state, STARTED, rows=rows or {}, totals=totals or {})


def test_before_the_tables_are_counted_the_phase_is_counting() -> None:
    assert progress(status()) == (None, "counting")


def test_the_percent_is_of_all_rows_expected_and_the_phase_names_the_table() -> None:
    running = status(rows={"personas": 100, "goals": 50}, totals={"personas": 100, "goals": 300})
    assert progress(running) == (150 / 400 * 100, "writing goals")


def test_a_table_of_unknown_size_leaves_the_percent_unknown() -> None:
    running = status(rows={"personas": 10}, totals={"personas": 100, "goals": None})
    assert progress(running) == (None, "writing personas")


def test_all_rows_written_is_publishing_then_the_end_state() -> None:
    written = {"personas": 100}
    expected: dict[str, int | None] = {"personas": 100}
    assert progress(status(rows=written, totals=expected)) == (100.0, "publishing")
    assert progress(status(ExportState.FINISHED, written, expected)) == (100.0, "finished")
    assert progress(status(ExportState.FAILED, {"personas": 3}, expected)) == (None, "failed")
