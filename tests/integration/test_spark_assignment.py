"""`personagraph assign --engine spark`: the same assignments, traces and graph as the local
engine, on local-mode Spark against the real Neo4j, and the same run guarantees."""

from __future__ import annotations

import json
import math
import random
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest
from pyspark.sql import SparkSession

from personagraph.behavioral.config import load_rules
from personagraph.behavioral.features import WINDOWS
from personagraph.behavioral.graph import columnar_assignment_rows, read_run_state, rules_hash
from personagraph.behavioral.run import Engine, prepare
from personagraph.behavioral.spark import run as spark_run
from personagraph.behavioral.spark.expressions import evaluate
from personagraph.behavioral.spark.failures import spark_step
from personagraph.behavioral.spark.rows import GraphRows, row_columns
from personagraph.errors import EditConflict, SparkJobFailed
from personagraph.inference.behavioral import SubjectFeatures
from personagraph.inference.behavioral_columnar import assign_table, column_kinds, features_table
from personagraph.inference.behavioral_plan import compile_plan
from personagraph.inference.behavioral_rules import (
    FEATURES,
    Criterion,
    FeatureKind,
    IfMissing,
    Operator,
    PersonaRule,
    Priority,
    RuleSet,
    Severity,
)
from personagraph.neo4j_local.provision import Provisioned
from personagraph.seeding.behavioral_synthetic import DEFAULT_AS_OF, write_behavioral_dataset
from personagraph.store import Store
from personagraph.store.connection import ConnectionSpec
from personagraph.store.fingerprint import fingerprint
from personagraph.store.wipe import clear_data
from tests.integration.engines import AssignOn

ROOT = Path(__file__).resolve().parents[2]
RULES = load_rules(ROOT / "seeds" / "behavioral" / "personas.yaml")
# Written by the run that wrote them, not by what it assigned.
VOLATILE = {"created_at", "assigned_at", "run_id"}


