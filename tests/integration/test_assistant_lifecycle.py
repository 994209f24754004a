"""Assistant personas: made from templates or from scratch, duplicated, deleted (never a
default one), favourites and categories; each change one transaction with its audit
event and its version in the history."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from personagraph.admin import templates
from personagraph.admin.changes import Actor
from personagraph.api.api_keys import create_key
from personagraph.api.graphql.runtime.context import Role
from personagraph.cli.app import app
from personagraph.model.persona_edits import NewAssistant
from personagraph.neo4j_local.provision import Provisioned
from personagraph.seeding import pipeline
from personagraph.store import Store
from personagraph.store.fingerprint import fingerprint
from tests.integration.assistant_catalog import SALES_TEMPLATE, catalog_with_templates
from tests.integration.graphql_api import Api, api_for

FROM_TEMPLATE = """
mutation T($template: String!, $input: PersonaFromTemplateInput!) {
  createPersonaFromTemplate(template: $template, input: $input) {
    id kind origin version name specialty category tags systemPrompt expertise settings
    isActive isDefault
    template { key }
    auditEvents { action actor }
    history(first: 5) { version action actor changes { field before after } }
  }
}
"""
PERSONA = """query P($id: String!) {
  persona(id: $id) {
    id kind origin version isActive isFavourite name systemPrompt settings isDefault
    createdFrom { id } template { key }
    auditEvents(sort: [{occurredAt: ASC}]) { action actor before after }
    history(first: 10) { version action changes { field before after } }
  } }"""


@pytest.fixture
def api(neo4j_server: Provisioned, store: Store, tmp_path: Path) -> Iterator[Api]:
    pipeline.load(store, pipeline.prepare(catalog_with_templates(tmp_path)))
    with api_for(neo4j_server.spec) as api:
        yield api


@pytest.fixture
def editor(store: Store, api: Api) -> str:
    return create_key(store, "therapist", Role.EDITOR).secret


def persona(api: Api, key: str, persona_id: str) -> dict[str, Any]:
    found: dict[str, Any] = api.ok(PERSONA, {"id": persona_id}, key=key)["persona"]
    return found


def make_cbt(api: Api, key: str, persona_id: str = "my-cbt", **changes: Any) -> dict[str, Any]:
    made: dict[str, Any] = api.ok(
        FROM_TEMPLATE,
        {"template": "cbt-therapist", "input": {"id": persona_id, **changes}},
        key=key,
    )["createPersonaFromTemplate"]
    return made


def test_a_cbt_assistant_from_its_template_takes_the_defaults_and_the_customizations(
    api: Api, editor: str
) -> None:
    made = make_cbt(api, editor, name="My CBT Assistant", settings={"temperature": 0.4})

    assert made["kind"] == "assistant"
    assert made["origin"] == "template"
    assert made["template"] == {"key": "cbt-therapist"}
    assert made["name"] == "My CBT Assistant"
    assert made["specialty"] == "Cognitive Behavioral Therapy"
    assert "cognitive-distortions" in made["tags"]
    assert made["systemPrompt"].startswith("You are a supportive CBT assistant")
    assert "Thought records" in made["expertise"]
    # The customization replaces the template's temperature; its other defaults stay.
    assert made["settings"] == {"max_tokens": 1024, "temperature": 0.4, "top_p": 0.9}
    assert (made["version"], made["isActive"], made["isDefault"]) == (1, True, False)
    assert made["auditEvents"] == [{"action": "create_from_template", "actor": "therapist"}]
    [created] = made["history"]
    assert (created["version"], created["action"]) == (1, "create_from_template")
    fields = {change["field"]: change for change in created["changes"]}
    assert fields["name"] == {"field": "name", "before": None, "after": "My CBT Assistant"}


def test_a_workforce_persona_starts_from_its_role_and_archetype_and_is_inferred(
    api: Api, editor: str
) -> None:
    document = f"""mutation T($input: PersonaFromTemplateInput!) {{
      createPersonaFromTemplate(template: "{SALES_TEMPLATE}", input: $input) {{
        id kind origin name teamSize archetype inferredArchetype archetypeConfidence
        role {{ key }} painPoints {{ key }} goals {{ key }} jtbds {{ key }} template {{ key }}
      }} }}"""
    made = api.ok(
        document, {"input": {"id": "new-sdr", "archetype": "SKEPTIC", "teamSize": 0}}, key=editor
    )["createPersonaFromTemplate"]
    catalog = api.ok(
        """{ persona(id: "sales-development-representative-skeptic") {
             painPoints { key } goals { key } jtbds { key } } }""",
        key=editor,
    )["persona"]

    assert (made["kind"], made["origin"], made["archetype"]) == ("workforce", "template", "SKEPTIC")
    assert made["role"] == {"key": "SALES_DEVELOPMENT_REPRESENTATIVE"}
    assert made["template"] == {"key": SALES_TEMPLATE}
    assert made["name"] == "Sales Development Representative (Skeptic)"
    assert made["teamSize"] == 0
    for facet in ("painPoints", "goals", "jtbds"):
        assert sorted(map(str, made[facet])) == sorted(map(str, catalog[facet])), facet
    assert made["inferredArchetype"] in {"AUTOMATOR", "ORCHESTRATOR", "LEARNER", "SKEPTIC"}
    assert 0 <= made["archetypeConfidence"] <= 1


@pytest.mark.parametrize(
    ("template", "changes", "code", "words"),
    [
        ("no-such-template", {}, "NOT_FOUND", "no template 'no-such-template'"),
        ("cbt-therapist", {"archetype": "LEARNER"}, "BAD_USER_INPUT", "have no archetype"),
        (SALES_TEMPLATE, {}, "BAD_USER_INPUT", "give one of AUTOMATOR, LEARNER"),
        ("cbt-therapist", {"settings": {"temprature": 1}}, "BAD_USER_INPUT", "temprature"),
        ("cbt-therapist", {"id": "Not A Slug"}, "BAD_USER_INPUT", "input.id"),
    ],
)
def test_a_bad_template_request_names_the_problem_and_writes_nothing(
    api: Api,
    editor: str,
    store: Store,
    template: str,
    changes: dict[str, Any],
    code: str,
    words: str,
) -> None:
    before = fingerprint(store)

    answer = api(
        FROM_TEMPLATE, {"template": template, "input": {"id": "x1", **changes}}, key=editor
    )

    assert answer.codes == [code]
    assert words in answer.errors[0]["message"]
    assert fingerprint(store) == before


def test_a_taken_id_is_a_conflict(api: Api, editor: str) -> None:
    make_cbt(api, editor)
    answer = api(
        FROM_TEMPLATE, {"template": "mindfulness-guide", "input": {"id": "my-cbt"}}, key=editor
    )
    assert answer.codes == ["CONFLICT"]
    assert "'my-cbt' already exists" in answer.errors[0]["message"]


def test_an_assistant_from_scratch_is_audited_with_origin_scratch(api: Api, editor: str) -> None:
    document = """mutation A($input: NewAssistantInput!) {
      createAssistantPersona(input: $input) {
        id kind origin systemPrompt category auditEvents { action } } }"""
    made = api.ok(
        document,
        {
            "input": {
                "id": "sleep-coach",
                "name": "Sleep Coach",
                "systemPrompt": "You help people sleep.",
                "category": "wellbeing",
            }
        },
        key=editor,
    )["createAssistantPersona"]

    assert made == {
        "id": "sleep-coach",
        "kind": "assistant",
        "origin": "scratch",
        "systemPrompt": "You help people sleep.",
        "category": "wellbeing",
        "auditEvents": [{"action": "create"}],
    }


def test_duplicating_an_assistant_copies_its_prompt_not_its_protection_or_usage(
    api: Api, editor: str, store: Store
) -> None:
    templates.create_assistant(
        store,
        NewAssistant(id="default-cloud", name="Default (cloud)", system_prompt="Be helpful."),
        Actor("setup"),
    )
    store.transaction(
        lambda tx: tx.run(
            "write/personas/update",
            id="default-cloud",
            version=1,
            props={"is_default": True, "chat_count": 12},
        )
    )
    document = """mutation {
      duplicatePersona(id: "default-cloud", newId: "my-helper", name: "My helper") {
        id origin name systemPrompt isDefault chatCount createdFrom { id }
        auditEvents { action } } }"""

    copy = api.ok(document, key=editor)["duplicatePersona"]

    assert copy == {
        "id": "my-helper",
        "origin": "duplicate",
        "name": "My helper",
        "systemPrompt": "Be helpful.",
        "isDefault": False,
        "chatCount": None,
        "createdFrom": {"id": "default-cloud"},
        "auditEvents": [{"action": "duplicate"}],
    }


def test_a_default_persona_cannot_be_deleted_and_the_error_says_so(
    api: Api, editor: str, store: Store
) -> None:
    templates.create_assistant(
        store,
        NewAssistant(id="default-local", name="Default (local)", system_prompt="Hi."),
        Actor("s"),
    )
    store.transaction(
        lambda tx: tx.run(
            "write/personas/update", id="default-local", version=1, props={"is_default": True}
        )
    )
    make_cbt(api, editor)
    before = fingerprint(store)
    delete = (
        "mutation D($id: String!, $v: Int!) { deletePersona(id: $id, version: $v) { isActive } }"
    )

    refused = api(delete, {"id": "default-local", "v": 2}, key=editor)
    assert refused.codes == ["CONFLICT"]
    assert (
        "'default-local' is a protected default persona and cannot be deleted"
        in (refused.errors[0]["message"])
    )
    assert fingerprint(store) == before

    deleted = api.ok(delete, {"id": "my-cbt", "v": 1}, key=editor)["deletePersona"]
    after = persona(api, editor, "my-cbt")
    assert deleted == {"isActive": False}
    assert [e["action"] for e in after["auditEvents"]] == ["create_from_template", "delete"]
    assert after["history"][0]["changes"] == [{"field": "isActive", "before": True, "after": False}]


def test_a_favourite_is_a_versioned_audited_change_and_setting_it_again_changes_nothing(
    api: Api, editor: str, store: Store
) -> None:
    make_cbt(api, editor)
    mark = """mutation F($on: Boolean!) {
      setFavourite(id: "my-cbt", favourite: $on) { isFavourite version } }"""

    assert api.ok(mark, {"on": True}, key=editor)["setFavourite"] == {
        "isFavourite": True,
        "version": 2,
    }
    once = fingerprint(store)
    assert api.ok(mark, {"on": True}, key=editor)["setFavourite"] == {
        "isFavourite": True,
        "version": 2,
    }
    assert fingerprint(store) == once
    assert api.ok(mark, {"on": False}, key=editor)["setFavourite"] == {
        "isFavourite": False,
        "version": 3,
    }
    actions = [e["action"] for e in persona(api, editor, "my-cbt")["auditEvents"]]
    assert sorted(actions) == ["create_from_template", "favourite", "favourite"]


def test_categories_and_specialties_count_active_assistants(api: Api, editor: str) -> None:
    make_cbt(api, editor, "cbt-1")
    make_cbt(api, editor, "cbt-2")
    api.ok(
        """mutation {
          createPersonaFromTemplate(template: "dbt-skills-coach", input: {id: "dbt-1"}) { id } }""",
        key=editor,
    )
    make_cbt(api, editor, "cbt-3", category="custom")
    api.ok('mutation { deletePersona(id: "cbt-2", version: 1) { id } }', key=editor)

    counts = api.ok(
        "{ personaCategories { category count } personaSpecialties { specialty count } }",
        key=editor,
    )

    assert counts["personaCategories"] == [
        {"category": "therapy", "count": 2},
        {"category": "custom", "count": 1},
    ]
    assert {"specialty": "Cognitive Behavioral Therapy", "count": 2} in counts["personaSpecialties"]
    therapy = api.ok(
        """{ personas(where: {kind: {eq: "assistant"}, category: {eq: "therapy"}},
                     sort: [{id: ASC}]) { id } }""",
        key=editor,
    )
    assert therapy["personas"] == [{"id": "cbt-1"}, {"id": "dbt-1"}]


def test_templates_filter_by_specialty_category_and_tag(api: Api, editor: str) -> None:
    found = api.ok(
        """{ byTag: templates(where: {tags: {includes: "anxiety"}}) { key }
             byCategory: templates(where: {category: {eq: "therapy"}}, sort: [{key: ASC}]) { key }
             bySpecialty: templates(where: {specialty: {eq: "Mindfulness & Meditation"}}) { key }
             cbt: template(key: "cbt-therapist") { name icon keyFeatures bestFor defaultSettings
                                                  personas { id } } }""",
        key=editor,
    )

    assert found["byTag"] == [{"key": "cbt-therapist"}]
    assert len(found["byCategory"]) == 6
    assert found["bySpecialty"] == [{"key": "mindfulness-guide"}]
    cbt = found["cbt"]
    assert (cbt["name"], cbt["icon"]) == ("CBT Therapist Assistant", "🧠")
    assert cbt["keyFeatures"]
    assert cbt["bestFor"]
    assert cbt["defaultSettings"]["temperature"] == 0.6
    assert cbt["personas"] == []


def test_one_cli_command_makes_a_cbt_assistant_from_its_template(
    api: Api, editor: str, cli_env: None
) -> None:
    result = CliRunner().invoke(
        app,
        [
            "personas",
            "new",
            "--template",
            "cbt-therapist",
            "--id",
            "cli-cbt",
            "--name",
            "My CBT Assistant",
            "--setting",
            "temperature=0.5",
        ],
    )

    assert result.exit_code == 0, result.output
    assert "created cli-cbt from cbt-therapist" in result.output
    made = persona(api, editor, "cli-cbt")
    assert (made["origin"], made["template"]) == ("template", {"key": "cbt-therapist"})
    assert made["settings"]["temperature"] == 0.5
    assert made["auditEvents"][0]["actor"].startswith("cli:")
