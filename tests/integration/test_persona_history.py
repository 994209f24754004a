"""Version history: every change keeps what it replaced (compactly), any version can be
read back, and a restore is a new version equal to the old one, under optimistic
concurrency like every other edit."""

from __future__ import annotations

import json
import shutil
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import yaml

from personagraph.admin import restore, templates
from personagraph.admin.changes import Actor
from personagraph.api.api_keys import create_key
from personagraph.api.graphql.runtime.context import Role
from personagraph.errors import EditConflict
from personagraph.model.persona_edits import NewAssistant
from personagraph.neo4j_local.provision import Provisioned
from personagraph.seeding import pipeline
from personagraph.store import Store
from personagraph.store.fingerprint import fingerprint
from tests.integration.assistant_catalog import MINIMAL
from tests.integration.graphql_api import Api, api_for

LONG_PROMPT = "You are a careful reviewer. " * 400  # about 11 KB
UPDATE = """mutation U($v: Int!, $changes: PersonaChanges!) {
  updatePersona(id: "reviewer", version: $v, changes: $changes) { version } }"""
HISTORY = """{ persona(id: "reviewer") {
  version history(first: 10) { version action actor changes { field before after } } } }"""
RESTORE = """mutation R($version: Int!, $expected: Int!) {
  restorePersonaVersion(id: "reviewer", version: $version, expectedVersion: $expected) {
    version name tags systemPrompt auditEvents { action } } }"""


@pytest.fixture
def api(neo4j_server: Provisioned, store: Store) -> Iterator[Api]:
    pipeline.load(store, pipeline.prepare(MINIMAL))
    templates.create_assistant(
        store,
        NewAssistant(id="reviewer", name="Reviewer", system_prompt=LONG_PROMPT, tags=["code"]),
        Actor("author"),
    )
    with api_for(neo4j_server.spec) as api:
        yield api


@pytest.fixture
def editor(store: Store, api: Api) -> str:
    return create_key(store, "editor", Role.EDITOR).secret


def edit_three_times(api: Api, key: str) -> None:
    api.ok(UPDATE, {"v": 1, "changes": {"name": "Code Reviewer"}}, key=key)
    api.ok(UPDATE, {"v": 2, "changes": {"tags": ["code", "review"]}}, key=key)
    api.ok(UPDATE, {"v": 3, "changes": {"name": "Senior Reviewer", "context": "Monorepo"}}, key=key)


def test_history_lists_each_change_with_its_fields_before_and_after(api: Api, editor: str) -> None:
    edit_three_times(api, editor)

    found = api.ok(HISTORY, key=editor)["persona"]

    assert found["version"] == 4
    assert [(v["version"], v["action"], v["actor"]) for v in found["history"]] == [
        (4, "update", "editor"),
        (3, "update", "editor"),
        (2, "update", "editor"),
        (1, "create", "author"),
    ]
    newest, tags, renamed = found["history"][:3]
    assert sorted(newest["changes"], key=lambda c: c["field"]) == [
        {"field": "context", "before": None, "after": "Monorepo"},
        {"field": "name", "before": "Code Reviewer", "after": "Senior Reviewer"},
    ]
    assert tags["changes"] == [{"field": "tags", "before": ["code"], "after": ["code", "review"]}]
    assert renamed["changes"] == [{"field": "name", "before": "Reviewer", "after": "Code Reviewer"}]
    first_two = api.ok(HISTORY.replace("first: 10", "first: 2"), key=editor)["persona"]["history"]
    assert [v["version"] for v in first_two] == [4, 3]


def test_history_stores_changed_fields_only_not_copies_of_unchanged_text(
    api: Api, editor: str, store: Store
) -> None:
    edit_three_times(api, editor)

    rows = store.read("read/history/versions", ids=[f"reviewer@{v}" for v in (2, 3, 4)])

    for row in rows:
        replaced = json.loads(row["replaced"])
        assert set(replaced) == set(row["changed"])
        assert "system_prompt" not in replaced
    assert sum(len(row["replaced"]) for row in rows) < 200  # three small edits, no 11 KB copies


