"""The relational export of the seed catalog: complete, referentially sound, and it answers
questions as the graph does, in every target."""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import psycopg
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from personagraph.export.checks import run_checks
from personagraph.export.local_postgres import LocalPostgres
from personagraph.export.mapping import TABLES, LinkSource, NodeSource, Target
from personagraph.export.run import ExportRequest, run_export
from personagraph.seeding import pipeline
from personagraph.store import Store
from personagraph.store.fingerprint import fingerprint

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


@pytest.fixture(scope="module")
def prepared() -> pipeline.PreparedCatalog:
    return pipeline.prepare(SEEDS)


@pytest.fixture
def seeded(store: Store, prepared: pipeline.PreparedCatalog) -> Store:
    pipeline.load(store, prepared)
    return store


def expected_rows(store: Store, prepared: pipeline.PreparedCatalog) -> dict[str, int]:
    """Rows per table as the graph counts them: nodes per label (personas per kind),
    relationships per type (those of personas per kind), personas per function for the
    extension tables."""
    graph = fingerprint(store)
    role_of = {link.source: link.target for link in prepared.plan.links["HAS_ROLE"]}
    function_of = {link.source: link.target for link in prepared.plan.links["IN_FUNCTION"]}
    per_function = Counter(function_of[role] for role in role_of.values())
    kinds = Counter(
        row["kind"]
        for row in store.run_raw("MATCH (p:Persona) RETURN coalesce(p.kind, 'workforce') AS kind")
    )
    rows = {}
    for t in TABLES:
        source = t.source
        if isinstance(source, NodeSource) and source.kind is not None:
            rows[t.name] = kinds[source.kind]
        elif isinstance(source, NodeSource):
            rows[t.name] = graph.labels.get(source.label, 0)
        elif isinstance(source, LinkSource) and source.persona_kind is not None:
            rows[t.name] = _persona_links(store, source.type, source.persona_kind)
        elif isinstance(source, LinkSource):
            rows[t.name] = graph.types.get(source.type, 0)
        else:
            rows[t.name] = per_function[source.function]
    return rows


def _persona_links(store: Store, rel_type: str, kind: str) -> int:
    return int(
        store.run_raw(
            "MATCH (a)-[r]->(b) WHERE type(r) = $type AND (a:Persona OR b:Persona) "
            "WITH CASE WHEN a:Persona THEN a ELSE b END AS p "
            "WHERE coalesce(p.kind, 'workforce') = $kind RETURN count(*) AS n",
            type=rel_type,
            kind=kind,
        )[0]["n"]
    )


def sqlite_counts(path: Path) -> dict[str, int]:
    with sqlite3.connect(path) as db:
        return {
            t.name: db.execute(f'SELECT COUNT(*) FROM "{t.name}"').fetchone()[0] for t in TABLES
        }


@pytest.fixture
def pg(postgres: LocalPostgres) -> Iterator[psycopg.Connection[Any]]:
    with psycopg.connect(postgres.dsn, autocommit=True) as connection:
        connection.execute("DROP SCHEMA IF EXISTS personagraph CASCADE")
        yield connection
        # Tables loaded by hand carry no export marker: left behind, they would make the
        # next export to the default schema (rightly) refuse it, in whatever test runs next.
        connection.execute("DROP SCHEMA IF EXISTS personagraph CASCADE")


def pg_query(connection: psycopg.Connection[Any], schema: str = "personagraph") -> Any:
    def query(statement: str) -> Sequence[Sequence[Any]]:
        connection.execute(f'SET search_path TO "{schema}"')
        return connection.execute(statement.encode()).fetchall()

    return query


def test_sqlite_holds_every_node_and_relationship_and_answers_like_the_graph(
    seeded: Store, prepared: pipeline.PreparedCatalog, tmp_path: Path
) -> None:
    target = tmp_path / "personas.sqlite"

    result = run_export(seeded, ExportRequest(Target.SQLITE, str(target)))

    expected = expected_rows(seeded, prepared)
    assert sqlite_counts(target) == expected == result.rows
    assert expected["personas"] == 144
    assert expected["persona_sales_attributes"] == 24
    assert not result.dropped
    with sqlite3.connect(target) as db:
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
        outcomes = run_checks(seeded, lambda sql: db.execute(sql).fetchall())
    for outcome in outcomes:
        assert outcome.graph, f"{outcome.check.name}: the graph gives no rows to compare"
        assert outcome.agrees, outcome.check.name
    assert list(tmp_path.iterdir()) == [target]


