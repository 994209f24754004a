"""Routing through the service: the source's end-to-end test, errors, audit, replay, metrics."""

from __future__ import annotations

import json
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from personagraph.api.api_keys import create_key
from personagraph.api.graphql.runtime.context import Role
from personagraph.embedding import MiniLmEmbedder
from personagraph.matching import match_personas
from personagraph.neo4j_local.provision import Provisioned
from personagraph.routing.router import EPOCH, Router, recorder_for
from personagraph.seeding import pipeline
from personagraph.store import Store
from tests.integration.graphql_api import Api, api_for

MINIMAL = Path(__file__).resolve().parents[1] / "catalogs" / "minimal"
AUTOMATOR = "sales-development-representative-automator"
LEARNER = "sales-development-representative-learner"
ROUTE = """
query R($persona: ID, $request: String!, $context: JSON) {
  route(personaId: $persona, request: $request, context: $context) {
    serviceLayer
    configuration {
      automationLevel explanationDepth citationDensity proactivityLevel hitlFrequency
    }
    requestType { value evidence { signal matched } }
    complexity { value }
    sentiment { value score }
    policy { action reason findings { policy action evidence { matched } } }
    rule { id kind priority overrides }
    persona { id function role matchScore }
    archetype explanation rulesVersion
  }
}
"""
# Personal data of every kind the detectors know; none of it may reach the graph.
PERSONAL = {
    "email": "jane.roe@example.com",
    "phone": "+1 (415) 555-0134",
    "card": "4111 1111 1111 1111",
    "ssn": "123-45-6789",
}


@pytest.fixture
def api(neo4j_server: Provisioned, store: Store) -> Iterator[Api]:
    pipeline.load(store, pipeline.prepare(MINIMAL))
    with api_for(neo4j_server.spec, anonymous_reads=True) as api:
        yield api


def router_of(api: Api) -> Router:
    router: Router = api.client.app.state.router  # type: ignore[attr-defined]
    return router


def route(api: Api, persona: str | None, request: str, **context: Any) -> Any:
    variables = {"persona": persona, "request": request, "context": context or None}
    return api.ok(ROUTE, variables)["route"]


def test_an_automator_asking_for_the_weekly_report_gets_workflows(api: Api, store: Store) -> None:
    # The source's end-to-end test: create a user with an Automator persona, ask, check.
    editor = create_key(store, "e2e", Role.EDITOR).secret
    created = api.ok(
        'mutation { createPersona(input: {id: "test-user-automator", name: "Test User", '
        "archetype: AUTOMATOR}) { id archetype } }",
        key=editor,
    )
    assert created["createPersona"]["archetype"] == "AUTOMATOR"

    answer = route(api, "test-user-automator", "Generate my weekly report")

    assert answer["serviceLayer"] == "WORKFLOWS"
    assert answer["configuration"]["automationLevel"] == "high"
    assert answer["configuration"]["explanationDepth"] == "minimal"
    assert answer["rule"]["id"] == "automator_routine_task"
    assert answer["requestType"]["value"] == "routine_task"
    assert "weekly" in answer["requestType"]["evidence"][0]["matched"]


def test_two_personas_of_one_role_get_different_answers_by_archetype(api: Api) -> None:
    request = "Generate my weekly pipeline report"

    automator = route(api, AUTOMATOR, request)
    learner = route(api, LEARNER, request)

    assert (automator["serviceLayer"], automator["rule"]["id"]) == (
        "WORKFLOWS",
        "automator_routine_task",
    )
    assert (learner["serviceLayer"], learner["rule"]["id"]) == ("ASK_EXPERT", "default")
    assert automator["persona"]["role"] == learner["persona"]["role"]
    # The override of the role (sdr_review) has the last word on human-in-the-loop.
    assert automator["rule"]["overrides"] == ["sdr_review"]
    assert automator["configuration"]["hitlFrequency"] == "key_steps"


def test_crisis_language_escalates_whatever_the_archetype(api: Api) -> None:
    request = "I am feeling overwhelmed and want to self-harm"

    answers = [route(api, persona, request) for persona in (AUTOMATOR, LEARNER)]

    for answer in answers:
        assert answer["serviceLayer"] == "HUMAN_ESCALATION"
        assert answer["policy"]["action"] == "escalate"
        assert answer["rule"] == {
            "id": "crisis_language",
            "kind": "policy",
            "priority": None,
            "overrides": [],
        }


def test_unknown_persona_empty_and_oversized_requests_are_refused_by_name(api: Api) -> None:
    unknown = api(ROUTE, {"persona": "nobody-here", "request": "Generate my weekly report"})
    empty = api(ROUTE, {"persona": AUTOMATOR, "request": "   "})
    huge = api(ROUTE, {"persona": AUTOMATOR, "request": "report " * 15_000})

    assert unknown.codes == ["NOT_FOUND"]
    assert "nobody-here" in unknown.errors[0]["message"]
    assert empty.codes == ["BAD_USER_INPUT"]
    assert empty.errors[0]["message"].startswith("request: is empty")
    assert huge.codes == ["BAD_USER_INPUT"]
    assert "105,000 characters is over the limit of 8,000" in huge.errors[0]["message"]


