"""Persona selection by similarity: characteristic embeddings of the minimal catalog's
personas and of two assistant personas, refreshed when a persona changes; over the
library function, ``personagraph personas match`` and ``matchPersonas``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from personagraph.admin import persona_edits
from personagraph.admin.persona_edits import Actor
from personagraph.cli.app import app
from personagraph.embedding import MiniLmEmbedder
from personagraph.errors import RequestRejected
from personagraph.matching import match_personas, refresh_characteristics
from personagraph.model.persona_edits import NewPersona, PersonaFields
from personagraph.neo4j_local.provision import Provisioned
from personagraph.seeding import pipeline
from personagraph.store import Store
from tests.integration.graphql_api import api_for

MINIMAL = Path(__file__).resolve().parents[1] / "catalogs" / "minimal"
ACTOR = Actor("tests", "-")


@pytest.fixture
def personas(store: Store) -> Store:
    pipeline.load(store, pipeline.prepare(MINIMAL))
    for persona in [
        NewPersona(
            id="cbt-coach", name="CBT Coach", archetype="LEARNER", kind="assistant",
            tagline="Helps you question anxious and catastrophic thoughts",
            specialty="Cognitive Behavioral Therapy",
            system_prompt="You help people notice cognitive distortions such as "
            "catastrophising and test their thoughts against the evidence.",
        ),
        NewPersona(
            id="sleep-coach", name="Sleep Coach", archetype="LEARNER", kind="assistant",
            tagline="Better nights through sleep hygiene",
            specialty="Insomnia and sleep hygiene",
            system_prompt="You help people with insomnia build a wind-down routine, keep a "
            "regular bedtime and cut caffeine late in the day.",
        ),
    ]:  # fmt: skip
        persona_edits.create_persona(store, persona, ACTOR)
    return store


def test_the_closest_assistant_persona_comes_first(
    personas: Store, embedder: MiniLmEmbedder
) -> None:
    sleep = match_personas(
        personas, embedder, "I lie awake until 3am every night", kind="assistant"
    )
    worry = match_personas(
        personas, embedder, "I always assume the worst will happen at work", kind="assistant"
    )

    assert [m.id for m in sleep] == ["sleep-coach", "cbt-coach"]
    assert worry[0].id == "cbt-coach"
    assert 0 < sleep[1].score < sleep[0].score <= 1


def test_workforce_personas_match_their_work(personas: Store, embedder: MiniLmEmbedder) -> None:
    found = match_personas(
        personas, embedder, "I key supplier invoices into the ERP and chase approvals", top_k=3
    )

    assert all(m.id.startswith("accounts-payable-specialist") for m in found)


def test_a_changed_persona_is_re_embedded_and_matches_its_new_description(
    personas: Store, embedder: MiniLmEmbedder
) -> None:
    assert refresh_characteristics(personas, embedder) == 10  # 8 of the catalog, 2 assistants
    assert refresh_characteristics(personas, embedder) == 0  # nothing changed since
    version = personas.read("read/personas/for_edit", id="sleep-coach")[0]["props"]["version"]
    persona_edits.update_persona(
        personas,
        "sleep-coach",
        version,
        PersonaFields(
            tagline="Money coach for budgets and debt",
            specialty="Personal finance",
            system_prompt="You help people build a monthly budget and pay off credit card debt.",
        ),
        ACTOR,
    )

    found = match_personas(
        personas, embedder, "help me pay off my credit card debt", kind="assistant"
    )

    assert refresh_characteristics(personas, embedder) == 0  # the match refreshed it
    assert found[0].id == "sleep-coach"


@pytest.mark.parametrize(
    ("text", "options", "words"),
    [
        ("", {}, "text: it is empty"),
        ("x" * 102_400, {}, "102,400 characters is over the limit"),
        ("sleep", {"top_k": 0}, "topK: 0 is outside 1-100"),
        ("sleep", {"kind": "robot"}, "kind: 'robot' is not one of workforce"),
    ],
)
def test_bad_requests_are_refused_naming_the_value(
    personas: Store, embedder: MiniLmEmbedder, text: str, options: dict[str, object], words: str
) -> None:
    with pytest.raises(RequestRejected, match=words):
        match_personas(personas, embedder, text, **options)  # type: ignore[arg-type]


@pytest.mark.usefixtures("cli_env")
def test_personas_match_json_prints_id_name_and_score(personas: Store) -> None:
    result = CliRunner().invoke(
        app,
        [
            "personas",
            "match",
            "I cannot fall asleep",
            "--kind",
            "assistant",
            "--top",
            "2",
            "--json",
        ],
    )

    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert [set(row) for row in rows] == [{"id", "name", "score"}] * 2
    assert rows[0]["id"] == "sleep-coach"


def test_match_personas_over_graphql(personas: Store, neo4j_server: Provisioned) -> None:
    with api_for(neo4j_server.spec, anonymous_reads=True) as api:
        data = api.ok('{ matchPersonas(text: "I cannot fall asleep", topK: 1, kind: "assistant") '
                      "{ id name kind score } }")  # fmt: skip

    assert data["matchPersonas"] == [
        {"id": "sleep-coach", "name": "Sleep Coach", "kind": "assistant",
         "score": data["matchPersonas"][0]["score"]}
    ]  # fmt: skip
