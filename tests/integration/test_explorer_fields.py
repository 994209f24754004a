"""The GraphQL fields the explorer reads, on the seed catalog: search, neighbourhood and
opportunity reach, answered by the real service over the real database."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from personagraph.analytics.scoring import ScoringResult, Segment, run_scoring
from personagraph.neo4j_local.provision import Provisioned
from personagraph.store import Store
from tests.integration.graphql_api import Api, api_for

SEARCH = """query($text: String!, $labels: [String!]) {
  search(text: $text, labels: $labels, limit: 20) { label key caption detail }
}"""
NEIGHBOURHOOD = """query($label: String!, $key: String!) {
  neighbourhood(label: $label, key: $key, limit: 5) {
    node { label key caption score needsReview }
    properties
    groups { type direction total nodes { node { label key caption } link } }
  }
}"""
REACH = """query($key: String!) {
  opportunityReach(key: $key) {
    key name rank overall reach run { id parameters }
    personas { key name personas share }
    functions { key name personas share }
    archetypes { key personas share }
  }
}"""


@pytest.fixture(scope="module")
def api(seed_catalog: Store, neo4j_server: Provisioned) -> Iterator[Api]:
    with api_for(neo4j_server.spec, anonymous_reads=True) as client:
        yield client


@pytest.fixture(scope="module")
def scored(seed_catalog: Store, neo4j_server: Provisioned) -> ScoringResult:
    return run_scoring(neo4j_server.spec, seed_catalog)


def test_search_finds_every_label_in_any_case(api: Api) -> None:
    hits = api.ok(SEARCH, {"text": "MEDICAL"})["search"]

    assert {hit["label"] for hit in hits} >= {"Persona", "Function"}
    assert all("medical" in (hit["caption"] + (hit["detail"] or "")).lower() for hit in hits[:3])


def test_search_by_label_and_names_starting_with_the_text_come_first(api: Api) -> None:
    hits = api.ok(SEARCH, {"text": "manual", "labels": ["PainPoint"]})["search"]

    assert hits
    assert {hit["label"] for hit in hits} == {"PainPoint"}
    starts = [hit["caption"].lower().startswith("manual") for hit in hits]
    assert starts == sorted(starts, reverse=True)


def test_search_refuses_a_label_it_does_not_search(api: Api) -> None:
    answer = api(SEARCH, {"text": "x", "labels": ["Chunk"]})

    assert answer.codes == ["BAD_USER_INPUT"]
    assert "'Chunk' is not searchable" in answer.errors[0]["message"]


def test_neighbourhood_of_a_persona_groups_its_links(api: Api) -> None:
    persona = api.ok(SEARCH, {"text": "Medical Director", "labels": ["Persona"]})["search"][0]

    found = api.ok(NEIGHBOURHOOD, {"label": "Persona", "key": persona["key"]})["neighbourhood"]

    assert found["node"] == {
        "label": "Persona",
        "key": persona["key"],
        "caption": persona["caption"],
        "score": found["properties"]["archetype_confidence"],
        "needsReview": found["properties"]["requires_review"],
    }
    groups = {(g["type"], g["direction"]): g for g in found["groups"]}
    pains = groups[("EXPERIENCES", "OUT")]
    assert pains["total"] >= len(pains["nodes"]) > 0
    assert len(pains["nodes"]) <= 5
    assert all(
        n["node"]["label"] == "PainPoint" and "severity" in n["link"] for n in pains["nodes"]
    )
    assert groups[("IS_A", "OUT")]["nodes"][0]["node"]["label"] == "Archetype"


def test_neighbourhood_of_an_unknown_node_says_which(api: Api) -> None:
    answer = api(NEIGHBOURHOOD, {"label": "Persona", "key": "nobody-here"})

    assert answer.codes == ["NOT_FOUND"]
    assert "No Persona with id 'nobody-here'" in answer.errors[0]["message"]


def test_neighbourhood_refuses_a_label_outside_the_ontology(api: Api) -> None:
    answer = api(NEIGHBOURHOOD, {"label": "ApiKey", "key": "x"})

    assert answer.codes == ["BAD_USER_INPUT"]
    assert "'ApiKey' is not a node label" in answer.errors[0]["message"]


def test_reach_shows_who_is_behind_the_top_opportunity(api: Api, scored: ScoringResult) -> None:
    best = scored.scores[0]

    found = api.ok(REACH, {"key": best.key})["opportunityReach"]

    assert (found["rank"], found["run"]["id"]) == (1, scored.run_id)
    assert found["overall"] == pytest.approx(best.overall)
    assert [p["key"] for p in found["personas"][:3]] == [
        c.key for c in best.explanation.personas[:3]
    ]
    assert sum(f["share"] for f in found["functions"]) == pytest.approx(1.0)
    assert sum(a["personas"] for a in found["archetypes"]) == len(found["personas"])


def test_reach_keeps_to_the_segment_of_the_latest_run(
    api: Api, scored: ScoringResult, seed_catalog: Store, neo4j_server: Provisioned
) -> None:
    segment = run_scoring(neo4j_server.spec, seed_catalog, Segment(function="FINANCE"))
    try:
        found = api.ok(REACH, {"key": segment.scores[0].key})["opportunityReach"]

        assert found["run"]["parameters"]["function"] == "FINANCE"
        assert [f["key"] for f in found["functions"]] == ["FINANCE"]
    finally:  # later tests expect the whole population's scores to be the latest
        run_scoring(neo4j_server.spec, seed_catalog)
