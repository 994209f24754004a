"""Persona edits under concurrent writers: one version, one winner; a deleted persona stays so.

Every burst starts its writers at once (a barrier) on threads of one process, each in its
own session of the shared driver, as the service's thread pool runs mutations. Neo4j
isolates transactions read-committed, so writers that read the version before any of
them commits all see the same one: only a lock taken before reading makes one of them win.
"""

from __future__ import annotations

import random
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from pathlib import Path
from typing import Any

import pytest

from personagraph.admin import persona_edits
from personagraph.admin.persona_edits import Actor
from personagraph.errors import EditConflict, PersonaDeleted
from personagraph.model.archetype import Archetype
from personagraph.model.persona_edits import PersonaFields
from personagraph.neo4j_local.provision import Provisioned
from personagraph.seeding import pipeline
from personagraph.store import Store
from personagraph.store.fingerprint import fingerprint
from tests.integration.graphql_api import Api, api_for

MINIMAL = Path(__file__).resolve().parents[1] / "catalogs" / "minimal"
SKEPTIC = "sales-development-representative-skeptic"
WRITERS = 32
ROUNDS = 3

Edit = Callable[[], str]
Outcome = str | EditConflict

PERSONA = """
query P($id: String!) {
  persona(id: $id) {
    version isActive teamSize inferredArchetype archetypeConfidence
    auditEvents { action actor before after }
    archetypeMigrations { toArchetype actor }
  }
}
"""


@pytest.fixture
def api(neo4j_server: Provisioned, store: Store) -> Iterator[Api]:
    pipeline.load(store, pipeline.prepare(MINIMAL))
    with api_for(neo4j_server.spec, anonymous_reads=True) as api:
        yield api


def persona(api: Api, persona_id: str = SKEPTIC) -> dict[str, Any]:
    found: dict[str, Any] = api.ok(PERSONA, {"id": persona_id})["persona"]
    return found


def burst(edits: list[Edit]) -> list[Outcome]:
    """Run every edit at once, each on its own thread; what each returned or raised."""
    start = threading.Barrier(len(edits))

    def run(edit: Edit) -> Outcome:
        start.wait()
        try:
            return edit()
        except EditConflict as refused:
            return refused

    with ThreadPoolExecutor(len(edits)) as pool:
        return list(pool.map(run, edits))


def winners(outcomes: list[Outcome]) -> list[int]:
    return [i for i, outcome in enumerate(outcomes) if not isinstance(outcome, EditConflict)]


def update(store: Store, persona_id: str, version: int, team_size: int, actor: str) -> Edit:
    changes = PersonaFields(team_size=team_size)
    return partial(persona_edits.update_persona, store, persona_id, version, changes, Actor(actor))


def override(store: Store, persona_id: str, version: int, actor: str) -> Edit:
    return partial(
        persona_edits.override_archetype,
        store,
        persona_id,
        Archetype.LEARNER,
        "Interviewed: curious, not resistant",
        version,
        Actor(actor),
    )


def delete(store: Store, persona_id: str, version: int, actor: str) -> Edit:
    return partial(persona_edits.delete_persona, store, persona_id, version, Actor(actor))


def test_of_32_updates_at_one_version_exactly_one_wins_and_only_it_is_audited(
    api: Api, store: Store
) -> None:
    for done in range(ROUNDS):
        version = persona(api)["version"]
        outcomes = burst(
            [update(store, SKEPTIC, version, i + 1, f"writer {i}") for i in range(WRITERS)]
        )

        [winner] = winners(outcomes)
        losers = [o for i, o in enumerate(outcomes) if i != winner]
        assert all(type(loser) is EditConflict for loser in losers), losers
        assert all(f"is at version {version + 1}, not {version}" in str(o) for o in losers)
        after = persona(api)
        assert after["version"] == version + 1
        assert after["teamSize"] == winner + 1
        updates = [e for e in after["auditEvents"] if e["action"] == "update"]
        assert len(updates) == done + 1
        [event] = [e for e in updates if e["before"]["version"] == version]
        assert event["actor"] == f"writer {winner}"
        assert event["after"]["version"] == version + 1
        assert event["after"]["team_size"] == winner + 1


