"""Assignment runs written in many transactions: one run per as-of date at a time, and a
run that failed part way is repaired by running the date again."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from personagraph.behavioral.features import WINDOWS
from personagraph.behavioral.graph import (
    columnar_assignment_rows,
    read_assignments,
    read_run_state,
    rules_hash,
    write_run,
)
from personagraph.behavioral.run import prepare, run
from personagraph.errors import EditConflict, StoreError
from personagraph.inference.behavioral_columnar import assign_table, features_table
from personagraph.inference.behavioral_rules import DEFAULT_RULES
from personagraph.seeding.behavioral_synthetic import DEFAULT_AS_OF, write_behavioral_dataset
from personagraph.store import Store
from personagraph.store.fingerprint import fingerprint


@pytest.fixture(scope="module")
def features(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("runs")
    write_behavioral_dataset(folder)
    return folder


def graph_rows(folder: Path) -> list[dict[str, Any]]:
    prepared = prepare(folder, DEFAULT_AS_OF, WINDOWS, DEFAULT_RULES)
    table = features_table(prepared.subjects)
    result = assign_table(table, DEFAULT_RULES, DEFAULT_AS_OF)
    return columnar_assignment_rows(result, table, rules_hash(DEFAULT_RULES))


def test_a_run_is_refused_while_another_run_holds_its_date(store: Store, features: Path) -> None:
    run(store, prepare(features, DEFAULT_AS_OF, WINDOWS, DEFAULT_RULES))
    # Another run has claimed the date and is writing.
    store.write(
        "write/behavioral/begin_run",
        as_of=DEFAULT_AS_OF.isoformat(),
        run_id="the-other-run",
        windows=list(WINDOWS),
        lease_seconds=300,
    )
    before = fingerprint(store)

    with pytest.raises(EditConflict, match=f"Another assignment run for as-of {DEFAULT_AS_OF}"):
        write_run(store, DEFAULT_RULES, graph_rows(features), DEFAULT_AS_OF, WINDOWS)

    assert fingerprint(store) == before
    state = read_run_state(store, DEFAULT_AS_OF)
    assert state is not None
    assert (state.run_id, state.status) == ("the-other-run", "running")


def test_a_run_silent_longer_than_its_lease_is_taken_over(store: Store, features: Path) -> None:
    store.write(
        "write/behavioral/begin_run",
        as_of=DEFAULT_AS_OF.isoformat(),
        run_id="a-killed-run",
        windows=list(WINDOWS),
        lease_seconds=300,
    )

    report = write_run(
        store, DEFAULT_RULES, graph_rows(features), DEFAULT_AS_OF, WINDOWS, lease_seconds=0
    )

    state = read_run_state(store, DEFAULT_AS_OF)
    assert state is not None
    assert state.status == "complete"
    assert state.assignments == 150
    assert report.assignments_written == 150


def test_a_run_that_failed_part_way_is_repaired_by_running_the_date_again(
    store: Store, features: Path
) -> None:
    rows = graph_rows(features)
    write_run(store, DEFAULT_RULES, rows, DEFAULT_AS_OF, WINDOWS)
    # The next run's third batch holds a value Neo4j cannot store (a map property).
    broken = [row | {"props": row["props"] | {"status": {"not": "storable"}}} for row in rows]
    failing = rows[:100] + broken[100:]

    with pytest.raises(StoreError):
        write_run(store, DEFAULT_RULES, failing, DEFAULT_AS_OF, WINDOWS, batch=50)

    state = read_run_state(store, DEFAULT_AS_OF)
    assert state is not None
    assert state.status == "failed"
    assert state.error is not None
    assert fingerprint(store).labels["Assignment"] == 150  # 100 rewritten, 50 from before

    report = write_run(store, DEFAULT_RULES, rows[2:], DEFAULT_AS_OF, WINDOWS, batch=50)

    assert report.assignments_written == 148
    assert report.assignments_deleted == 2
    assert len(read_assignments(store, DEFAULT_AS_OF)) == 148
    state = read_run_state(store, DEFAULT_AS_OF)
    assert state is not None
    assert state.status == "complete"
