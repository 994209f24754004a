"""``personagraph analyze …``: rankings, segments, runs, comparisons, clusters, similarity."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from personagraph.cli.app import app
from personagraph.seeding import pipeline
from personagraph.seeding.writer import write_plan
from personagraph.store import Store
from tests.integration import handbuilt

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


@pytest.mark.usefixtures("cli_env")
def test_pattern_commands_print_clusters_similar_personas_and_readiness(store: Store) -> None:
    write_plan(store, handbuilt.plan())
    runner = CliRunner()
    wide = {"COLUMNS": "250"}

    clusters = runner.invoke(app, ["analyze", "pain-clusters"], env=wide)
    similar = runner.invoke(app, ["analyze", "similar-personas", "--persona", "ann"], env=wide)
    archetypes = runner.invoke(app, ["analyze", "archetypes"], env=wide)
    cosine = runner.invoke(app, ["analyze", "similar-personas", "--metric", "cosine"], env=wide)

    assert clusters.exit_code == 0, clusters.output
    assert "WHITE SPACE" in clusters.output
    assert "1 white space" in clusters.output
    assert similar.exit_code == 0, similar.output
    assert "bob" in similar.output
    assert "0.800" in similar.output
    assert archetypes.exit_code == 0, archetypes.output
    assert "0.633" in archetypes.output  # everyone: 380 / 600
    assert cosine.exit_code == 1
    assert "'COSINE'" in cosine.output


@pytest.mark.usefixtures("cli_env")
def test_runs_are_listed_and_two_of_them_compared(store: Store) -> None:
    write_plan(store, handbuilt.plan())
    runner = CliRunner()
    wide = {"COLUMNS": "250"}
    runner.invoke(app, ["analyze", "opportunities"], env=wide)
    runner.invoke(app, ["analyze", "opportunities", "--archetype", "skeptic"], env=wide)

    listed = runner.invoke(app, ["analyze", "runs"], env=wide)
    ids = [row["id"] for row in store.read("analytics/scoring_runs", limit=2)]
    compared = runner.invoke(app, ["analyze", "compare", ids[1], ids[0]], env=wide)
    unknown = runner.invoke(app, ["analyze", "compare", "nope", ids[0]], env=wide)

    assert listed.exit_code == 0, listed.output
    assert ids[0] in listed.output
    assert "SKEPTIC" in listed.output
    assert compared.exit_code == 0, compared.output
    assert "Assistant" in compared.output
    assert "'archetype': 'SKEPTIC'" in compared.output
    assert unknown.exit_code == 1
    assert "'nope'" in unknown.output
