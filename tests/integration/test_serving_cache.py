"""The serving cache of one worker: reads by key of own properties come from it, anything
else goes to Neo4j, and a change made elsewhere (here: the CLI's functions, another
connection) empties it at its next check."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from personagraph.admin import favourites, templates
from personagraph.admin.changes import Actor
from personagraph.api.api_keys import create_key
from personagraph.api.graphql.runtime.context import Role
from personagraph.model.persona_edits import NewAssistant
from personagraph.neo4j_local.provision import Provisioned
from personagraph.seeding import pipeline
from personagraph.store import Store
from tests.integration.assistant_catalog import catalog_with_templates
from tests.integration.graphql_api import Api, api_for

INTERVAL = 0.05
STATUS = "{ servingCache { enabled sequence entries hits misses refreshes checkIntervalSeconds } }"
NAME = '{ persona(id: "helper") { name isFavourite version } }'


@pytest.fixture(params=[INTERVAL])
def api(
    request: pytest.FixtureRequest, neo4j_server: Provisioned, store: Store, tmp_path: Path
) -> Iterator[Api]:
    """The service, checking the change sequence every ``request.param`` seconds."""
    pipeline.load(store, pipeline.prepare(catalog_with_templates(tmp_path)))
    templates.create_assistant(
        store, NewAssistant(id="helper", name="Helper", system_prompt="Help."), Actor("setup")
    )
    with api_for(neo4j_server.spec, serving_cache_check_interval=request.param) as api:
        yield api


# Reads a second apart at most: no sequence check comes between two of them.
steady = pytest.mark.parametrize("api", [1.0], indirect=True)


@pytest.fixture
def reader(store: Store, api: Api) -> str:
    return create_key(store, "reader", Role.READER).secret


def status(api: Api, key: str) -> dict[str, Any]:
    found: dict[str, Any] = api.ok(STATUS, key=key)["servingCache"]
    return found


@steady
def test_a_second_read_by_id_is_a_hit_and_sends_no_statement(api: Api, reader: str) -> None:
    first = api(NAME, key=reader)
    second = api(NAME, key=reader)

    assert (
        first.data
        == second.data
        == {"persona": {"name": "Helper", "isFavourite": None, "version": 1}}
    )
    assert second.statements == 0
    found = status(api, reader)
    assert (found["enabled"], found["hits"], found["misses"]) == (True, 1, 1)
    assert found["checkIntervalSeconds"] == 1.0


def test_a_change_made_elsewhere_is_served_after_the_next_check(
    api: Api, reader: str, store: Store
) -> None:
    api.ok(NAME, key=reader)
    before = status(api, reader)

    favourites.set_favourite(store, "helper", True, Actor("cli:someone"))  # not via this app
    time.sleep(INTERVAL * 2)
    after = api.ok(NAME, key=reader)["persona"]

    assert (after["isFavourite"], after["version"]) == (True, 2)
    found = status(api, reader)
    assert found["refreshes"] == before["refreshes"] + 1
    assert found["sequence"] > before["sequence"]


def test_a_selection_beyond_own_properties_goes_to_neo4j(api: Api, reader: str) -> None:
    document = '{ persona(id: "helper") { name history(first: 1) { version } } }'

    answers = [api(document, key=reader) for _ in range(2)]

    assert all(a.statements >= 1 for a in answers)
    assert answers[0].data == answers[1].data
    found = status(api, reader)
    assert (found["hits"], found["misses"]) == (0, 0)


@steady
def test_templates_by_key_are_served_too_and_a_missing_key_is_null(api: Api, reader: str) -> None:
    document = """{ template(key: "cbt-therapist") { name specialty }
                    nope: template(key: "x") { name } }"""

    api.ok(document, key=reader)
    again = api(document, key=reader)

    assert again.data == {
        "template": {
            "name": "CBT Therapist Assistant",
            "specialty": "Cognitive Behavioral Therapy",
        },
        "nope": None,
    }
    assert again.statements == 0


def test_metrics_show_hits_misses_and_refreshes(api: Api, reader: str, store: Store) -> None:
    api.ok(NAME, key=reader)
    api.ok(NAME, key=reader)
    favourites.set_favourite(store, "helper", True, Actor("elsewhere"))
    time.sleep(INTERVAL * 2)
    api.ok(NAME, key=reader)

    text = api.client.get("/metrics").text

    assert "personagraph_serving_cache_hits_total 1.0" in text
    assert "personagraph_serving_cache_misses_total 2.0" in text
    assert "personagraph_serving_cache_refreshes_total 1.0" in text
    assert "personagraph_serving_cache_entries 1.0" in text
    assert "personagraph_serving_cache_age_seconds" in text


def test_without_the_cache_every_read_goes_to_neo4j(
    neo4j_server: Provisioned, store: Store, tmp_path: Path
) -> None:
    pipeline.load(store, pipeline.prepare(catalog_with_templates(tmp_path)))
    with api_for(neo4j_server.spec, serving_cache=False, anonymous_reads=True) as api:
        answers = [api('{ template(key: "cbt-therapist") { name } }') for _ in range(2)]
        found = api.ok(STATUS)["servingCache"]

    assert [a.statements for a in answers] == [1, 1]
    assert found["enabled"] is False