@pytest.fixture(scope="module")
def features(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("spark-75")
    write_behavioral_dataset(folder)
    return folder


@pytest.fixture(scope="module")
def ten_thousand(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """10,000 synthetic subjects, with what real files have: subjects missing from a file,
    NaN and infinite values, whole-number columns, a window nobody asked for, a subject
    with one window only, rows of another date."""
    folder = tmp_path_factory.mktemp("spark-10k")
    write_behavioral_dataset(folder, subjects=10_000)

    def change(signal: str, edit: Callable[[pa.Table], pa.Table]) -> None:
        path = folder / f"{signal}.parquet"
        pq.write_table(edit(pq.read_table(path)), path)

    def numbered(table: pa.Table) -> list[int]:
        return [int(user.removeprefix("user_")) for user in table["user_id"].to_pylist()]

    def gaps(table: pa.Table) -> pa.Table:
        keep = [n % 97 != 0 for n in numbered(table)]
        return table.filter(pa.array(keep))

    def whole_numbers(table: pa.Table) -> pa.Table:
        index = table.schema.get_field_index("net_inflow")
        rounded = pc.cast(pc.round(table["net_inflow"]), pa.int64())
        return table.set_column(index, "net_inflow", rounded)

    def non_finite(table: pa.Table) -> pa.Table:
        values = table["balance_volatility"].to_pylist()
        for row in range(0, len(values), 50):
            values[row] = [math.nan, math.inf, -math.inf, None][row // 50 % 4]
        index = table.schema.get_field_index("balance_volatility")
        extra = table.take([0, 2, 4]).to_pylist()  # three subjects' 30-day rows
        for row in extra:
            row["window_days"] = 90  # a window no run below asks for
        older = table.take([6, 7]).to_pylist()
        for row in older:
            row["as_of_date"] = date(2025, 10, 4)
        edited = table.set_column(index, "balance_volatility", pa.array(values, pa.float64()))
        added = pa.Table.from_pylist(extra + older, schema=table.schema)
        return pa.concat_tables([edited, added])

    def one_window(table: pa.Table) -> pa.Table:
        drop = pc.and_(
            pc.equal(table["user_id"], "user_00042"), pc.equal(table["window_days"], 180)
        )
        return table.filter(pc.invert(drop))

    change("savings", gaps)
    change("savings", whole_numbers)
    change("cash_flow", non_finite)
    for signal in ("subscriptions", "savings", "credit", "income", "cash_flow"):
        change(signal, one_window)
    return folder


def graph_of(store: Store) -> dict[str, Any]:
    """The behavioral part of the graph, every value typed (3 is not 3.0, nor -0.0 0.0)."""
    assignments = store.run_raw(
        "MATCH (s:Subject)-[:HAS_ASSIGNMENT]->(a:Assignment) "
        "RETURN s.id AS subject, properties(a) AS props ORDER BY a.id"
    )
    links = store.run_raw(
        "MATCH (a:Assignment)-[r]->(p:Persona) "
        "RETURN a.id AS a, type(r) AS type, properties(r) AS props, p.id AS persona "
        "ORDER BY a, type"
    )
    personas = store.run_raw(
        "MATCH (p:Persona {origin: 'behavioral'}) "
        "RETURN p.id AS id, p.name AS name, p.priority AS priority, p.rule AS rule, "
        "p.version AS version ORDER BY id"
    )
    subjects = store.run_raw("MATCH (s:Subject) RETURN s.id AS id ORDER BY id")
    for row in assignments:
        row["props"] = {k: v for k, v in row["props"].items() if k not in VOLATILE}
    shape = fingerprint(store)
    return {
        "assignments": _typed(assignments),
        "links": _typed(links),
        "personas": _typed(personas),
        "subjects": _typed(subjects),
        "labels": {k: v for k, v in shape.labels.items() if k != "PersonaEditEvent"},
        "types": shape.types,
    }


def _typed(rows: list[dict[str, Any]]) -> list[str]:
    return [json.dumps(row, sort_keys=True, default=str) for row in rows]


# --- the same graph --------------------------------------------------------------------------


def test_spark_writes_the_local_engines_graph_for_the_75_subjects(
    store: Store,
    features: Path,
    assign_on: AssignOn,
    spark: SparkSession,
    neo4j_server: Provisioned,
) -> None:
    local = assign_on(Engine.LOCAL, store, features, RULES)
    expected = graph_of(store)
    clear_data(store)

    prepared = spark_run.prepare(spark, features, DEFAULT_AS_OF, WINDOWS, RULES)
    first = spark_run.run(store, prepared, neo4j_server.spec)
    written = graph_of(store)
    # The same inputs again (read anew: the run's cache is gone), as a re-run of the date.
    again = spark_run.run(store, prepared, neo4j_server.spec)

    assert written == expected
    assert graph_of(store) == expected  # a re-run of the date changes nothing
    assert first.summary == local.summary
    assert first.prepared.warnings == local.prepared.warnings == ()
    assert first.written == local.written
    assert (again.written.assignments_written, again.written.assignments_deleted) == (150, 0)
    assert again.written.personas_created == again.written.personas_updated == ()
    state = read_run_state(store, DEFAULT_AS_OF)
    assert state is not None
    assert (state.status, state.assignments) == ("complete", 150)


def test_spark_assigns_10000_subjects_as_the_local_engine_does(
    store: Store, ten_thousand: Path, assign_on: AssignOn
) -> None:
    local = prepare(ten_thousand, DEFAULT_AS_OF, WINDOWS, RULES)
    table = features_table(local.subjects)
    result = assign_table(table, RULES, DEFAULT_AS_OF)
    expected_rows = columnar_assignment_rows(result, table, rules_hash(RULES))

    report = assign_on(Engine.SPARK, store, ten_thousand, RULES)
    stored = {
        row["id"]: row
        for row in store.run_raw(
            "MATCH (s:Subject)-[:HAS_ASSIGNMENT]->(a:Assignment) "
            "OPTIONAL MATCH (a)-[p:PRIMARY]->(primary:Persona) "
            "OPTIONAL MATCH (a)-[q:SECONDARY]->(secondary:Persona) "
            "RETURN a.id AS id, s.id AS subject, properties(a) AS props, "
            "primary.id AS primary, p.severity AS primary_severity, "
            "secondary.id AS secondary, q.severity AS secondary_severity"
        )
    }

    assert report.prepared.warnings == local.warnings
    # 103 subjects gone from savings, three 90-day rows in cash_flow only (3 x 4 files) and
    # user_00042 without a 180-day row anywhere.
    assert len(local.warnings) == 103 + 12 + 1
    assert report.written.assignments_written == len(expected_rows) == 20_000
    assert sorted(stored) == sorted(row["id"] for row in expected_rows)
    for row in expected_rows:
        graph = stored[row["id"]]
        props = {k: v for k, v in graph["props"].items() if k not in VOLATILE | {"as_of", "id"}}
        wanted = {k: v for k, v in row["props"].items() if v is not None}
        assert _typed([props]) == _typed([wanted]), row["id"]
        assert (graph["subject"], str(graph["props"]["as_of"])) == (row["user_id"], row["as_of"])
        for slot in ("primary", "primary_severity", "secondary", "secondary_severity"):
            assert _typed([graph[slot]]) == _typed([row[slot]]), (row["id"], slot)


# --- the same plan, the same columns ---------------------------------------------------------


def _random_subjects(rng: random.Random, count: int) -> list[SubjectFeatures]:
    boundaries = (0.0, -0.0, 0.02, 0.1, 0.3, 0.5, 1.0, 3.0, 45.0, 50.0, 200.0, 1200.0)
    extremes = (1.7976931348623157e308, -1.7976931348623157e308, math.nan, math.inf, -math.inf)
    whole_columns = {n for n, s in FEATURES.items() if s.kind is FeatureKind.NUMBER}
    whole_columns = set(rng.sample(sorted(whole_columns), 3))
    subjects = []
    for row in range(count):
        values: dict[str, Any] = {}
        for name, spec in FEATURES.items():
            roll = rng.random()
            if roll < 0.15:
                continue
            if spec.kind is FeatureKind.FLAG:
                values[name] = rng.random() < 0.5
            elif spec.kind is FeatureKind.COUNT or name in whole_columns:
                values[name] = rng.choice((0, 1, 2, 3, 45, 46, 2**62, -(2**61)))
            elif roll < 0.5:
                edge = rng.choice(boundaries)
                values[name] = rng.choice((edge, math.nextafter(edge, math.inf), -edge))
            elif roll < 0.6:
                values[name] = rng.choice(extremes)
            else:
                values[name] = rng.uniform(-2.0, 300.0)
        subjects.append(
            SubjectFeatures(f"user_{row:04d}", rng.choice((30, 180, 7, 365)), DEFAULT_AS_OF, values)
        )
    return subjects


def _random_rules(rng: random.Random) -> RuleSet:
    personas = []
    for number in range(1, rng.randint(2, 6)):
        groups = []
        for _ in range(rng.randint(1, 3)):
            group = []
            for _ in range(rng.randint(1, 3)):
                feature = rng.choice(sorted(FEATURES))
                threshold: float | bool
                if FEATURES[feature].kind is FeatureKind.FLAG:
                    op, threshold = Operator.EQ, rng.random() < 0.5
                else:
                    op = rng.choice(list(Operator))
                    threshold = rng.choice((0.0, 0.5, 2.5, 45.0, 45.5, 200.0, 1e19, -1e19))
                missing = rng.choice(list(IfMissing))
                group.append(Criterion(feature, op, threshold, missing, rng.random() < 0.3))
            groups.append(tuple(group))
        severity = Severity(rng.choice(sorted(FEATURES)), rng.choice((1.0, 45.0, 0.5)))
        priority = rng.choice(list(Priority))
        personas.append(
            PersonaRule(
                number, f"p-{number}", f"P {number}", priority, "f", "low", tuple(groups), severity
            )
        )
    return RuleSet(tuple(personas))


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_spark_sql_computes_every_column_and_trace_of_the_arrow_evaluator(
    spark: SparkSession, tmp_path: Path, seed: int
) -> None:
    rng = random.Random(seed)
    rules = _random_rules(rng) if seed > 1 else RULES  # the shipped rules, then random ones
    table = features_table(_random_subjects(rng, 400))
    path = tmp_path / "features.parquet"
    pq.write_table(table, path)
    plan = compile_plan(rules, column_kinds(table.schema))
    arrow = assign_table(table, rules, DEFAULT_AS_OF)
    rows_of = GraphRows(rules, DEFAULT_AS_OF, "digest", row_columns(column_kinds(table.schema)))

    with spark_step("the test's evaluation"):
        frame = evaluate(spark.read.parquet(path.as_uri()), plan)
        columns = frame.select("user_id", *(o.name for o in plan.outputs)).collect()
        traces = frame.mapInArrow(rows_of, rows_of.schema).select("id", "trace").collect()

    by_user = {row["user_id"]: row.asDict() for row in columns}
    for expected in arrow.table.to_pylist():
        ours = by_user[expected["user_id"]]
        for output in plan.outputs:
            assert _typed([ours[output.name]]) == _typed([expected[output.name]]), (
                expected["user_id"],
                output.name,
            )
    local_traces = dict(zip(arrow.table["user_id"].to_pylist(), arrow.traces(), strict=True))
    assert {row["id"].split("|")[0]: row["trace"] for row in traces} == local_traces


# --- the run's guarantees --------------------------------------------------------------------


def test_a_spark_run_is_refused_while_another_run_holds_its_date(
    store: Store, features: Path, spark: SparkSession, neo4j_server: Provisioned
) -> None:
    store.write(
        "write/behavioral/begin_run",
        as_of=DEFAULT_AS_OF.isoformat(),
        run_id="the-other-run",
        windows=list(WINDOWS),
        lease_seconds=300,
    )
    before = fingerprint(store)
    prepared = spark_run.prepare(spark, features, DEFAULT_AS_OF, WINDOWS, RULES)

    with pytest.raises(EditConflict, match=f"Another assignment run for as-of {DEFAULT_AS_OF}"):
        spark_run.run(store, prepared, neo4j_server.spec)

    assert fingerprint(store) == before


def test_a_spark_run_whose_write_fails_marks_its_date_failed_and_a_rerun_repairs_it(
    store: Store, features: Path, spark: SparkSession, neo4j_server: Provisioned
) -> None:
    wrong = ConnectionSpec(neo4j_server.spec.uri, neo4j_server.spec.user, "not-the-password")
    prepared = spark_run.prepare(spark, features, DEFAULT_AS_OF, WINDOWS, RULES)

    with pytest.raises(SparkJobFailed, match="Neo4j Connector for Apache Spark"):
        spark_run.run(store, prepared, wrong)

    failed = read_run_state(store, DEFAULT_AS_OF)
    assert failed is not None
    assert failed.status == "failed"
    assert fingerprint(store).labels.get("Assignment", 0) == 0
    repaired = spark_run.run(store, prepared, neo4j_server.spec)
    assert repaired.written.assignments_written == 150
    state = read_run_state(store, DEFAULT_AS_OF)
    assert state is not None
    assert state.status == "complete"
