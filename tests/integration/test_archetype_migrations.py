"""Archetype migrations over time: a change of attributes re-infers the persona in the same
transaction and records an inferred migration with its cause; the paths query answers
which moves happened, how often and where, and refuses bad filters by name."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any

import pytest
import yaml

from personagraph import notebook
from personagraph.admin import persona_edits
from personagraph.admin.persona_edits import Actor
from personagraph.api.api_keys import create_key
from personagraph.api.graphql.runtime.context import Role
from personagraph.errors import EditConflict
from personagraph.model.persona_edits import PersonaFields
from personagraph.neo4j_local.provision import Provisioned
from personagraph.seeding import pipeline
from personagraph.store import Store
from tests.integration.graphql_api import Api, api_for
from tests.integration.test_concurrent_edits import burst, winners

MINIMAL = Path(__file__).resolve().parents[1] / "catalogs" / "minimal"
LEARNER = "accounts-payable-specialist-learner"
# What turns this Learner (entry level, early majority, conservative, moderate readiness)
# into an Automator: the same simple work, taken up with AI.
AUTOMATOR_ATTRIBUTES = {
    "technologyAdoption": "innovator",
    "riskTolerance": "aggressive",
    "changeReadiness": "high",
}

UPDATE = """
mutation U($id: String!, $version: Int!, $changes: PersonaChanges!) {
  updatePersona(id: $id, version: $version, changes: $changes) {
    version inferredArchetype
    archetypeMigrations {
      kind fromArchetype toArchetype actor functionKey reason causes
      workComplexityBefore workComplexityAfter aiMaturityBefore aiMaturityAfter
      confidenceBefore confidenceAfter
    }
  }
}
"""
PATHS = """
query P($from: Date, $to: Date, $function: String, $kind: MigrationKind,
        $fromArchetype: ArchetypeName, $toArchetype: ArchetypeName) {
  archetypeMigrationPaths(from: $from, to: $to, function: $function, kind: $kind,
                          fromArchetype: $fromArchetype, toArchetype: $toArchetype) {
    fromArchetype toArchetype kind count functions { functionKey count }
  }
}
"""


@pytest.fixture
def api(neo4j_server: Provisioned, store: Store) -> Iterator[Api]:
    pipeline.load(store, pipeline.prepare(MINIMAL))
    with api_for(neo4j_server.spec) as api:
        yield api


@pytest.fixture
def editor(store: Store, api: Api) -> str:
    return create_key(store, "test editor", Role.EDITOR).secret


def version_of(api: Api, key: str, persona_id: str = LEARNER) -> int:
    data = api.ok(f'{{ persona(id: "{persona_id}") {{ version }} }}', key=key)
    return int(data["persona"]["version"])


def migration_count(store: Store) -> int:
    return int(store.run_raw("MATCH (m:ArchetypeMigration) RETURN count(m) AS n")[0]["n"])


def today() -> str:
    return datetime.now(UTC).date().isoformat()


def test_a_learner_made_an_automator_through_update_persona_records_the_inferred_migration(
    api: Api, editor: str
) -> None:
    version = version_of(api, editor)
    persona = api.ok(
        UPDATE, {"id": LEARNER, "version": version, "changes": AUTOMATOR_ATTRIBUTES}, key=editor
    )["updatePersona"]

    assert persona["inferredArchetype"] == "AUTOMATOR"
    [migration] = persona["archetypeMigrations"]
    assert migration["kind"] == "inferred"
    assert (migration["fromArchetype"], migration["toArchetype"]) == ("LEARNER", "AUTOMATOR")
    assert migration["actor"] == "test editor"
    assert migration["functionKey"] == "FINANCE"
    causes = {c["attribute"]: (c["before"], c["after"]) for c in migration["causes"]}
    assert causes == {
        "technology_adoption": ("early_majority", "innovator"),
        "risk_tolerance": ("conservative", "aggressive"),
        "change_readiness": ("moderate", "high"),
    }
    assert "technology_adoption early_majority → innovator" in migration["reason"]
    assert migration["aiMaturityBefore"] < 50 <= migration["aiMaturityAfter"]
    assert migration["workComplexityBefore"] == migration["workComplexityAfter"] < 50
    assert migration["confidenceAfter"] is not None


def test_an_update_that_keeps_the_quadrant_records_no_migration(
    api: Api, editor: str, store: Store
) -> None:
    version = version_of(api, editor)
    persona = api.ok(
        UPDATE, {"id": LEARNER, "version": version, "changes": {"teamSize": 1}}, key=editor
    )["updatePersona"]

    assert persona["inferredArchetype"] == "LEARNER"
    assert persona["archetypeMigrations"] == []
    assert migration_count(store) == 0


def test_migration_paths_say_which_moves_happened_how_often_and_where(
    api: Api, editor: str
) -> None:
    api.ok(
        UPDATE,
        {"id": LEARNER, "version": version_of(api, editor), "changes": AUTOMATOR_ATTRIBUTES},
        key=editor,
    )
    skeptic = "accounts-payable-specialist-skeptic"
    api.ok(
        f'mutation {{ overrideArchetype(id: "{skeptic}", archetype: LEARNER, reason: '
        f'"Interviewed", version: {version_of(api, editor, skeptic)}) {{ id }} }}',
        key=editor,
    )

    paths = api.ok(PATHS, {"from": today(), "to": today()}, key=editor)["archetypeMigrationPaths"]
    assert sorted(paths, key=lambda p: p["kind"]) == [
        {
            "fromArchetype": "LEARNER",
            "toArchetype": "AUTOMATOR",
            "kind": "INFERRED",
            "count": 1,
            "functions": [{"functionKey": "FINANCE", "count": 1}],
        },
        {
            "fromArchetype": "SKEPTIC",
            "toArchetype": "LEARNER",
            "kind": "OVERRIDE",
            "count": 1,
            "functions": [{"functionKey": "FINANCE", "count": 1}],
        },
    ]
    only_inferred = api.ok(PATHS, {"kind": "INFERRED"}, key=editor)["archetypeMigrationPaths"]
    assert [p["toArchetype"] for p in only_inferred] == ["AUTOMATOR"]
    to_learner = api.ok(PATHS, {"toArchetype": "LEARNER"}, key=editor)["archetypeMigrationPaths"]
    assert [p["kind"] for p in to_learner] == ["OVERRIDE"]
    yesterday = (datetime.now(UTC).date() - timedelta(days=1)).isoformat()
    assert api.ok(PATHS, {"to": yesterday}, key=editor)["archetypeMigrationPaths"] == []
    assert api.ok(PATHS, {"function": "SALES"}, key=editor)["archetypeMigrationPaths"] == []


def test_an_inverted_date_range_is_refused_by_name(api: Api, editor: str) -> None:
    answer = api(PATHS, {"from": "2026-03-01", "to": "2026-02-01"}, key=editor)

    assert answer.codes == ["BAD_USER_INPUT"]
    assert "from 2026-03-01 is after to 2026-02-01" in answer.errors[0]["message"]


def test_an_unknown_archetype_in_a_filter_is_refused_by_name(api: Api, editor: str) -> None:
    answer = api(PATHS, {"fromArchetype": "AUTOMATR"}, key=editor)

    assert answer.data is None
    assert "AUTOMATR" in answer.errors[0]["message"]
    assert "ArchetypeName" in answer.errors[0]["message"]


def test_an_unknown_function_in_a_filter_is_refused_with_the_known_ones(
    api: Api, editor: str
) -> None:
    answer = api(PATHS, {"function": "NOWHERE"}, key=editor)

    assert answer.codes == ["BAD_USER_INPUT"]
    assert (
        "'NOWHERE' is not a function of the graph; use one of FINANCE, SALES"
        in (answer.errors[0]["message"])
    )


def test_concurrent_updates_of_one_version_record_one_migration(store: Store) -> None:
    pipeline.load(store, pipeline.prepare(MINIMAL))
    version = store.read("read/persona_versions", ids=[LEARNER])[0]["version"]
    changes = PersonaFields(
        technology_adoption="innovator", risk_tolerance="aggressive", change_readiness="high"
    )

    def writer(i: int) -> Callable[[], str]:
        return partial(
            persona_edits.update_persona, store, LEARNER, version, changes, Actor(f"w{i}")
        )

    outcomes = burst([writer(i) for i in range(8)])

    assert len(winners(outcomes)) == 1
    assert sum(isinstance(o, EditConflict) for o in outcomes) == 7
    assert migration_count(store) == 1


# --- the catalog load -------------------------------------------------------------------------


def edited_catalog(tmp_path: Path, persona_id: str, attributes: dict[str, Any]) -> Path:
    """A copy of the minimal catalog with some attributes of one persona changed."""
    catalog = tmp_path / "catalog"
    shutil.copytree(MINIMAL, catalog)
    path = catalog / "functions" / "finance.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    persona = next(p for p in data["personas"] if p["id"] == persona_id)
    persona["attributes"].update(attributes)
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return catalog


def test_a_catalog_reload_that_changes_nothing_records_no_migration(store: Store) -> None:
    first = pipeline.load(store, pipeline.prepare(MINIMAL))
    again = pipeline.load(store, pipeline.prepare(MINIMAL))

    assert first.migrations == []
    assert again.migrations == []
    assert not again.changed
    assert migration_count(store) == 0


def test_a_catalog_reload_that_moves_a_persona_records_the_migration_and_its_cause(
    store: Store, tmp_path: Path
) -> None:
    pipeline.load(store, pipeline.prepare(MINIMAL))
    catalog = edited_catalog(
        tmp_path,
        LEARNER,
        {
            "technology_adoption": "innovator",
            "risk_tolerance": "aggressive",
            "change_readiness": "high",
        },
    )

    report = pipeline.load(store, pipeline.prepare(catalog))

    assert report.migrations == [LEARNER]
    [row] = store.run_raw(
        "MATCH (m:ArchetypeMigration)-[:OF]->(p:Persona) RETURN properties(m) AS m, p.id AS id"
    )
    migration = row["m"]
    assert row["id"] == LEARNER
    assert (migration["kind"], migration["actor"]) == ("inferred", "seed load")
    assert (migration["from_archetype"], migration["to_archetype"]) == ("LEARNER", "AUTOMATOR")
    assert migration["function_key"] == "FINANCE"
    assert [c["attribute"] for c in json.loads(migration["causes"])] == [
        "technology_adoption",
        "risk_tolerance",
        "change_readiness",
    ]
    # Loading the same edited catalog again changes nothing and records nothing more.
    assert pipeline.load(store, pipeline.prepare(catalog)).migrations == []
    assert migration_count(store) == 1


def test_the_notebook_frame_holds_each_path_per_function(store: Store) -> None:
    pipeline.load(store, pipeline.prepare(MINIMAL))
    version = store.read("read/persona_versions", ids=[LEARNER])[0]["version"]
    changes = PersonaFields(
        technology_adoption="innovator", risk_tolerance="aggressive", change_readiness="high"
    )
    persona_edits.update_persona(store, LEARNER, version, changes, Actor("analyst"))

    frame = notebook.migration_paths(store, start=today(), end=today())

    assert frame.to_dict("records") == [
        {"path": "LEARNER → AUTOMATOR", "kind": "inferred", "function": "FINANCE", "migrations": 1}
    ]
