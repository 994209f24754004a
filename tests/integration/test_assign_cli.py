"""``personagraph assign`` and ``personagraph behavioral``: the report a user reads."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from personagraph.cli import assign_commands
from personagraph.cli.app import app
from personagraph.store import Store
from personagraph.store.fingerprint import fingerprint

WIDE = {"COLUMNS": "200"}


@pytest.mark.usefixtures("cli_env")
def test_assign_prints_the_validation_report_and_show_prints_a_trace(
    store: Store, tmp_path: Path
) -> None:
    runner = CliRunner()
    folder = tmp_path / "features"

    synth = runner.invoke(app, ["behavioral", "synth", "--out", str(folder)], env=WIDE)
    assigned = runner.invoke(
        app, ["assign", "--as-of", "2025-11-04", "--features", str(folder)], env=WIDE
    )
    shown = runner.invoke(app, ["behavioral", "show", "user_001", "--as-of", "2025-11-04"])
    listed = runner.invoke(app, ["behavioral", "personas"], env=WIDE)

    assert synth.exit_code == 0, synth.output
    assert "75 subjects, 150 rows per feature file" in synth.output
    assert assigned.exit_code == 0, assigned.output
    assert "1 High Utilization" in assigned.output
    assert "coverage: 150 assignments for 75 subjects x 2 windows (complete)" in assigned.output
    assert "primary differs between windows: 2 subjects" in assigned.output
    assert "archetype alignment" in assigned.output
    assert "✗" not in assigned.output
    assert "behavioral personas created 5" in assigned.output
    assert shown.exit_code == 0, shown.output
    trace = json.loads(shown.output)[0]["trace"]
    assert trace["result"]["primary_persona_name"] == "High Utilization"
    assert "max_utilization >= 0.5" in listed.output


@pytest.mark.usefixtures("cli_env")
def test_assign_generates_the_synthetic_set_when_it_is_missing(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "shipped"
    monkeypatch.setattr(assign_commands, "DEFAULT_FEATURES_DIR", folder)

    result = CliRunner().invoke(app, ["assign", "--as-of", "2025-12-01"], env=WIDE)

    assert result.exit_code == 0, result.output
    assert f"generated the synthetic feature data set (as of 2025-12-01) in {folder}" in (
        result.output.replace("\n", "")
    )
    assert (folder / "credit.parquet").is_file()
    assert fingerprint(store).labels["Assignment"] == 150


@pytest.mark.usefixtures("cli_env")
def test_a_bad_feature_file_exits_1_naming_the_value_and_writes_nothing(
    store: Store, tmp_path: Path
) -> None:
    runner = CliRunner()
    folder = tmp_path / "features"
    runner.invoke(app, ["behavioral", "synth", "--out", str(folder)])
    credit = pq.read_table(folder / "credit.parquet")
    values = credit["max_utilization"].to_pylist()
    values[0] = -1.5
    index = credit.schema.get_field_index("max_utilization")
    pq.write_table(
        credit.set_column(index, "max_utilization", pa.array(values, pa.float64())),
        folder / "credit.parquet",
    )
    before = fingerprint(store)

    result = runner.invoke(
        app, ["assign", "--as-of", "2025-11-04", "--features", str(folder)], env=WIDE
    )
    windows = runner.invoke(app, ["assign", "--as-of", "2025-11-04", "--windows", "30,x"])

    assert result.exit_code == 1
    assert "max_utilization -1.5; utilization cannot be negative" in result.output
    assert windows.exit_code == 1
    assert "'x' is not a number of days; give e.g. 30,180" in windows.output
    assert fingerprint(store) == before


@pytest.mark.usefixtures("cli_env", "spark")
def test_assign_on_spark_prints_the_same_report(store: Store, tmp_path: Path) -> None:
    runner = CliRunner()
    folder = tmp_path / "features"
    runner.invoke(app, ["behavioral", "synth", "--out", str(folder)])
    day = ["--as-of", "2025-11-04", "--features", str(folder)]

    local = runner.invoke(app, ["assign", *day], env=WIDE)
    spark = runner.invoke(app, ["assign", *day, "--engine", "spark"], env=WIDE)

    assert spark.exit_code == 0, spark.output
    assert "Spark session: master local[*], Spark 3.5." in spark.output
    # The report after the session line is the local engine's, but for the personas
    # the first run created.
    report = spark.output.split("\n", 1)[1].replace("created 0", "created 5")
    assert report == local.output
    assert fingerprint(store).labels["Assignment"] == 150


@pytest.mark.usefixtures("cli_env")
def test_a_master_without_the_spark_engine_is_refused(store: Store, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["assign", "--as-of", "2025-11-04", "--master", "spark://elsewhere:7077"]
    )

    assert result.exit_code == 1
    assert "--master 'spark://elsewhere:7077' is for --engine spark" in result.output