def test_persona_as_of_gives_every_earlier_state(api: Api, editor: str) -> None:
    edit_three_times(api, editor)
    document = """query A($v: Int!) { personaAsOf(id: "reviewer", version: $v) {
      version name systemPrompt fields } }"""

    states = [api.ok(document, {"v": v}, key=editor)["personaAsOf"] for v in (1, 2, 3, 4)]

    assert [s["name"] for s in states] == [
        "Reviewer",
        "Code Reviewer",
        "Code Reviewer",
        "Senior Reviewer",
    ]
    assert [s["fields"]["tags"] for s in states] == [["code"], ["code"]] + [["code", "review"]] * 2
    assert "context" not in states[2]["fields"]
    assert states[3]["fields"]["context"] == "Monorepo"
    assert all(s["systemPrompt"] == LONG_PROMPT for s in states)
    missing = api(document, {"v": 9}, key=editor)
    assert missing.codes == ["BAD_USER_INPUT"]
    assert "'reviewer' has versions 1 to 4; 9 is not one of them" in missing.errors[0]["message"]


def test_a_restore_is_a_new_version_equal_to_the_old_one_and_is_audited(
    api: Api, editor: str
) -> None:
    edit_three_times(api, editor)

    restored = api.ok(RESTORE, {"version": 1, "expected": 4}, key=editor)["restorePersonaVersion"]
    state_1 = api.ok('{ personaAsOf(id: "reviewer", version: 1) { fields } }', key=editor)[
        "personaAsOf"
    ]["fields"]
    state_5 = api.ok('{ personaAsOf(id: "reviewer", version: 5) { fields } }', key=editor)[
        "personaAsOf"
    ]["fields"]

    assert (restored["version"], restored["name"], restored["tags"]) == (5, "Reviewer", ["code"])
    assert sorted(e["action"] for e in restored["auditEvents"]) == [
        "create",
        "restore",
        "update",
        "update",
        "update",
    ]
    assert {**state_5, "version": 1} == state_1
    newest = api.ok(HISTORY, key=editor)["persona"]["history"][0]
    assert (newest["version"], newest["action"]) == (5, "restore")
    assert {c["field"] for c in newest["changes"]} == {"name", "tags", "context"}


def test_a_restore_at_a_stale_version_is_a_conflict_and_changes_nothing(
    api: Api, editor: str, store: Store
) -> None:
    edit_three_times(api, editor)
    before = fingerprint(store)

    stale = api(RESTORE, {"version": 1, "expected": 3}, key=editor)

    assert stale.codes == ["CONFLICT"]
    assert "'reviewer' is at version 4, not 3" in stale.errors[0]["message"]
    assert fingerprint(store) == before


def test_of_concurrent_restores_at_one_version_exactly_one_wins(
    api: Api, editor: str, store: Store
) -> None:
    edit_three_times(api, editor)
    start = threading.Barrier(8)

    def attempt(target: int) -> str:
        start.wait()
        try:
            restore.restore_version(store, "reviewer", target, 4, Actor(f"restorer {target}"))
        except EditConflict:
            return "conflict"
        return "ok"

    with ThreadPoolExecutor(8) as pool:
        outcomes = list(pool.map(attempt, [1, 2, 3, 1, 2, 3, 1, 2]))

    assert sorted(outcomes) == ["conflict"] * 7 + ["ok"]
    history = api.ok(HISTORY, key=editor)["persona"]["history"]
    assert [v["action"] for v in history].count("restore") == 1
    assert history[0]["version"] == 5


def test_a_seed_load_that_changes_a_persona_keeps_its_history(
    store: Store, tmp_path: Path, neo4j_server: Provisioned
) -> None:
    pipeline.load(store, pipeline.prepare(MINIMAL))
    catalog = tmp_path / "catalog"
    shutil.copytree(MINIMAL, catalog)
    path = catalog / "functions" / "sales.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["personas"][0]["tagline"] = "A tagline the second load brings"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    persona_id = data["personas"][0]["id"]

    pipeline.load(store, pipeline.prepare(catalog))

    with api_for(neo4j_server.spec, anonymous_reads=True) as api:
        found = api.ok(
            f'{{ persona(id: "{persona_id}") {{ version history(first: 5) {{ version action '
            "changes { field before after } } } }"
        )["persona"]
    [change] = found["history"]
    assert (change["version"], change["action"]) == (found["version"], "seed")
    tagline = [c for c in change["changes"] if c["field"] == "tagline"]
    assert tagline[0]["after"] == "A tagline the second load brings"