def test_postgres_gets_every_row_with_keys_and_references_checked_by_the_server(
    seeded: Store,
    prepared: pipeline.PreparedCatalog,
    postgres: LocalPostgres,
    pg: psycopg.Connection[Any],
) -> None:
    result = run_export(seeded, ExportRequest(Target.POSTGRES, postgres.dsn))

    query = pg_query(pg)
    counts = {t.name: query(f'SELECT COUNT(*) FROM "{t.name}"')[0][0] for t in TABLES}
    assert counts == expected_rows(seeded, prepared) == result.rows
    constraints = Counter(
        kind
        for (kind,) in query(
            "SELECT constraint_type FROM information_schema.table_constraints "
            "WHERE table_schema = 'personagraph' "
            "AND constraint_type IN ('PRIMARY KEY', 'FOREIGN KEY')"
        )
    )
    assert constraints["PRIMARY KEY"] == len(TABLES)
    assert constraints["FOREIGN KEY"] == sum(len(t.foreign_keys) for t in TABLES)
    for outcome in run_checks(seeded, query):
        assert outcome.agrees, outcome.check.name
    with pytest.raises(psycopg.errors.ForeignKeyViolation):
        query("INSERT INTO persona_goals (persona_id, goal_key) VALUES ('nobody', 'nothing')")


def test_a_second_postgres_export_replaces_the_first_whole(
    seeded: Store, postgres: LocalPostgres, pg: psycopg.Connection[Any]
) -> None:
    run_export(seeded, ExportRequest(Target.POSTGRES, postgres.dsn))

    run_export(seeded, ExportRequest(Target.POSTGRES, postgres.dsn, only=("persona_goals",)))

    tables = {
        name
        for (name,) in pg_query(pg)(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'personagraph'"
        )
    }
    assert {"personas", "goals", "persona_goals"} <= tables
    assert "opportunities" not in tables
    schemas = pg_query(pg)("SELECT nspname FROM pg_namespace WHERE nspname LIKE 'personagraph%'")
    assert schemas == [("personagraph",)]


def test_parquet_files_carry_the_schema_and_the_same_rows(
    seeded: Store, prepared: pipeline.PreparedCatalog, tmp_path: Path
) -> None:
    target = tmp_path / "parquet"

    run_export(seeded, ExportRequest(Target.PARQUET, str(target), batch_size=100))

    expected = expected_rows(seeded, prepared)
    counts = {t.name: pq.read_metadata(target / f"{t.name}.parquet").num_rows for t in TABLES}
    assert counts == expected
    personas = pq.read_table(target / "personas.parquet")
    assert personas.schema.field("tags").type == pa.list_(pa.string())
    assert personas.schema.field("created_at").type == pa.timestamp("us", tz="UTC")
    assert personas.schema.field("budget_authority").type == pa.int64()
    assert personas.schema.field("id").nullable is False
    assert json.loads(personas.schema.metadata[b"personagraph.primary_key"]) == ["id"]
    ids = personas.column("id").to_pylist()
    assert ids == sorted(ids)
    medical = pq.read_table(target / "persona_medical_affairs_attributes.parquet")
    assert all(isinstance(areas, list) for areas in medical.column("therapeutic_areas").to_pylist())
    manifest = json.loads((target / "manifest.json").read_text())
    assert manifest["rows"] == expected


def test_the_csv_folder_loads_into_postgres_with_its_schema_sql_and_answers_alike(
    seeded: Store, tmp_path: Path, postgres: LocalPostgres, pg: psycopg.Connection[Any]
) -> None:
    target = tmp_path / "csv"

    run_export(seeded, ExportRequest(Target.CSV, str(target)))

    pg.execute("CREATE SCHEMA personagraph")
    pg.execute("SET search_path TO personagraph")
    ddl = (target / "schema.sql").read_text()
    creates, constraints = ddl.split("ALTER TABLE", 1)
    pg.execute(creates.encode())
    for t in TABLES:
        with (
            pg.cursor().copy(
                f'COPY "{t.name}" FROM STDIN WITH (FORMAT csv, HEADER true)'.encode()
            ) as copy,
            (target / f"{t.name}.csv").open("rb") as handle,
        ):
            copy.write(handle.read())
    pg.execute(("ALTER TABLE" + constraints).encode())
    for outcome in run_checks(seeded, pg_query(pg)):
        assert outcome.agrees, outcome.check.name
    assert pg.execute("SELECT COUNT(*) FROM personas WHERE tags IS NULL").fetchone() == (144,)