def test_a_mixed_burst_of_updates_overrides_and_deletes_lets_exactly_one_through(
    api: Api, store: Store
) -> None:
    shuffled = random.Random(20)
    for round_ in range(ROUNDS):
        target = persona_edits.duplicate_persona(
            store, SKEPTIC, f"skeptic-burst-{round_}", None, Actor("setup")
        )
        version = persona(api, target)["version"]
        edits = [update(store, target, version, i + 1, f"update {i}") for i in range(11)]
        edits += [override(store, target, version, f"override {i}") for i in range(11)]
        edits += [delete(store, target, version, f"delete {i}") for i in range(10)]
        shuffled.shuffle(edits)
        outcomes = burst(edits)

        [winner] = winners(outcomes)
        after = persona(api, target)
        [event] = [e for e in after["auditEvents"] if e["action"] != "duplicate"]
        assert after["version"] == version + 1
        assert event["before"]["version"] == version
        assert event["after"]["version"] == version + 1
        won = event["actor"].split()[0]
        assert (
            event["action"]
            == {
                "update": "update",
                "override": "override_archetype",
                "delete": "delete",
            }[won]
        )
        assert after["isActive"] is (won != "delete")
        migrations = [m["actor"] for m in after["archetypeMigrations"]]
        assert migrations == ([event["actor"]] if won == "override" else [])
        losers = [type(o) for i, o in enumerate(outcomes) if i != winner]
        # Once deleted, a persona is refused as deleted whatever version is sent.
        refusal = PersonaDeleted if won == "delete" else EditConflict
        assert losers == [refusal] * (len(edits) - 1)


def test_of_32_deletes_at_one_version_one_deletes_and_the_rest_are_told_it_is_deleted(
    api: Api, store: Store
) -> None:
    version = persona(api)["version"]
    outcomes = burst([delete(store, SKEPTIC, version, f"deleter {i}") for i in range(WRITERS)])

    [winner] = winners(outcomes)
    losers = [o for i, o in enumerate(outcomes) if i != winner]
    assert all(isinstance(loser, PersonaDeleted) for loser in losers), losers
    after = persona(api)
    assert after["isActive"] is False
    assert after["version"] == version + 1
    [event] = after["auditEvents"]
    assert (event["action"], event["actor"]) == ("delete", f"deleter {winner}")
    assert (event["before"]["version"], event["after"]["version"]) == (version, version + 1)


def test_a_deleted_persona_refuses_every_edit_by_name_and_nothing_changes(
    api: Api, store: Store
) -> None:
    version = persona(api)["version"]
    persona_edits.delete_persona(store, SKEPTIC, version, Actor("first"))
    before = fingerprint(store)
    current = version + 1
    edits: dict[str, Edit] = {
        "delete": delete(store, SKEPTIC, current, "again"),
        "update": update(store, SKEPTIC, current, 7, "again"),
        "override": override(store, SKEPTIC, current, "again"),
        "reinfer": partial(persona_edits.reinfer_persona, store, SKEPTIC, Actor("again")),
    }
    for name, edit in edits.items():
        with pytest.raises(PersonaDeleted) as refused:
            edit()
        message = str(refused.value)
        assert f"{SKEPTIC!r} was deleted" in message, name
        assert "duplicatePersona" in message, name
    assert fingerprint(store) == before
    # The way out the message names: an active copy, free to edit.
    copy = persona_edits.duplicate_persona(store, SKEPTIC, "revived", None, Actor("again"))
    assert persona(api, copy)["isActive"] is True


def test_inference_written_by_a_reinfer_racing_an_update_matches_the_final_attributes(
    api: Api, store: Store
) -> None:
    version = persona(api)["version"]
    # Attributes that move the inferred archetype away from the catalog's.
    changes = PersonaFields(
        seniority_level="executive",
        years_of_experience=25,
        team_size=400,
        technology_adoption="innovator",
        risk_tolerance="aggressive",
        change_readiness="high",
    )
    reinfers = [
        partial(persona_edits.reinfer_persona, store, SKEPTIC, Actor(f"reinfer {i}"))
        for i in range(WRITERS - 1)
    ]
    changed = partial(persona_edits.update_persona, store, SKEPTIC, version, changes, Actor("u"))
    before = persona(api)["inferredArchetype"]
    outcomes = burst([changed, *reinfers])

    assert winners(outcomes) == list(range(WRITERS))
    raced = persona(api)
    # One more reinfer, alone, computes from the attributes as they are now.
    persona_edits.reinfer_persona(store, SKEPTIC, Actor("alone"))
    alone = persona(api)
    assert alone["inferredArchetype"] != before
    assert raced["inferredArchetype"] == alone["inferredArchetype"]
    assert raced["archetypeConfidence"] == alone["archetypeConfidence"]