def test_without_a_persona_the_closest_persona_by_matching_is_routed_for(
    api: Api, store: Store, embedder: MiniLmEmbedder
) -> None:
    request = "Key the supplier invoices from the AP inbox into the ERP and chase approvals"
    best = match_personas(store, embedder, request, top_k=1, kind="workforce")[0]

    answer = route(api, None, request)

    assert answer["persona"]["id"] == best.id
    assert best.id.startswith("accounts-payable-specialist-")
    assert answer["persona"]["matchScore"] == pytest.approx(best.score)
    assert answer["archetype"] == best.id.rsplit("-", 1)[1].upper()
    assert answer["explanation"].startswith(
        f"No persona was given: persona matching chose {best.id} "
    )
    assert f"(match score {best.score:.2f})" in answer["explanation"]
    named = route(api, AUTOMATOR, request)
    assert named["persona"]["matchScore"] is None
    assert "persona matching" not in named["explanation"]
    router_of(api).recorder.flush()  # type: ignore[union-attr]
    logged = store.run_raw(
        "MATCH (d:RoutingDecision)-[:FOR_PERSONA]->(p) RETURN p.id AS persona ORDER BY d.decided_at"
    )
    assert logged == [{"persona": best.id}, {"persona": AUTOMATOR}]


@pytest.mark.parametrize(
    ("overrides", "reason"),
    [
        (
            {"routing_match_personas": False},
            "choosing one from the request is off (PERSONAGRAPH_ROUTING_MATCH_PERSONAS)",
        ),
        ({"routing_match_min_score": 0.9999}, "no persona is close enough to this request"),
    ],
)
def test_without_a_persona_and_none_to_choose_the_request_is_bad_input(
    neo4j_server: Provisioned, store: Store, overrides: dict[str, Any], reason: str
) -> None:
    pipeline.load(store, pipeline.prepare(MINIMAL))
    with api_for(neo4j_server.spec, anonymous_reads=True, **overrides) as api:
        missing = api(ROUTE, {"persona": None, "request": "Generate my weekly report"})

    assert missing.codes == ["BAD_USER_INPUT"]
    assert missing.errors[0]["message"] == f"personaId: give the persona to route for; {reason}"


def test_the_audit_log_holds_every_decision_and_no_personal_data(api: Api, store: Store) -> None:
    request = (
        f"Please send the weekly report to {PERSONAL['email']}, call {PERSONAL['phone']}, "
        f"bill card {PERSONAL['card']}, my SSN is {PERSONAL['ssn']}"
    )
    answer = route(api, AUTOMATOR, request, note=f"from {PERSONAL['email']}", documents=1)
    router_of(api).recorder.flush()  # type: ignore[union-attr]

    rows = store.read("read/routing/decisions_since", since=EPOCH, limit=10)
    everything = json.dumps(
        store.run_raw("MATCH (d:RoutingDecision) RETURN properties(d) AS p"), default=str
    )

    assert answer["policy"]["action"] == "redact"
    found = {finding["policy"] for finding in answer["policy"]["findings"]}
    assert found == {"email_address", "phone_number", "payment_card", "national_id"}
    assert len(rows) == 1
    assert rows[0]["request"] == (
        "Please send the weekly report to [EMAIL], call [PHONE], bill card [CARD], "
        "my SSN is [NATIONAL_ID]"
    )
    assert json.loads(rows[0]["context"]) == {"documents": 1, "note": "from [EMAIL]"}
    for value in PERSONAL.values():
        assert value not in everything
        assert value not in json.dumps(answer)
    linked = store.run_raw("MATCH (:RoutingDecision)-[:FOR_PERSONA]->(p) RETURN p.id AS id")
    assert linked == [{"id": AUTOMATOR}]


def test_replay_reports_what_a_changed_rule_would_move(api: Api, store: Store) -> None:
    for persona in (AUTOMATOR, LEARNER):
        route(api, persona, "Generate my weekly report for jane.roe@example.com")
        route(api, persona, "Explain how lead scoring works")
    router_of(api).recorder.flush()  # type: ignore[union-attr]
    rules = json.loads(store.read("read/routing/active_rule_set")[0]["rules"])
    query = """query P($rules: JSON!) { routingReplay(rules: $rules) {
      replayed changed unchanged
      transitions { fromLayer toLayer count examples { personaId request fromRule toRule } } } }"""
    editor = create_key(store, "replay", Role.EDITOR).secret

    same = api.ok(query, {"rules": rules}, key=editor)["routingReplay"]
    rules["rules"][0]["route"]["service_layer"] = "ASK_EXPERT"  # automator_routine_task
    changed = api.ok(query, {"rules": rules}, key=editor)["routingReplay"]

    assert (same["replayed"], same["changed"]) == (4, 0)
    assert (changed["replayed"], changed["changed"], changed["unchanged"]) == (4, 1, 3)
    transition = changed["transitions"][0]
    assert (transition["fromLayer"], transition["toLayer"], transition["count"]) == (
        "WORKFLOWS",
        "ASK_EXPERT",
        1,
    )
    assert transition["examples"][0]["request"] == "Generate my weekly report for [EMAIL]"
    assert transition["examples"][0]["personaId"] == AUTOMATOR


