"""``personagraph route`` and ``personagraph route replay`` against the real database."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from personagraph.cli.app import app
from personagraph.embedding import MiniLmEmbedder
from personagraph.matching import match_personas
from personagraph.routing.decision import ANSWER_KEYS
from personagraph.seeding import pipeline
from personagraph.store import Store

MINIMAL = Path(__file__).resolve().parents[1] / "catalogs" / "minimal"
AUTOMATOR = "sales-development-representative-automator"


@pytest.fixture
def loaded(store: Store, cli_env: None) -> Store:
    pipeline.load(store, pipeline.prepare(MINIMAL))
    return store


def test_route_json_prints_exactly_the_answer_keys_in_the_sources_spellings(
    loaded: Store,
) -> None:
    result = CliRunner().invoke(
        app, ["route", "--persona", AUTOMATOR, "--json", "Generate my weekly report"]
    )

    assert result.exit_code == 0, result.output
    answer = json.loads(result.stdout)
    assert tuple(answer) == ANSWER_KEYS
    assert answer["service_layer"] == "WORKFLOWS"
    assert answer["configuration"] == {
        "automation_level": "high",
        "explanation_depth": "minimal",
        "citation_density": "low",
        "proactivity_level": "high",
        "hitl_frequency": "key_steps",  # the role's override (sdr_review)
    }
    assert answer["policy"] == {"action": "allow", "reason": "no policy finding", "findings": []}
    assert answer["rule"]["id"] == "automator_routine_task"
    assert answer["archetype"] == "AUTOMATOR"
    # The CLI's decision is in the audit log before the command returns.
    logged = loaded.run_raw("MATCH (d:RoutingDecision) RETURN d.rule_id AS rule")
    assert logged == [{"rule": "automator_routine_task"}]


def test_route_without_persona_routes_for_the_closest_persona_and_says_so(
    loaded: Store, embedder: MiniLmEmbedder
) -> None:
    request = "Book discovery calls with the leads who opened my cold e-mail sequence"
    best = match_personas(loaded, embedder, request, top_k=1, kind="workforce")[0]

    as_json = CliRunner().invoke(app, ["route", "--json", request])
    as_text = CliRunner().invoke(app, ["route", request])

    assert as_json.exit_code == 0, as_json.output
    answer = json.loads(as_json.stdout)
    assert tuple(answer) == ANSWER_KEYS
    assert answer["persona"]["id"] == best.id
    assert best.id.startswith("sales-development-representative-")
    assert answer["persona"]["match_score"] == pytest.approx(best.score)
    assert f"persona matching chose {best.id}" in answer["explanation"]
    assert as_text.exit_code == 0, as_text.output
    assert f"persona {best.id} chosen by persona matching (score {best.score:.2f})" in " ".join(
        as_text.output.split()
    )


def test_route_names_an_unknown_persona_and_an_empty_request(loaded: Store) -> None:
    unknown = CliRunner().invoke(app, ["route", "--persona", "nobody", "Generate my report"])
    empty = CliRunner().invoke(app, ["route", "--persona", AUTOMATOR, " "])

    assert unknown.exit_code == 1
    assert "no active persona 'nobody'" in " ".join(unknown.output.split())
    assert empty.exit_code == 1
    assert "request: is empty" in empty.output


def test_route_replay_reports_the_changes_of_a_candidate_folder(
    loaded: Store, tmp_path: Path
) -> None:
    runner = CliRunner()
    for request in ("Generate my weekly report", "What's our travel policy?"):
        runner.invoke(app, ["route", "--persona", AUTOMATOR, request])
    candidate = tmp_path / "candidate"
    shutil.copytree(MINIMAL / "routing", candidate)
    rules = candidate / "rules.yaml"
    rules.write_text(
        rules.read_text().replace("service_layer: WORKFLOWS", "service_layer: ASK_PANEL")
    )

    result = runner.invoke(app, ["route", "replay", "--rules", str(candidate), "--json"])
    since_tomorrow = runner.invoke(
        app, ["route", "replay", "--rules", str(candidate), "--since", "2999-01-01"]
    )

    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert (report["replayed"], report["changed"]) == (2, 1)
    assert report["transitions"][0]["from_layer"] == "WORKFLOWS"
    assert report["transitions"][0]["to_layer"] == "ASK_PANEL"
    assert "replayed 0 logged decisions" in " ".join(since_tomorrow.output.split())


def test_route_replay_refuses_a_candidate_with_overlapping_rules(
    loaded: Store, tmp_path: Path
) -> None:
    broken = MINIMAL.parent / "broken" / "overlapping_routing_rules" / "routing"

    result = CliRunner().invoke(app, ["route", "replay", "--rules", str(broken)])

    assert result.exit_code == 1
    assert "have the same priority 100 and could both match" in " ".join(result.output.split())
