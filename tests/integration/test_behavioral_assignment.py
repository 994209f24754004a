"""Behavioral assignment into the real graph: the source's validation criteria, replacement
on re-runs, bad input that writes nothing, and behavioral personas that a seed load keeps."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

from personagraph.behavioral.config import load_rules, rules_from_mapping, rules_to_mapping
from personagraph.behavioral.features import ARCHETYPE_PERSONA, WINDOWS, SubjectArchetype
from personagraph.behavioral.graph import read_assignments
from personagraph.behavioral.run import Engine, RunReport, prepare, run
from personagraph.errors import ValidationFailed
from personagraph.inference.behavioral_rules import DEFAULT_RULES, SIGNALS, RuleSet
from personagraph.seeding import pipeline
from personagraph.seeding.behavioral_synthetic import DEFAULT_AS_OF, write_behavioral_dataset
from personagraph.store import Store
from personagraph.store.fingerprint import fingerprint
from tests.integration.engines import AssignOn

ROOT = Path(__file__).resolve().parents[2]
MINIMAL = ROOT / "tests" / "catalogs" / "minimal"
RULES = load_rules(ROOT / "seeds" / "behavioral" / "personas.yaml")


@pytest.fixture(scope="module")
def features(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("behavioral")
    write_behavioral_dataset(folder)
    return folder


def assign_run(store: Store, folder: Path, rules: RuleSet = RULES, **options: Any) -> RunReport:
    return run(store, prepare(folder, DEFAULT_AS_OF, WINDOWS, rules, **options))


def rewrite(path: Path, change: Callable[[Any], Any]) -> None:
    pq.write_table(change(pq.read_table(path)), path)


def _without(user_id: str) -> Callable[[Any], Any]:
    return lambda table: table.filter(pc.not_equal(table["user_id"], user_id))


def subject_assignments(store: Store, user_id: str) -> list[dict[str, Any]]:
    return store.read("read/behavioral/subject_assignments", user_id=user_id, as_of=None)


# --- the source's validation criteria, checked on what the graph holds --------------------------


def test_all_75_subjects_have_an_assignment_for_both_windows(store: Store, features: Path) -> None:
    result = assign_run(store, features)
    graph = fingerprint(store)

    assert result.summary.subjects == 75
    assert result.summary.assignments == result.summary.expected_assignments == 150
    assert result.summary.uncovered == ()
    assert (graph.labels["Subject"], graph.labels["Assignment"]) == (75, 150)
    assert graph.types["HAS_ASSIGNMENT"] == 150
    assert result.prepared.warnings == ()


def test_every_archetype_gets_the_primary_persona_the_source_expects(
    store: Store, features: Path
) -> None:
    alignment = {row.archetype: row for row in assign_run(store, features).summary.alignment}

    assert set(alignment) == set(SubjectArchetype)
    for archetype, row in alignment.items():
        assert row.holds, f"{archetype}: {row.aligned}/{row.subject_windows} {row.expected}"
    assert set(ARCHETYPE_PERSONA) < set(alignment)


def test_stable_subjects_have_status_stable_and_no_primary_persona(
    store: Store, features: Path
) -> None:
    result = assign_run(store, features)
    rows = read_assignments(store, DEFAULT_AS_OF)
    stable = [r for r in rows if r.status == "STABLE"]

    assert stable
    assert all(r.primary_persona_id is None and r.secondary_persona_id is None for r in stable)
    assert len(stable) == result.summary.stable
    assert {r.status for r in rows if r.primary_persona_id is not None} == {"ASSIGNED"}


def test_multi_persona_subjects_have_a_primary_and_a_secondary_relationship(
    store: Store, features: Path
) -> None:
    result = assign_run(store, features)
    graph = fingerprint(store)

    multi = next(r for r in result.summary.alignment if r.archetype.name == "MULTI_PERSONA")
    assert multi.holds
    assert graph.types["SECONDARY"] == result.summary.with_secondary >= multi.subject_windows
    assert graph.types["PRIMARY"] == 150 - result.summary.stable


def test_every_assignment_has_its_trace_with_all_five_evaluations(
    store: Store, features: Path
) -> None:
    result = assign_run(store, features)
    stored = subject_assignments(store, "user_001")

    assert result.summary.missing_traces == 0
    assert [row["window_days"] for row in stored] == [30, 180]
    for row in stored:
        trace = json.loads(row["properties"]["trace"])
        assert sorted(trace["evaluations"]) == [f"persona_{i}" for i in range(1, 6)]
        assert trace["result"]["primary_persona_id"] == 1
        assert trace["result"]["primary_reasoning"].startswith("Matched on ")
        assert row["primary"] == "behavioral-high-utilization"


def test_some_subject_has_a_different_persona_for_30_and_180_days(
    store: Store, features: Path
) -> None:
    result = assign_run(store, features)
    changed = result.summary.differing[0]
    primaries = {
        row["window_days"]: row["properties"]["primary_persona_id"]
        for row in subject_assignments(store, changed)
    }

    assert primaries[30] != primaries[180]


def test_the_features_are_kept_on_the_assignment_and_missing_ones_are_listed(
    store: Store, features: Path
) -> None:
    assign_run(store, features)
    no_card = [
        row["properties"]
        for user in (f"user_{i:03d}" for i in range(1, 76))
        for row in subject_assignments(store, user)
        if "max_utilization" in row["properties"]["missing_features"]
    ]
    first = subject_assignments(store, "user_001")[0]["properties"]

    assert {"recurring_merchant_count", "growth_rate", "max_utilization"} <= set(first)
    assert {"median_pay_gap_days", "pct_days_below_100", "is_overdue"} <= set(first)
    assert (first["window_days"], first["as_of"].iso_format()) == (30, "2025-11-04")
    assert no_card, "the synthetic set has subjects without a credit card"
    assert all("max_utilization" not in props for props in no_card)


# --- re-runs replace, personas are data, seed loads keep them ------------------------------------


def test_re_running_an_as_of_date_replaces_its_assignments(
    store: Store, features: Path, tmp_path: Path
) -> None:
    assign_run(store, features)
    fewer = tmp_path / "fewer"
    shutil.copytree(features, fewer)
    for signal in SIGNALS:
        rewrite(fewer / f"{signal}.parquet", _without("user_075"))

    smaller = assign_run(store, fewer)

    assert smaller.written.assignments_deleted == 2
    assert fingerprint(store).labels["Assignment"] == 148
    assert subject_assignments(store, "user_075") == []


def test_an_identical_re_run_keeps_every_count(store: Store, features: Path) -> None:
    assign_run(store, features)
    before = fingerprint(store)
    again = assign_run(store, features)
    after = fingerprint(store)

    assert (after.labels, after.types) == (before.labels, before.types)
    assert again.written.personas_created == again.written.personas_updated == ()


def test_behavioral_personas_are_upserted_from_the_rules_and_retired_when_removed(
    store: Store, features: Path
) -> None:
    created = assign_run(store, features).written
    config = rules_to_mapping(DEFAULT_RULES)
    config["personas"][2]["focus"] = "Cancel what you do not use"
    del config["personas"][3]  # Savings Builder
    changed = assign_run(store, features, rules_from_mapping(config)).written
    personas = {row["id"]: row for row in store.read("read/behavioral/personas")}

    assert len(created.personas_created) == 5
    assert changed.personas_updated == ("behavioral-subscription-heavy",)
    assert changed.personas_retired == ("behavioral-savings-builder",)
    assert personas["behavioral-subscription-heavy"]["version"] == 2
    assert personas["behavioral-savings-builder"]["is_active"] is False
    assert [row["behavioral_id"] for row in personas.values()] == [1, 2, 5, 3, 4]


def test_a_seed_load_keeps_the_behavioral_personas(store: Store, features: Path) -> None:
    assign_run(store, features)
    report = pipeline.load(store, pipeline.prepare(MINIMAL))
    personas = store.read("read/behavioral/personas")

    assert "Persona" not in report.retired or not any(
        key.startswith("behavioral-") for key in report.retired["Persona"]
    )
    assert len(personas) == 5
    assert all(row["is_active"] for row in personas)
    assert fingerprint(store).types["PRIMARY"] > 0


# --- bad input: a clear report and nothing written ----------------------------------------------


def _string_column(table: Any) -> Any:
    index = table.schema.get_field_index("balance_volatility")
    return table.set_column(
        index, "balance_volatility", table["balance_volatility"].cast(pa.string())
    )


def _negative_utilization(table: Any) -> Any:
    values = table["max_utilization"].to_pylist()
    values[3] = -0.4
    index = table.schema.get_field_index("max_utilization")
    return table.set_column(index, "max_utilization", pa.array(values, pa.float64()))


def _removed(path: Path) -> None:
    path.unlink()


def _zero_window(table: Any) -> Any:
    values = table["window_days"].to_pylist()
    values[0] = 0
    index = table.schema.get_field_index("window_days")
    return table.set_column(index, "window_days", pa.array(values, table["window_days"].type))


@pytest.mark.parametrize("engine", list(Engine))
@pytest.mark.parametrize(
    ("signal", "change", "problem", "options"),
    [
        (
            "cash_flow",
            _string_column,
            "cash_flow.parquet column 'balance_volatility' has type string; it must be a number",
            {},
        ),
        (
            "credit",
            _negative_utilization,
            "credit.parquet: user_002 (window 180) has max_utilization -0.4; utilization "
            "cannot be negative, fix the source data",
            {},
        ),
        (
            "savings",
            _without("user_002"),
            "savings.parquet has no row for user_002 (window 30, 180) as of 2025-11-04; its "
            "savings features count as missing (--strict refuses this run)",
            {"strict": True},
        ),
        ("credit", _zero_window, "window_days is 0 for 'user_001'; give 30 or 180", {}),
        (
            "income",
            _removed,
            "{folder}/income.parquet is missing; every subject's income features count as "
            "missing (--strict refuses this run)",
            {"strict": True},
        ),
    ],
    ids=[
        "wrong-column-type",
        "negative-utilization",
        "subject-missing-strict",
        "zero-window",
        "file-missing",
    ],
)
def test_bad_feature_files_are_reported_and_nothing_is_written(
    store: Store,
    features: Path,
    tmp_path: Path,
    assign_on: AssignOn,
    engine: Engine,
    signal: str,
    change: Callable[[Any], Any],
    problem: str,
    options: dict[str, Any],
) -> None:
    assign_run(store, features)
    before = fingerprint(store)
    bad = tmp_path / "bad"
    shutil.copytree(features, bad)
    path = bad / f"{signal}.parquet"
    if change is _removed:
        path.unlink()
    else:
        rewrite(path, change)

    with pytest.raises(ValidationFailed) as caught:
        assign_on(engine, store, bad, RULES, **options)

    assert caught.value.problems == [problem.format(folder=bad)]
    assert fingerprint(store) == before


def test_a_subject_missing_from_one_file_is_a_warning_and_still_gets_a_full_run(
    store: Store, features: Path, tmp_path: Path
) -> None:
    bad = tmp_path / "gap"
    shutil.copytree(features, bad)
    rewrite(bad / "savings.parquet", _without("user_002"))

    result = assign_run(store, bad)
    (row, _) = subject_assignments(store, "user_002")

    assert result.prepared.warnings == (
        "savings.parquet has no row for user_002 (window 30, 180) as of 2025-11-04; its "
        "savings features count as missing",
    )
    assert result.summary.assignments == 150
    assert {"growth_rate", "net_inflow"} <= set(row["properties"]["missing_features"])


@pytest.mark.parametrize("engine", list(Engine))
def test_a_window_a_date_or_a_folder_without_rows_is_refused_before_anything_is_written(
    store: Store, features: Path, tmp_path: Path, assign_on: AssignOn, engine: Engine
) -> None:
    before = fingerprint(store)

    with pytest.raises(ValidationFailed, match=r"no feature file .* has rows for window 90"):
        assign_on(engine, store, features, RULES, windows=(30, 90))
    with pytest.raises(ValidationFailed, match="as-of dates 2025-11-04: give one of those"):
        assign_on(engine, store, features, RULES, as_of=date(2024, 1, 1))
    with pytest.raises(ValidationFailed, match=r"features folder '.*/nowhere' does not exist"):
        assign_on(engine, store, tmp_path / "nowhere", RULES)

    assert fingerprint(store) == before
