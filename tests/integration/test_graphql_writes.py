"""Persona mutations: validated, one transaction each, audited, and refused cleanly."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from personagraph.api.api_keys import create_key
from personagraph.api.graphql.runtime.context import Role
from personagraph.neo4j_local.provision import Provisioned
from personagraph.seeding import pipeline
from personagraph.store import Store
from personagraph.store.fingerprint import fingerprint
from tests.integration.graphql_api import Api, api_for

MINIMAL = Path(__file__).resolve().parents[1] / "catalogs" / "minimal"
SKEPTIC = "sales-development-representative-skeptic"


@pytest.fixture
def api(neo4j_server: Provisioned, store: Store) -> Iterator[Api]:
    pipeline.load(store, pipeline.prepare(MINIMAL))
    with api_for(neo4j_server.spec) as api:
        yield api


@pytest.fixture
def editor(store: Store, api: Api) -> str:
    return create_key(store, "test editor", Role.EDITOR).secret


@pytest.fixture
def reader(store: Store, api: Api) -> str:
    return create_key(store, "test reader", Role.READER).secret


def version_of(api: Api, key: str, persona_id: str = SKEPTIC) -> int:
    data = api.ok(f'{{ persona(id: "{persona_id}") {{ version }} }}', key=key)
    return int(data["persona"]["version"])


UPDATE = """
mutation U($id: String!, $version: Int!, $changes: PersonaChanges!) {
  updatePersona(id: $id, version: $version, changes: $changes) {
    id version teamSize inferredArchetype
    auditEvents { action actor before after }
  }
}
"""


def test_an_update_bumps_the_version_reinfers_and_is_audited(api: Api, editor: str) -> None:
    version = version_of(api, editor)
    answer = api(
        UPDATE,
        {
            "id": SKEPTIC,
            "version": version,
            "changes": {"teamSize": 40, "technologyAdoption": "innovator"},
        },
        key=editor,
    )
    assert not answer.errors, answer.errors
    persona = answer.data["updatePersona"]
    assert persona["version"] == version + 1
    assert persona["teamSize"] == 40
    [event] = persona["auditEvents"]
    assert event["action"] == "update"
    assert event["actor"] == "test editor"
    assert event["before"]["team_size"] != 40
    assert event["after"]["team_size"] == 40
    assert event["after"]["inferred_archetype"] == persona["inferredArchetype"]


def test_a_stale_version_is_a_conflict_and_changes_nothing(
    api: Api, editor: str, store: Store
) -> None:
    version = version_of(api, editor)
    before = fingerprint(store)
    answer = api(
        UPDATE, {"id": SKEPTIC, "version": version - 1, "changes": {"teamSize": 1}}, key=editor
    )
    assert answer.codes == ["CONFLICT"]
    assert f"is at version {version}, not {version - 1}" in answer.errors[0]["message"]
    assert fingerprint(store) == before


def test_invalid_changes_name_each_bad_field_and_change_nothing(
    api: Api, editor: str, store: Store
) -> None:
    before = fingerprint(store)
    answer = api(
        UPDATE,
        {
            "id": SKEPTIC,
            "version": version_of(api, editor),
            "changes": {"teamSize": -3, "meetingRatio": 7},
        },
        key=editor,
    )
    assert answer.codes == ["BAD_USER_INPUT"]
    message = answer.errors[0]["message"]
    assert "changes.teamSize" in message
    assert "(got -3)" in message
    assert "changes.meetingRatio" in message
    assert fingerprint(store) == before


def test_mutations_need_an_editor_key(api: Api, reader: str, store: Store) -> None:
    before = fingerprint(store)
    anonymous = api(UPDATE, {"id": SKEPTIC, "version": 1, "changes": {"teamSize": 2}})
    assert anonymous.codes == ["UNAUTHENTICATED"]
    assert "Authorization: Bearer" in anonymous.errors[0]["message"]
    as_reader = api(UPDATE, {"id": SKEPTIC, "version": 1, "changes": {"teamSize": 2}}, key=reader)
    assert as_reader.codes == ["FORBIDDEN"]
    assert "needs the editor role" in as_reader.errors[0]["message"]
    forged = api(UPDATE, {"id": SKEPTIC, "version": 1, "changes": {"teamSize": 2}}, key="pgk_x_y")
    assert forged.codes == ["UNAUTHENTICATED"]
    assert fingerprint(store) == before


def test_reads_need_a_key_unless_anonymous_reads_are_enabled(api: Api, reader: str) -> None:
    assert api("{ personas { id } }").codes == ["UNAUTHENTICATED"]
    assert api.ok("{ personas { id } }", key=reader)["personas"]


def test_create_then_duplicate_with_links(api: Api, editor: str) -> None:
    created = api.ok(
        """mutation { createPersona(input: {id: "new-analyst", name: "Nia Analyst",
             archetype: LEARNER, role: "SALES_DEVELOPMENT_REPRESENTATIVE", teamSize: 0,
             seniorityLevel: "entry", technologyAdoption: "laggard"}) {
           id origin version archetype inferredArchetype role { key }
           archetypesConnection { edges { declared inferred node { name } } } } }""",
        key=editor,
    )["createPersona"]
    assert created["origin"] == "scratch"
    assert created["version"] == 1
    assert created["role"] == {"key": "SALES_DEVELOPMENT_REPRESENTATIVE"}
    declared = [
        e["node"]["name"] for e in created["archetypesConnection"]["edges"] if e["declared"]
    ]
    assert declared == ["LEARNER"]

    copy = api.ok(
        f'mutation {{ duplicatePersona(id: "{SKEPTIC}", newId: "skeptic-copy") {{'
        " id name origin createdFrom { id } painPoints { key } goals { key } } }",
        key=editor,
    )["duplicatePersona"]
    original = api.ok(
        f'{{ persona(id: "{SKEPTIC}") {{ name painPoints {{ key }} goals {{ key }} }} }}',
        key=editor,
    )
    assert copy["origin"] == "duplicate"
    assert copy["createdFrom"] == {"id": SKEPTIC}
    assert copy["name"] == original["persona"]["name"] + " (copy)"
    assert copy["painPoints"] == original["persona"]["painPoints"]
    assert copy["goals"] == original["persona"]["goals"]


def test_a_taken_id_is_a_conflict(api: Api, editor: str) -> None:
    answer = api(
        f'mutation {{ createPersona(input: {{id: "{SKEPTIC}", name: "Twin",'
        " archetype: SKEPTIC}) { id } }",
        key=editor,
    )
    assert answer.codes == ["CONFLICT"]
    assert SKEPTIC in answer.errors[0]["message"]


def test_soft_delete_hides_the_persona_from_lists(api: Api, editor: str) -> None:
    version = version_of(api, editor)
    deleted = api.ok(
        f'mutation {{ deletePersona(id: "{SKEPTIC}", version: {version}) {{ isActive }} }}',
        key=editor,
    )
    assert deleted == {"deletePersona": {"isActive": False}}
    ids = [p["id"] for p in api.ok("{ personas { id } }", key=editor)["personas"]]
    assert SKEPTIC not in ids
    hidden = api.ok("{ personas(where: {isActive: {eq: false}}) { id } }", key=editor)
    assert hidden == {"personas": [{"id": SKEPTIC}]}


def test_a_protected_default_persona_refuses_deletion(api: Api, editor: str, store: Store) -> None:
    store.run_raw("MATCH (p:Persona {id: $id}) SET p.is_default = true", id=SKEPTIC)
    before = fingerprint(store)
    version = version_of(api, editor)
    answer = api(
        f'mutation {{ deletePersona(id: "{SKEPTIC}", version: {version}) {{ id }} }}',
        key=editor,
    )
    assert answer.codes == ["CONFLICT"]
    assert "protected default persona" in answer.errors[0]["message"]
    assert fingerprint(store) == before


def test_an_override_records_a_migration_and_leaves_the_review_queue(api: Api, editor: str) -> None:
    version = version_of(api, editor)
    persona = api.ok(
        f'mutation {{ overrideArchetype(id: "{SKEPTIC}", archetype: LEARNER,'
        f' reason: "Interviewed: curious, not resistant", version: {version}) {{'
        " archetype requiresReview version"
        " archetypesConnection { edges { declared overridden node { name } } }"
        " archetypeMigrations { fromArchetype toArchetype reason actor }"
        " auditEvents { action } } }",
        key=editor,
    )["overrideArchetype"]
    assert persona["archetype"] == "LEARNER"
    assert persona["requiresReview"] is False
    assert persona["version"] == version + 1
    assert persona["archetypeMigrations"] == [
        {
            "fromArchetype": "SKEPTIC",
            "toArchetype": "LEARNER",
            "reason": "Interviewed: curious, not resistant",
            "actor": "test editor",
        }
    ]
    declared = [e for e in persona["archetypesConnection"]["edges"] if e["declared"]]
    assert [(e["node"]["name"], e["overridden"]) for e in declared] == [("LEARNER", True)]
    assert [e["action"] for e in persona["auditEvents"]] == ["override_archetype"]


def test_unknown_personas_are_not_found(api: Api, editor: str) -> None:
    answer = api('mutation { reinferArchetype(id: "nobody") { id } }', key=editor)
    assert answer.codes == ["NOT_FOUND"]
    assert "'nobody'" in answer.errors[0]["message"]


def test_audit_payloads_are_json(api: Api, editor: str) -> None:
    api.ok(f'mutation {{ reinferArchetype(id: "{SKEPTIC}") {{ id }} }}', key=editor)
    events = api.ok("{ auditEvents { action before after } }", key=editor)["auditEvents"]
    assert [e["action"] for e in events] == ["reinfer"]
    assert json.loads(json.dumps(events[0]["after"]))["id"] == SKEPTIC


def test_a_scoring_run_from_graphql_ranks_and_explains(api: Api, editor: str) -> None:
    run = api.ok(
        "mutation { scoreOpportunities(top: 3) { id gdsVersion parameters"
        " scoresConnection(sort: [{edge: {rank: ASC}}], first: 3) {"
        " totalCount edges { rank overall reach explanation node { key scoreRank } } } } }",
        key=editor,
    )["scoreOpportunities"]
    assert run["gdsVersion"].startswith("2.13")
    edges = run["scoresConnection"]["edges"]
    assert [edge["rank"] for edge in edges] == [1, 2, 3]
    assert all(edge["node"]["scoreRank"] == edge["rank"] for edge in edges)
    assert edges[0]["overall"] >= edges[1]["overall"] >= edges[2]["overall"]
    assert edges[0]["explanation"]["personas"]
    assert run["scoresConnection"]["totalCount"] >= 3


def test_a_segment_matching_nobody_is_bad_input(api: Api, editor: str) -> None:
    answer = api('mutation { scoreOpportunities(function: "NOWHERE") { id } }', key=editor)
    assert answer.codes == ["BAD_USER_INPUT"]
    assert "NOWHERE" in answer.errors[0]["message"]


def test_clusters_and_similar_personas_are_found_from_graphql(api: Api, editor: str) -> None:
    clusters = api.ok(
        "mutation { findPainClusters(topK: 5) { kind finishedAt"
        " clusters { personaCount painPoints { key } } } }",
        key=editor,
    )["findPainClusters"]
    assert clusters["kind"] == "pain_clusters"
    assert clusters["finishedAt"]
    assert clusters["clusters"]
    assert all(cluster["painPoints"] for cluster in clusters["clusters"])

    run = api.ok("mutation { findSimilarPersonas(topK: 3) { id kind } }", key=editor)
    assert run["findSimilarPersonas"]["kind"] == "similar_personas"
    persona = api.ok(
        f'{{ persona(id: "{SKEPTIC}") {{ similarPersonasConnection(sort: [{{edge: {{rank: ASC}}}}])'
        " { edges { rank score run node { id } } } } }",
        key=editor,
    )["persona"]
    edges = persona["similarPersonasConnection"]["edges"]
    assert [edge["rank"] for edge in edges] == list(range(1, len(edges) + 1))
    assert all(edge["run"] == run["findSimilarPersonas"]["id"] for edge in edges)
    assert all(0 < edge["score"] <= 1 for edge in edges)


def test_a_duplicate_needs_a_slug_for_its_new_id(api: Api, editor: str, store: Store) -> None:
    before = fingerprint(store)
    answer = api(
        f'mutation {{ duplicatePersona(id: "{SKEPTIC}", newId: "Not A Slug") {{ id }} }}',
        key=editor,
    )
    assert answer.codes == ["BAD_USER_INPUT"]
    assert "'Not A Slug'" in answer.errors[0]["message"]
    assert fingerprint(store) == before
