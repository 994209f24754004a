"""How many subject-windows behavioral assignment handles per second, against the source's way.

    python bench/assign.py [--subjects 100000] [--persist 100000] [--persist-before 5000]
                           [--baseline-sample 400] [--heap 4g] [--no-spark]
                           [--results bench/results/assign.json]

In one run: a synthetic feature set of ``--subjects`` subjects (two windows each) is
written; then

- **ours, pure**: the five Parquet files are read once (``read_features``), every
  subject-window is assigned (``assign``) and its graph row with the JSON trace is built;
- **baseline**: the source's implementation notes for behavioral assignment
  (``load_features_for_user``): for each subject-window, each of the five files is read
  again and filtered to that row (pyarrow here, pandas there), then the same ``assign`` runs.
  It is timed on the first ``--baseline-sample`` subject-windows (all of them would take
  hours); its rate is subject-windows per second on that sample;
- **columnar** (issue 28, what ``personagraph assign`` runs): the same subject-windows
  as one Arrow table, every rule, ranking and trace at once (``assign_table``), then the
  graph rows; the kernels' one-time start-up in a process is timed apart on 100 rows
  (and counted in the end-to-end figures);
- **persisted, before**: the first ``--persist-before`` subjects' rows written as before
  issue 28 (2,000-row batches in one transaction, stale ones found against the list of
  kept ids: cypher/bench/behavioral_*_before.cypher);
- **persisted, after**: the first ``--persist`` subjects' rows written by ``write_run``
  (10,000-row transactions under an AssignmentRun claim), into the same local Neo4j
  started for this run;
- **Spark, local mode** (``assign --engine spark``; ``--no-spark`` skips it): a session on
  every core (its start, and its jobs' first run on 100 subjects, timed apart, and not
  counted below), then the same ``--subjects`` files read and checked
  (``prepare``), the rules' plan evaluated as Spark SQL, and the graph rows with their
  traces made (``mapInArrow``), each into Spark's ``noop`` sink; then the first
  ``--persist`` subjects (the same rows "after" wrote) prepared, evaluated and written by
  the Neo4j Connector for Apache Spark (``spark_run.run``), rewriting them as "after" did.

Ratios are in the same run: pure / source loader, columnar / pure, after / before,
Spark / columnar. The machine's load average is recorded. Figures are printed and saved
to ``--results`` (bench/results/assign.json).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyarrow.compute as pc
import pyarrow.parquet as pq

from personagraph.behavioral.features import SUBJECTS_FILE, WINDOWS, read_features
from personagraph.behavioral.graph import (
    assignment_rows,
    columnar_assignment_rows,
    rules_hash,
    write_run,
)
from personagraph.errors import PersonagraphError
from personagraph.inference.behavioral import Assignment, SubjectFeatures, assign
from personagraph.inference.behavioral_columnar import assign_table, features_table
from personagraph.inference.behavioral_rules import DEFAULT_RULES, FEATURES, SIGNALS, FeatureValue
from personagraph.neo4j_local.provision import provision_local
from personagraph.seeding.behavioral_synthetic import DEFAULT_AS_OF, write_behavioral_dataset
from personagraph.settings import Settings
from personagraph.store import Store
from personagraph.store.connection import ConnectionSpec, Transaction
from personagraph.store.fingerprint import fingerprint
from personagraph.store.migrations import migrate

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

RESULTS = Path(__file__).parent / "results" / "assign.json"
Pair = tuple[Assignment, dict[str, FeatureValue]]
SparkWrite = Callable[[Store, ConnectionSpec], dict[str, Any]]


def _timed(label: str, began: float) -> float:
    elapsed = time.perf_counter() - began
    print(f"  {label}: {elapsed:.1f} s")
    return elapsed


def _ours(folder: Path) -> tuple[list[Pair], dict[str, float]]:
    began = time.perf_counter()
    features = read_features(folder, DEFAULT_AS_OF)
    read = _timed("read the five files once", began)
    began = time.perf_counter()
    pairs = [(assign(s, DEFAULT_RULES), dict(s.values)) for s in features.subjects]
    evaluate = _timed(f"assign {len(pairs)} subject-windows", began)
    began = time.perf_counter()
    assignment_rows(pairs, rules_hash(DEFAULT_RULES))
    rows = _timed("build graph rows with JSON traces", began)
    return pairs, {"read": read, "assign": evaluate, "rows": rows}


def _columnar(folder: Path) -> tuple[list[dict[str, Any]], dict[str, float]]:
    began = time.perf_counter()
    subjects = read_features(folder, DEFAULT_AS_OF).subjects
    read = _timed("read the five files once", began)
    began = time.perf_counter()
    table = features_table(subjects)
    to_table = _timed("the subject-windows as one Arrow table", began)
    began = time.perf_counter()
    assign_table(table.slice(0, 100), DEFAULT_RULES, DEFAULT_AS_OF)
    warm_up = _timed("the kernels' one-time start-up (100 rows)", began)
    began = time.perf_counter()
    result = assign_table(table, DEFAULT_RULES, DEFAULT_AS_OF)
    evaluate = _timed(f"assign {table.num_rows} subject-windows at once", began)
    began = time.perf_counter()
    rows = columnar_assignment_rows(result, table, rules_hash(DEFAULT_RULES))
    built = _timed("graph rows with JSON traces", began)
    return rows, {
        "read": read,
        "table": to_table,
        "warm_up": warm_up,
        "assign": evaluate,
        "rows": built,
    }


def _load_features_for_user(
    folder: Path, user_id: str, window: int, as_of: date
) -> dict[str, FeatureValue]:
    # The source's loader (there with pandas.read_parquet), kept as written: every call
    # re-reads all five files and filters them to one row.
    values: dict[str, FeatureValue] = {}
    for signal in SIGNALS:
        table = pq.read_table(folder / f"{signal}.parquet")
        mask = pc.and_(
            pc.and_(pc.equal(table["user_id"], user_id), pc.equal(table["window_days"], window)),
            pc.equal(table["as_of_date"], as_of),
        )
        mine = table.filter(mask).to_pylist()
        if mine:
            values.update({k: v for k, v in mine[0].items() if k in FEATURES})
    return values


def _baseline(folder: Path, keys: list[tuple[str, int]]) -> float:
    began = time.perf_counter()
    for user_id, window in keys:
        values = _load_features_for_user(folder, user_id, window, DEFAULT_AS_OF)
        assign(SubjectFeatures(user_id, window, DEFAULT_AS_OF, values), DEFAULT_RULES)
    return _timed(f"baseline on {len(keys)} subject-windows", began)


def _write_before(store: Store, rows: list[dict[str, Any]]) -> None:
    # The write as it was: personas, then every row in one transaction, then the stale
    # assignments found against the list of every kept id.
    def work(tx: Transaction) -> None:
        for start in range(0, len(rows), 2_000):
            tx.run("bench/behavioral_upsert_before", rows=rows[start : start + 2_000])
        tx.run(
            "bench/behavioral_delete_stale_before",
            as_of=DEFAULT_AS_OF.isoformat(),
            windows=list(WINDOWS),
            keep=[row["id"] for row in rows],
        )

    store.transaction(work)


def _persist(
    root: Path,
    rows: list[dict[str, Any]],
    before: int,
    heap: str,
    spark_write: SparkWrite | None,
) -> dict[str, dict[str, Any]]:
    settings = Settings(cache_dir=Settings().cache_dir, data_dir=root / "data", neo4j_heap=heap)
    server = provision_local(settings, print, root / "neo4j", keep=False)
    figures: dict[str, dict[str, Any]] = {}
    try:
        with Store.open(server.spec) as store:
            migrate(store)
            write_run(store, DEFAULT_RULES, [], DEFAULT_AS_OF, WINDOWS)  # the personas
            began = time.perf_counter()
            try:
                _write_before(store, rows[:before])
                seconds = _timed(f"before: write {before} assignments", began)
                figures["before"] = {"subject_windows": before, "seconds": round(seconds, 2)}
            except PersonagraphError as exc:
                figures["before"] = {"subject_windows": before, "failed": str(exc)}
            # The first rows exist now: "after" rewrites them, as a re-run of the date does.
            began = time.perf_counter()
            write_run(store, DEFAULT_RULES, rows, DEFAULT_AS_OF, WINDOWS)
            seconds = _timed(f"after: write {len(rows)} assignments", began)
            figures["after"] = {"subject_windows": len(rows), "seconds": round(seconds, 2)}
            stored = fingerprint(store).labels.get("Assignment", 0)
            if spark_write is not None:
                figures["spark"] = spark_write(store, server.spec)
    finally:
        server.release()
    if stored != len(rows):
        raise SystemExit(f"{stored} assignments in the graph, {len(rows)} written")
    return figures


def _spark_session() -> tuple[SparkSession, float]:
    from personagraph.behavioral.spark.runtime import installed_runtime
    from personagraph.behavioral.spark.session import start_session

    settings = Settings()
    began = time.perf_counter()
    runtime = installed_runtime(settings.cache_dir, settings.spark_connector_version)
    spark = start_session(runtime, "local[*]", settings.spark_driver_memory)
    spark.range(1).count()  # the JVM's first job
    return spark, _timed(f"Spark session, {spark.sparkContext.defaultParallelism} cores", began)


def _noop(frame: Any) -> None:
    frame.write.format("noop").mode("overwrite").save()


def _spark_evaluate(spark: SparkSession, folder: Path) -> dict[str, float]:
    from personagraph.behavioral.spark import run as spark_run
    from personagraph.behavioral.spark.expressions import evaluate
    from personagraph.behavioral.spark.failures import spark_step
    from personagraph.behavioral.spark.rows import GraphRows, row_columns
    from personagraph.inference.behavioral_plan import compile_plan

    began = time.perf_counter()
    prepared = spark_run.prepare(spark, folder, DEFAULT_AS_OF, WINDOWS, DEFAULT_RULES)
    read = _timed("Spark: read and check the five files", began)
    plan = compile_plan(DEFAULT_RULES, prepared.kinds)
    with spark_step("the benchmark"):
        evaluated = evaluate(prepared.subjects, plan)
        began = time.perf_counter()
        _noop(evaluated.select("user_id", *(o.name for o in plan.outputs)))
        assign = _timed(f"Spark: assign {prepared.subject_windows} subject-windows", began)
        rows_of = GraphRows(
            DEFAULT_RULES, DEFAULT_AS_OF, rules_hash(DEFAULT_RULES), row_columns(prepared.kinds)
        )
        began = time.perf_counter()
        _noop(evaluated.mapInArrow(rows_of, rows_of.schema))
        rows = _timed("Spark: assign again and make the graph rows with traces", began)
    prepared.keys.release()
    return {"read": read, "assign": assign, "assign_and_rows": rows}


def _spark_writer(spark: SparkSession, folder: Path) -> SparkWrite:
    def write(store: Store, spec: ConnectionSpec) -> dict[str, Any]:
        from personagraph.behavioral.spark import run as spark_run

        began = time.perf_counter()
        prepared = spark_run.prepare(spark, folder, DEFAULT_AS_OF, WINDOWS, DEFAULT_RULES)
        report = spark_run.run(store, prepared, spec)
        count = report.written.assignments_written
        seconds = _timed(f"Spark: read, assign and write {count} assignments", began)
        return {"subject_windows": count, "seconds": round(seconds, 2)}

    return write


def _spark_rates(
    count: int,
    spark: dict[str, float],
    persisted: dict[str, Any],
    rates: dict[str, Any],
    ratios: dict[str, float],
) -> None:
    rates["spark_assign_only"] = _rate(count, spark["assign"])
    rates["spark_end_to_end_rows"] = _rate(count, spark["read"] + spark["assign_and_rows"])
    for figure in ("assign_only", "end_to_end_rows"):
        ratios[f"spark_to_columnar_{figure}"] = round(
            rates[f"spark_{figure}"] / rates[f"columnar_{figure}"], 4
        )
    if "seconds" in persisted:
        rates["spark_persisted_end_to_end"] = _rate(
            persisted["subject_windows"], persisted["seconds"]
        )
        if "persisted_after_end_to_end" in rates:
            ratios["spark_to_after_persisted_end_to_end"] = round(
                rates["spark_persisted_end_to_end"] / rates["persisted_after_end_to_end"], 2
            )


def _first_subjects(source: Path, target: Path, subjects: int) -> Path:
    # The first subjects of the generated files, as they are: the rows "after" wrote.
    target.mkdir()
    for name in (*(f"{signal}.parquet" for signal in SIGNALS), SUBJECTS_FILE):
        table = pq.read_table(source / name)
        keep = pc.is_in(table["user_id"], value_set=table["user_id"].unique()[:subjects])
        pq.write_table(table.filter(keep), target / name)
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--subjects", type=int, default=100_000)
    parser.add_argument("--persist", type=int, default=100_000, help="subjects written after")
    # The write before issue 28 ran at a few hundred a second: a sample gives its rate.
    parser.add_argument("--persist-before", type=int, default=5_000)
    parser.add_argument("--baseline-sample", type=int, default=400)
    parser.add_argument("--heap", default="4g", help="heap of the benchmark's Neo4j")
    parser.add_argument(
        "--spark", action=argparse.BooleanOptionalAction, default=True, help="Spark local mode"
    )
    parser.add_argument("--results", type=Path, default=RESULTS, help="where the figures go")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="pg-assign-bench-") as scratch:
        figures = _run(Path(scratch), arguments)
    arguments.results.parent.mkdir(parents=True, exist_ok=True)
    arguments.results.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(figures, indent=2))


def _rate(count: int, seconds: float) -> int:
    return round(count / seconds) if seconds else 0


def _run(root: Path, arguments: argparse.Namespace) -> dict[str, Any]:
    load_before = os.getloadavg()
    print(f"generating {arguments.subjects} subjects")
    began = time.perf_counter()
    write_behavioral_dataset(root / "features", subjects=arguments.subjects)
    generate = _timed("generate", began)
    pairs, pure = _ours(root / "features")
    count = len(pairs)
    sample = [(a.user_id, a.window_days) for a, _ in pairs[: arguments.baseline_sample]]
    baseline = _baseline(root / "features", sample)
    del pairs
    rows, columnar = _columnar(root / "features")
    spark_figures: dict[str, float] = {}
    spark = None
    if arguments.spark:
        spark, spark_figures["session"] = _spark_session()
        # The JVM's one-time start-up of each kind of job (classes, generated code), as the
        # kernels' above: a run over the first 100 subjects, timed apart.
        warm = _first_subjects(root / "features", root / "warm-up", 100)
        began = time.perf_counter()
        _spark_evaluate(spark, warm)
        spark_figures["warm_up"] = _timed("Spark: its jobs' first run (100 subjects)", began)
        spark_figures |= _spark_evaluate(spark, root / "features")
        persist_folder = _first_subjects(root / "features", root / "persist", arguments.persist)
    try:
        persisted = _persist(
            root,
            rows[: 2 * arguments.persist],
            2 * arguments.persist_before,
            arguments.heap,
            _spark_writer(spark, persist_folder) if spark is not None else None,
        )
    finally:
        if spark is not None:
            spark.stop()
    pure_total = pure["read"] + pure["assign"] + pure["rows"]
    columnar_total = sum(columnar.values())
    rates: dict[str, Any] = {
        "baseline_source_loader": round(len(sample) / baseline, 1),
        "pure_assign_only": _rate(count, pure["assign"]),
        "pure_end_to_end_rows": _rate(count, pure_total),
        "columnar_assign_only": _rate(count, columnar["assign"]),
        "columnar_end_to_end_rows": _rate(count, columnar_total),
    }
    for when, figure in ((w, persisted[w]) for w in ("before", "after") if w in persisted):
        if "seconds" in figure:
            written = figure["subject_windows"]
            rates[f"persisted_{when}_write_only"] = _rate(written, figure["seconds"])
            prepare = (pure_total if when == "before" else columnar_total) * written / count
            rates[f"persisted_{when}_end_to_end"] = _rate(written, prepare + figure["seconds"])
    ratios: dict[str, float] = {
        "pure_to_source_loader": round(
            rates["pure_end_to_end_rows"] / rates["baseline_source_loader"], 1
        ),
        "columnar_to_pure_assign_only": round(
            rates["columnar_assign_only"] / rates["pure_assign_only"], 1
        ),
    }
    if spark_figures:
        _spark_rates(count, spark_figures, persisted.get("spark", {}), rates, ratios)
    if "persisted_before_end_to_end" in rates and "persisted_after_end_to_end" in rates:
        ratios["persisted_after_to_before_end_to_end"] = round(
            rates["persisted_after_end_to_end"] / rates["persisted_before_end_to_end"], 1
        )
    return {
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, {platform.platform()}",
        "load_average_before_after": [round(load_before[0], 1), round(os.getloadavg()[0], 1)],
        "subjects": arguments.subjects,
        "subject_windows": count,
        "neo4j_heap": arguments.heap,
        "seconds": {
            "generate": round(generate, 1),
            "pure": {k: round(v, 2) for k, v in pure.items()},
            "columnar": {k: round(v, 2) for k, v in columnar.items()},
            "spark_local_mode": {k: round(v, 2) for k, v in spark_figures.items()},
        },
        "persisted": persisted,
        "subject_windows_per_second": rates,
        "ratios": ratios,
    }


if __name__ == "__main__":
    main()
