"""A subject's behavioral assignments per window, with the trace, through GraphQL."""

from __future__ import annotations

from pathlib import Path

from personagraph.behavioral.config import load_rules
from personagraph.behavioral.run import prepare, run
from personagraph.neo4j_local.provision import Provisioned
from personagraph.seeding.behavioral_synthetic import (
    DEFAULT_AS_OF,
    WINDOWS,
    write_behavioral_dataset,
)
from personagraph.store import Store
from tests.integration.graphql_api import api_for

ROOT = Path(__file__).resolve().parents[2]


def test_a_subjects_assignments_per_window_with_trace_and_personas(
    neo4j_server: Provisioned, store: Store, tmp_path: Path
) -> None:
    write_behavioral_dataset(tmp_path)
    rules = load_rules(ROOT / "seeds" / "behavioral" / "personas.yaml")
    run(store, prepare(tmp_path, DEFAULT_AS_OF, WINDOWS, rules))
    stored = store.run_raw(
        "MATCH (:Subject {id: 'user_070'})-[:HAS_ASSIGNMENT]->(a:Assignment) "
        "RETURN a.window_days AS window, a.primary_persona_id AS primary ORDER BY window"
    )
    with api_for(neo4j_server.spec, anonymous_reads=True) as api:
        answer = api(
            """{ subject(id: "user_070") { id
                   assignments(sort: [{windowDays: ASC}]) {
                     windowDays asOf status primaryPersonaId maxUtilization trace
                     primary { id kind name }
                   } } }"""
        )
    assert not answer.errors, answer.errors
    assignments = answer.data["subject"]["assignments"]
    assert [(a["windowDays"], a["primaryPersonaId"]) for a in assignments] == [
        (row["window"], row["primary"]) for row in stored
    ]
    assert all(a["asOf"] == DEFAULT_AS_OF.isoformat() for a in assignments)
    assert len(assignments[0]["trace"]["evaluations"]) == 5
    for assignment in assignments:
        if assignment["primary"] is not None:
            assert assignment["primary"]["kind"] == "behavioral"
    assert answer.statements == 1
