"""``personagraph analyze opportunities`` ranks, stores the run, and honours segments."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from personagraph.cli.app import app
from personagraph.seeding import pipeline
from personagraph.store import Store

MINIMAL = Path(__file__).resolve().parents[1] / "catalogs" / "minimal"


@pytest.mark.usefixtures("cli_env")
def test_a_scoring_run_prints_the_ranking_and_a_segment_is_named_in_it(store: Store) -> None:
    pipeline.load(store, pipeline.prepare(MINIMAL))
    runner = CliRunner()

    everyone = runner.invoke(app, ["analyze", "opportunities"], env={"COLUMNS": "250"})
    sales = runner.invoke(
        app, ["analyze", "opportunities", "--function", "SALES"], env={"COLUMNS": "250"}
    )
    nobody = runner.invoke(
        app, ["analyze", "opportunities", "--function", "NO_SUCH_FUNCTION"], env={"COLUMNS": "250"}
    )

    assert everyone.exit_code == 0, everyone.output
    assert "Touchless" in everyone.output or "touchless" in everyone.output.lower()
    assert "'function': None" in everyone.output
    assert sales.exit_code == 0, sales.output
    assert "'function': 'SALES'" in sales.output
    assert nobody.exit_code == 1
    assert "NO_SUCH_FUNCTION" in nobody.output
