"""The archetype review queue on the seed catalog: every mismatch and few others, the ones
that matter most first, with the same reasons in GraphQL and the command line."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from typer.testing import CliRunner

from personagraph.admin.review_queue import review_queue
from personagraph.cli.app import app
from personagraph.neo4j_local.provision import Provisioned
from personagraph.store import Store
from tests.integration.graphql_api import Api, api_for

QUEUE = """{ archetypeReviewQueue(limit: 1000) {
  id declared inferred confidence mismatch lowConfidence opportunities function reason } }"""


@pytest.fixture
def api(neo4j_server: Provisioned, seed_catalog: Store) -> Iterator[Api]:
    with api_for(neo4j_server.spec, anonymous_reads=True) as api:
        yield api


def test_the_queue_holds_every_mismatch_and_at_most_a_fifth_of_the_personas(
    api: Api, seed_catalog: Store
) -> None:
    queue = api.ok(QUEUE)["archetypeReviewQueue"]
    mismatched = {
        row["id"]
        for row in seed_catalog.run_raw(
            "MATCH (p:Persona) WHERE p.archetype_mismatch RETURN p.id AS id"
        )
    }
    personas = seed_catalog.run_raw("MATCH (p:Persona) RETURN count(p) AS n")[0]["n"]

    assert mismatched <= {item["id"] for item in queue}
    assert len(queue) <= 0.2 * personas
    assert (personas, len(mismatched), len(queue)) == (144, 5, 5)


def test_items_are_ordered_by_how_much_a_decision_matters_and_say_why(api: Api) -> None:
    queue = api.ok(QUEUE)["archetypeReviewQueue"]

    keys = [
        (not item["mismatch"], round(item["confidence"], 2), -item["opportunities"], item["id"])
        for item in queue
    ]
    assert keys == sorted(keys)
    first = queue[0]
    assert first["reason"].startswith(
        f"declared {first['declared']}, inferred {first['inferred']}: "
    )
    assert "put complexity at" in first["reason"]
    assert first["opportunities"] > 0
    assert first["function"] is not None


def test_the_command_line_shows_the_same_reasons(
    api: Api, seed_catalog: Store, cli_env: None
) -> None:
    result = CliRunner().invoke(app, ["personas", "review"], env={"COLUMNS": "400"})

    assert result.exit_code == 0, result.output
    for item in review_queue(seed_catalog).items:
        assert item.reason in result.output
    assert "5 personas need review; showing 5" in result.output
