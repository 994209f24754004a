"""The synthetic behavioral data set: determinism, the source's validation criteria, bad input."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

from personagraph.behavioral.features import (
    ARCHETYPE_PERSONA,
    SubjectArchetype,
    read_archetypes,
    read_features,
)
from personagraph.errors import ValidationFailed
from personagraph.inference.behavioral import Assignment, Status, assign_all
from personagraph.seeding.behavioral_synthetic import (
    DEFAULT_AS_OF,
    DatasetStats,
    write_behavioral_dataset,
)

pytestmark = pytest.mark.unit


@pytest.fixture(scope="module")
def dataset(tmp_path_factory: pytest.TempPathFactory) -> DatasetStats:
    return write_behavioral_dataset(tmp_path_factory.mktemp("behavioral"))


@pytest.fixture(scope="module")
def assignments(dataset: DatasetStats) -> list[Assignment]:
    features = read_features(dataset.folder, DEFAULT_AS_OF)
    assert features.warnings == ()
    return assign_all(features.subjects)


def test_the_same_seed_writes_byte_identical_files(dataset: DatasetStats, tmp_path: Path) -> None:
    again = write_behavioral_dataset(tmp_path)
    for first, second in zip(dataset.files, again.files, strict=True):
        assert first.read_bytes() == second.read_bytes(), first.name
    other = write_behavioral_dataset(tmp_path / "other", seed=7)
    assert (tmp_path / "other" / "credit.parquet").read_bytes() != again.files[2].read_bytes()
    assert other.archetypes == again.archetypes


def test_every_subject_has_an_assignment_for_both_windows(
    dataset: DatasetStats, assignments: list[Assignment]
) -> None:
    assert len(dataset.archetypes) == 75
    assert len(assignments) == 150
    assert Counter(a.user_id for a in assignments) == dict.fromkeys(dataset.archetypes, 2)
    assert {a.window_days for a in assignments} == {30, 180}


@pytest.mark.parametrize("archetype", list(ARCHETYPE_PERSONA), ids=lambda a: a.name.lower())
def test_each_archetype_gets_its_persona_as_primary(
    dataset: DatasetStats, assignments: list[Assignment], archetype: SubjectArchetype
) -> None:
    mine = [a for a in assignments if dataset.archetypes[a.user_id] is archetype]
    assert len(mine) >= 20
    assert {a.primary.id if a.primary else None for a in mine} == {ARCHETYPE_PERSONA[archetype]}


def test_stable_subjects_are_stable_without_a_persona(
    dataset: DatasetStats, assignments: list[Assignment]
) -> None:
    stable = [a for a in assignments if dataset.archetypes[a.user_id] is SubjectArchetype.STABLE]
    assert stable
    assert all(a.status is Status.STABLE and a.primary is None for a in stable)
    assert {a.status for a in assignments if a not in stable} == {Status.ASSIGNED}


def test_multi_persona_subjects_have_a_primary_and_a_secondary(
    dataset: DatasetStats, assignments: list[Assignment]
) -> None:
    multi = [
        a for a in assignments if dataset.archetypes[a.user_id] is SubjectArchetype.MULTI_PERSONA
    ]
    assert multi
    assert all(a.primary is not None and a.secondary is not None for a in multi)


def test_every_assignment_has_a_complete_json_trace(assignments: list[Assignment]) -> None:
    for assignment in assignments:
        trace = json.loads(json.dumps(assignment.trace(), allow_nan=False))
        assert len(trace["evaluations"]) == 5
        assert trace["result"]["status"] == assignment.status.value


def test_some_subject_has_a_different_primary_persona_per_window(
    assignments: list[Assignment],
) -> None:
    primaries: dict[str, set[int | None]] = {}
    for a in assignments:
        primaries.setdefault(a.user_id, set()).add(a.primary.id if a.primary else None)
    assert [user for user, ids in primaries.items() if len(ids) > 1]


def test_subjects_file_records_each_archetype(dataset: DatasetStats) -> None:
    assert read_archetypes(dataset.folder) == dataset.archetypes


def test_no_credit_card_subjects_are_read_as_null(dataset: DatasetStats) -> None:
    features = read_features(dataset.folder, DEFAULT_AS_OF)
    assert any(s.values["max_utilization"] is None for s in features.subjects)


# --- bad input ---------------------------------------------------------------------------------


def copy_dataset(dataset: DatasetStats, folder: Path) -> Path:
    folder.mkdir()
    for path in dataset.files:
        (folder / path.name).write_bytes(path.read_bytes())
    return folder


def rewrite(path: Path, change: Callable[[Any], Any]) -> None:
    pq.write_table(change(pq.read_table(path)), path)


def test_a_missing_file_is_a_warning(dataset: DatasetStats, tmp_path: Path) -> None:
    folder = copy_dataset(dataset, tmp_path / "data")
    (folder / "savings.parquet").unlink()
    features = read_features(folder, DEFAULT_AS_OF)
    assert len(features.subjects) == 150
    assert len(features.warnings) == 1
    assert "savings.parquet is missing" in features.warnings[0]


def test_a_subject_missing_from_one_file_is_one_warning(
    dataset: DatasetStats, tmp_path: Path
) -> None:
    folder = copy_dataset(dataset, tmp_path / "data")
    rewrite(
        folder / "income.parquet",
        lambda t: t.filter(pc.not_equal(t["user_id"], "user_001")),
    )
    features = read_features(folder, DEFAULT_AS_OF)
    assert features.warnings == (
        "income.parquet has no row for user_001 (window 30, 180) as of 2025-11-04; "
        "its income features count as missing",
    )
    assert len(assign_all(features.subjects)) == 150


def test_a_wrong_column_type_and_a_negative_utilization_stop_the_run(
    dataset: DatasetStats, tmp_path: Path
) -> None:
    folder = copy_dataset(dataset, tmp_path / "data")
    rewrite(
        folder / "cash_flow.parquet",
        lambda t: t.set_column(
            t.schema.get_field_index("balance_volatility"),
            "balance_volatility",
            t["balance_volatility"].cast(pa.string()),
        ),
    )

    def negative_first(t: pa.Table) -> pa.Table:
        values = t["max_utilization"].to_pylist()
        values[0] = -0.2
        index = t.schema.get_field_index("max_utilization")
        return t.set_column(index, "max_utilization", pa.array(values, pa.float64()))

    rewrite(folder / "credit.parquet", negative_first)
    with pytest.raises(ValidationFailed) as caught:
        read_features(folder, DEFAULT_AS_OF)
    assert caught.value.problems == [
        "credit.parquet: user_001 (window 30) has max_utilization -0.2; utilization cannot be "
        "negative, fix the source data",
        "cash_flow.parquet column 'balance_volatility' has type string; it must be a number",
    ]


@pytest.mark.parametrize("share", [1.2, -0.1])
def test_a_share_of_low_balance_days_outside_0_to_1_stops_the_run(
    dataset: DatasetStats, tmp_path: Path, share: float
) -> None:
    folder = copy_dataset(dataset, tmp_path / "data")

    def impossible_first(t: pa.Table) -> pa.Table:
        values = t["pct_days_below_100"].to_pylist()
        values[0] = share
        index = t.schema.get_field_index("pct_days_below_100")
        return t.set_column(index, "pct_days_below_100", pa.array(values, pa.float64()))

    rewrite(folder / "cash_flow.parquet", impossible_first)
    with pytest.raises(ValidationFailed) as caught:
        read_features(folder, DEFAULT_AS_OF)
    assert caught.value.problems == [
        f"cash_flow.parquet: user_001 (window 30) has pct_days_below_100 {share}; a share of "
        "days lies between 0 and 1 (0.3 = 30% of the days), fix the source data",
    ]


def test_an_as_of_date_without_rows_is_reported(dataset: DatasetStats) -> None:
    with pytest.raises(
        ValidationFailed,
        match="rows for as-of date 2020-01-01; the files hold as-of dates 2025-11-04",
    ):
        read_features(dataset.folder, DEFAULT_AS_OF.replace(year=2020, month=1, day=1))
