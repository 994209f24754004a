"""What an export keeps: values exactly as in the graph in all four targets, a stable row
order, and subsets without a reference pointing outside them."""

from __future__ import annotations

import json
import shutil
import sqlite3
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import psycopg
import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq
import pytest
import yaml

from personagraph.export.local_postgres import LocalPostgres
from personagraph.export.mapping import TABLES, Target, table
from personagraph.export.run import ExportRequest, run_export
from personagraph.export.writers.arrow import schema
from personagraph.export.writers.ownership import MARKER
from personagraph.seeding import pipeline
from personagraph.store import Store

MINIMAL = Path(__file__).resolve().parents[1] / "catalogs" / "minimal"
PERSONA = "sales-development-representative-automator"
HUGE = 9_007_199_254_740_993  # 2**53 + 1: a float would round it
TAGLINE = 'Says "no", then yes;\nnaïve — ✓, ok'
COLUMNS = ["id", "tagline", "budget_authority", "tags", "created_at", "requires_review"]
COLUMNS += ["meeting_ratio", "function_attributes"]
SALES_COLUMNS = ["persona_id", "crm", "segment", "region", "quota_usd"]


def _catalog(root: Path) -> Path:
    catalog = root / "catalog"
    shutil.copytree(MINIMAL, catalog)
    path = catalog / "functions" / "sales.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    persona = next(p for p in data["personas"] if p["id"] == PERSONA)
    persona["tagline"] = TAGLINE
    persona["attributes"]["budget_authority"] = HUGE
    persona["function_attributes"] = {"crm": "Salesforce", "segment": "", "quota_usd": HUGE}
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return catalog


@pytest.fixture
def edited(store: Store, tmp_path: Path) -> Store:
    pipeline.load(store, pipeline.prepare(_catalog(tmp_path)))
    return store


