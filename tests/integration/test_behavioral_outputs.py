"""Behavioral assignments reach their users: through GraphQL (with the trace) and as the
source's SQLite table (indexed, with the trace) and Parquet file (without it)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pyarrow.parquet as pq

from personagraph.behavioral.config import load_rules
from personagraph.behavioral.features import WINDOWS
from personagraph.behavioral.run import prepare, run
from personagraph.export.mapping import Target
from personagraph.export.run import ExportRequest, run_export
from personagraph.neo4j_local.provision import Provisioned
from personagraph.seeding.behavioral_synthetic import DEFAULT_AS_OF, write_behavioral_dataset
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


def test_assignment_outputs_go_through_the_relational_export(store: Store, tmp_path: Path) -> None:
    features = tmp_path / "features"
    write_behavioral_dataset(features)
    rules = load_rules(ROOT / "seeds" / "behavioral" / "personas.yaml")
    run(store, prepare(features, DEFAULT_AS_OF, WINDOWS, rules))
    only = ("assignments",)
    run_export(store, ExportRequest(Target.SQLITE, str(tmp_path / "out.sqlite"), only=only))
    run_export(store, ExportRequest(Target.PARQUET, str(tmp_path / "parquet"), only=only))

    with sqlite3.connect(tmp_path / "out.sqlite") as db:
        count, traced = db.execute("SELECT count(*), count(trace) FROM assignments").fetchone()
        indexed = {
            tuple(row[2] for row in db.execute(f"PRAGMA index_info('{name}')"))
            for (_, name, *_) in db.execute("PRAGMA index_list('assignments')")
        }
        stable = db.execute(
            "SELECT count(*) FROM assignments WHERE status = 'STABLE' "
            "AND primary_persona_id IS NULL"
        ).fetchone()[0]
    assert count == traced == 150
    assert {("user_id", "window_days"), ("primary_persona_id",), ("status",)} <= indexed
    assert stable > 0

    table = pq.read_table(tmp_path / "parquet" / "assignments.parquet")
    assert table.num_rows == 150
    assert "trace" not in table.column_names
    assert {"user_id", "window_days", "primary_persona_id", "status"} <= set(table.column_names)