def test_a_candidate_with_a_tie_is_refused_naming_both_rules(api: Api, store: Store) -> None:
    rules = json.loads(store.read("read/routing/active_rule_set")[0]["rules"])
    rules["rules"][1]["when"] = rules["rules"][0]["when"]  # two automator routine-task rules
    editor = create_key(store, "replay", Role.EDITOR).secret

    answer = api(
        "query P($rules: JSON!) { routingReplay(rules: $rules) { changed } }",
        {"rules": rules},
        key=editor,
    )

    assert answer.codes == ["BAD_USER_INPUT"]
    assert (
        "'automator_routine_task' (rules[0]) and 'automator_quick_question'"
        in (answer.errors[0]["message"])
    )


def test_metrics_count_decisions_by_layer_rule_archetype_and_action(api: Api) -> None:
    route(api, AUTOMATOR, "Generate my weekly report")
    route(api, LEARNER, "I want to kill myself")

    text = api.client.get("/metrics").text

    assert (
        'personagraph_routing_decisions_total{action="allow",archetype="AUTOMATOR",'
        'layer="WORKFLOWS",rule="automator_routine_task"} 1.0'
    ) in text
    assert (
        'personagraph_routing_decisions_total{action="escalate",archetype="LEARNER",'
        'layer="HUMAN_ESCALATION",rule="crisis_language"} 1.0'
    ) in text
    assert "personagraph_routing_decision_seconds_count 2.0" in text


def test_new_rules_loaded_with_the_catalog_take_effect_at_the_next_request(
    api: Api, store: Store, tmp_path: Path
) -> None:
    before = route(api, AUTOMATOR, "Generate my weekly report")
    catalog = tmp_path / "catalog"
    _copy(MINIMAL, catalog)
    rules = catalog / "routing" / "rules.yaml"
    rules.write_text(
        rules.read_text().replace("service_layer: WORKFLOWS", "service_layer: SOLUTION_BUILDER")
    )
    pipeline.load(store, pipeline.prepare(catalog))

    after = route(api, AUTOMATOR, "Generate my weekly report")
    versions = store.run_raw(
        "MATCH (s:RoutingRuleSet) RETURN s.id AS id, s.is_active AS active ORDER BY active"
    )

    assert (before["serviceLayer"], after["serviceLayer"]) == ("WORKFLOWS", "SOLUTION_BUILDER")
    assert before["rulesVersion"] != after["rulesVersion"]
    assert versions == [
        {"id": before["rulesVersion"], "active": False},
        {"id": after["rulesVersion"], "active": True},
    ]


def test_without_routing_rules_a_request_is_unavailable_and_says_how_to_fix(
    api: Api, store: Store, tmp_path: Path
) -> None:
    catalog = tmp_path / "catalog"
    _copy(MINIMAL, catalog, skip="routing")
    pipeline.load(store, pipeline.prepare(catalog))

    answer = api(ROUTE, {"persona": AUTOMATOR, "request": "Generate my weekly report"})

    assert answer.codes == ["UNAVAILABLE"]
    assert "personagraph seed load" in answer.errors[0]["message"]


def _copy(source: Path, target: Path, skip: str = "") -> None:
    for path in source.rglob("*"):
        relative = path.relative_to(source)
        if path.is_file() and relative.parts[0] != skip:
            (target / relative).parent.mkdir(parents=True, exist_ok=True)
            (target / relative).write_bytes(path.read_bytes())


def test_concurrent_requests_are_each_logged_once(neo4j_server: Provisioned, store: Store) -> None:
    # Eight threads route through one Router while its background writer flushes batches.
    pipeline.load(store, pipeline.prepare(MINIMAL))
    recorder = recorder_for(store, batch_size=7, interval=0.01, capacity=1000)
    router = Router(store, recorder, max_chars=8000)
    recorder.start()
    requests = [f"Generate the weekly report number {n}" for n in range(20)]

    def client(persona: str) -> list[str]:
        return [router.route(persona, text).service_layer.value for text in requests]

    personas = [AUTOMATOR, LEARNER] * 4
    with ThreadPoolExecutor(max_workers=8) as pool:
        layers = [layer for answer in pool.map(client, personas) for layer in answer]
    recorder.close()

    counts = store.run_raw(
        "MATCH (d:RoutingDecision) RETURN count(d) AS decisions, count(DISTINCT d.id) AS ids"
    )
    assert layers.count("WORKFLOWS") == layers.count("ASK_EXPERT") == 80
    assert counts == [{"decisions": 160, "ids": 160}]
    assert recorder.stats().dropped == 0