def _graph_row(store: Store) -> list[Any]:
    rows = store.read("export/nodes_persona", columns=COLUMNS, datetimes=[], kind=None)
    row: list[Any] = next(r["row"] for r in rows if r["row"][0] == PERSONA)
    row[4] = row[4].to_native().replace(microsecond=row[4].nanosecond // 1000)
    return row


def _from_sqlite(path: Path) -> tuple[list[Any], list[Any]]:
    with sqlite3.connect(path) as db:
        persona = list(db.execute(_select("personas", COLUMNS, "id"), (PERSONA,)).fetchone())
        sales = db.execute(
            _select("persona_sales_attributes", SALES_COLUMNS, "persona_id"), (PERSONA,)
        )
        attributes = list(sales.fetchone())
    persona[4] = datetime.fromisoformat(persona[4])
    persona[5] = bool(persona[5])
    return persona, attributes


def _select(name: str, columns: list[str], key: str, mark: str = "?") -> str:
    return f"SELECT {', '.join(columns)} FROM {name} WHERE {key} = {mark}"


def _from_parquet(folder: Path) -> tuple[list[Any], list[Any]]:
    def row(name: str, columns: list[str]) -> list[Any]:
        rows = pq.read_table(folder / f"{name}.parquet", columns=columns).to_pylist()
        return [next(r for r in rows if PERSONA in r.values())[c] for c in columns]

    return row("personas", COLUMNS), row("persona_sales_attributes", SALES_COLUMNS)


def _from_csv(folder: Path) -> tuple[list[Any], list[Any]]:
    def row(name: str, columns: list[str]) -> list[Any]:
        types = {f.name: f.type for f in schema(table(name), Target.CSV)}
        options = pa_csv.ConvertOptions(
            column_types=types, strings_can_be_null=True, quoted_strings_can_be_null=False
        )
        rows = pa_csv.read_csv(folder / f"{name}.csv", convert_options=options).to_pylist()
        return [next(r for r in rows if PERSONA in r.values())[c] for c in columns]

    return row("personas", COLUMNS), row("persona_sales_attributes", SALES_COLUMNS)


def _from_postgres(dsn: str) -> tuple[list[Any], list[Any]]:
    with psycopg.connect(dsn) as db:
        db.execute("SET search_path TO personagraph")
        persona = db.execute(_select("personas", COLUMNS, "id", "%s").encode(), (PERSONA,))
        sales = db.execute(
            _select("persona_sales_attributes", SALES_COLUMNS, "persona_id", "%s").encode(),
            (PERSONA,),
        )
        return list(persona.fetchone() or ()), list(sales.fetchone() or ())


def test_values_survive_every_target_exactly(
    edited: Store, tmp_path: Path, postgres: LocalPostgres
) -> None:
    graph = _graph_row(edited)
    expected_sales = [PERSONA, "Salesforce", "", None, HUGE]
    readers: dict[Target, tuple[str, Callable[[], tuple[list[Any], list[Any]]]]] = {
        Target.SQLITE: (str(tmp_path / "x.sqlite"), lambda: _from_sqlite(tmp_path / "x.sqlite")),
        Target.PARQUET: (str(tmp_path / "pq"), lambda: _from_parquet(tmp_path / "pq")),
        Target.CSV: (str(tmp_path / "csv"), lambda: _from_csv(tmp_path / "csv")),
        Target.POSTGRES: (postgres.dsn, lambda: _from_postgres(postgres.dsn)),
    }
    for target, (to, read) in readers.items():
        run_export(edited, ExportRequest(target, to))

        persona, sales = read()

        if target is Target.POSTGRES:  # jsonb comes back parsed
            persona[7] = json.dumps(persona[7], sort_keys=True)
        assert persona == graph, target
        assert sales == expected_sales, target
    assert graph[1] == TAGLINE
    assert graph[2] == HUGE
    assert graph[3] is None


def test_the_same_graph_exports_to_the_same_rows_in_key_order(
    edited: Store, tmp_path: Path
) -> None:
    run_export(edited, ExportRequest(Target.PARQUET, str(tmp_path / "one"), batch_size=7))
    run_export(edited, ExportRequest(Target.PARQUET, str(tmp_path / "two"), batch_size=5000))

    for t in TABLES:
        one = pq.read_table(tmp_path / "one" / f"{t.name}.parquet")
        two = pq.read_table(tmp_path / "two" / f"{t.name}.parquet")
        assert one.equals(two), t.name
        keys = list(zip(*(one.column(c).to_pylist() for c in t.primary_key), strict=True))
        assert keys == sorted(keys), t.name


def test_a_function_subset_keeps_its_personas_and_every_reference_resolves(
    edited: Store, tmp_path: Path, postgres: LocalPostgres
) -> None:
    target = tmp_path / "sales.sqlite"

    result = run_export(edited, ExportRequest(Target.SQLITE, str(target), function="SALES"))
    run_export(edited, ExportRequest(Target.POSTGRES, postgres.dsn, function="SALES"))

    with sqlite3.connect(target) as db:
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
        functions = db.execute(
            "SELECT DISTINCT rf.function_key FROM personas p "
            "JOIN persona_role pr ON pr.persona_id = p.id "
            "JOIN role_function rf ON rf.role_key = pr.role_key"
        ).fetchall()
        assert functions == [("SALES",)]
        assert db.execute("SELECT key FROM functions").fetchall() == [("SALES",)]
        assert db.execute("SELECT COUNT(*) FROM persona_finance_attributes").fetchone() == (0,)
    assert result.rows["personas"] == result.rows["persona_sales_attributes"] == 4
    assert result.rows["persona_pain_points"] > 0
    assert not result.dropped


def test_only_some_tables_brings_what_they_reference_and_nothing_dangles(
    edited: Store, tmp_path: Path
) -> None:
    target = tmp_path / "goals.sqlite"

    result = run_export(edited, ExportRequest(Target.SQLITE, str(target), only=("persona_goals",)))

    assert {"personas", "goals", "persona_goals"} <= set(result.rows)
    assert "jtbds" not in result.rows
    assert "persona_pain_points" not in result.rows
    with sqlite3.connect(target) as db:
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
        names = {n for (n,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert names == {*result.rows, MARKER}


def test_arrow_keeps_large_integers_exactly() -> None:
    batch = pa.array([HUGE, None], type=pa.int64())

    assert batch.to_pylist() == [HUGE, None]
