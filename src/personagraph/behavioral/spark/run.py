"""An assignment run on Apache Spark: the local engine's run, step for step.

:func:`prepare` reads and checks the feature files with Spark and stops with the local
engine's problems and warnings, in its words (:mod:`personagraph.behavioral.spark.features`);
nothing is written before every check has passed. :func:`run` evaluates the compiled
rules as Spark SQL expressions, makes the graph rows (traces included) in the executors
and writes them with the Neo4j Connector for Apache Spark, inside the same
``AssignmentRun`` claim as the local engine (one run per as-of date, a failed run marked
failed and repaired by running the date again, the date's replaced assignments deleted).
The graph it leaves is the local engine's, property for property
(tests/integration/test_spark_assignment.py).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from pyspark.sql import DataFrame, SparkSession

from personagraph.behavioral.features import (
    SUBJECTS_FILE,
    SubjectArchetype,
    no_rows_problem,
    read_archetypes,
)
from personagraph.behavioral.graph import (
    BATCH,
    WriteReport,
    count_run_assignments,
    rules_hash,
    write_claimed_run,
)
from personagraph.behavioral.run import (
    RunReport,
    absent_window_problems,
    missing_folder_problem,
    refuse_warnings,
    report_run,
    require_migrated,
)
from personagraph.behavioral.spark import features as files
from personagraph.behavioral.spark.connector import connector_query, write_rows
from personagraph.behavioral.spark.expressions import evaluate
from personagraph.behavioral.spark.failures import spark_step
from personagraph.behavioral.spark.rows import GraphRows, row_columns
from personagraph.errors import ValidationFailed
from personagraph.inference.behavioral import SubjectFeatures
from personagraph.inference.behavioral_plan import Kind, compile_plan
from personagraph.inference.behavioral_rules import RuleSet
from personagraph.store import Store
from personagraph.store.connection import ConnectionSpec

__all__ = ["SparkPreparedRun", "prepare", "run"]

Advance = Callable[[int], None]


@dataclass(frozen=True)
class SparkPreparedRun:
    """A run whose every input passed its checks; its subjects are a Spark DataFrame."""

    rules: RuleSet
    as_of: date
    windows: tuple[int, ...]
    subjects: DataFrame  # user_id, window_days and the feature columns, one row each
    kinds: dict[str, Kind]
    subject_windows: int
    warnings: tuple[str, ...]
    archetypes: Mapping[str, SubjectArchetype] | None
    keys: files.KeyTable  # cached in Spark until the run is done

    @property
    def work_units(self) -> int:
        """Returns: evaluations plus writes, the length of a progress bar."""
        return 2 * self.subject_windows


def prepare(
    spark: SparkSession,
    features_dir: Path,
    as_of: date,
    windows: Sequence[int],
    rules: RuleSet,
    strict: bool = False,
) -> SparkPreparedRun:
    """Reads and checks the feature files for one as-of date with Spark; writes nothing.

    Takes the arguments of :func:`personagraph.behavioral.run.prepare` and refuses
    what it refuses, with the same problems.

    Raises:
        ValidationFailed: every problem found; nothing of the run was written.
        SparkJobFailed: a Spark job failed.
    """
    if not features_dir.is_dir():
        raise ValidationFailed([missing_folder_problem(features_dir)])
    with spark_step(f"reading the feature files in {features_dir}"):
        opened = _Opened(features_dir, *files.open_signal_files(spark, features_dir), as_of)
        try:
            return _checked(opened, windows, rules, strict)
        except BaseException:
            if opened.table is not None:
                opened.table.release()
            raise


class _Opened:
    """The feature files whose schemas passed, what was found so far, and their key table."""

    def __init__(
        self,
        folder: Path,
        signals: list[files.SignalFile],
        problems: list[files.Problem],
        warnings: list[str],
        as_of: date,
    ) -> None:
        self.folder, self.signals, self.as_of = folder, signals, as_of
        self.problems, self.warnings = problems, warnings
        self.table = files.KeyTable(signals, as_of) if signals else None


def _checked(
    opened: _Opened, windows: Sequence[int], rules: RuleSet, strict: bool
) -> SparkPreparedRun:
    table, signals, as_of, features_dir = opened.table, opened.signals, opened.as_of, opened.folder
    problems, warnings = opened.problems, opened.warnings
    stats = table.stats() if table is not None else files.KeyStats(0, frozenset(), False)
    problems += files.row_problems(signals, as_of, stats.duplicates)
    if problems:
        # Stable: file by file (as the local reader goes), each file's in its own order.
        raise ValidationFailed([text for _, text in sorted(problems, key=lambda p: p[0])])
    if table is None or stats.subject_windows == 0:
        dates = files.as_of_dates(signals)
        raise ValidationFailed([no_rows_problem(features_dir, as_of, dates)])
    bad = table.first_bad_window() if min(stats.windows) < 1 else None
    if bad is not None:
        SubjectFeatures(*bad, as_of)  # refuses the window as the local reader does
    absent = absent_window_problems(features_dir, as_of, windows, stats.windows)
    if absent:
        raise ValidationFailed(absent)
    coverage = table.coverage(windows)
    warnings += coverage.warnings
    if strict:
        refuse_warnings(warnings)
    subjects, kinds = table.subjects(windows)
    archetypes = read_archetypes(features_dir) if (features_dir / SUBJECTS_FILE).is_file() else None
    return SparkPreparedRun(
        rules,
        as_of,
        tuple(windows),
        subjects,
        kinds,
        coverage.users * len(windows),
        tuple(warnings),
        archetypes,
        table,
    )


def run(
    store: Store,
    prepared: SparkPreparedRun,
    connection: ConnectionSpec,
    advance: Advance | None = None,
    *,
    batch: int = BATCH,
) -> RunReport:
    """Evaluates every subject-window with Spark SQL and writes the run with the connector.

    Args:
        store: the database, for the run's claim, personas, clean-up and report.
        prepared: the checked inputs (:func:`prepare`).
        connection: where the connector writes (the store's server).
        advance: called with the number of subject-windows done.
        batch: rows per transaction of the connector.

    Raises:
        MigrationError: the schema is not migrated.
        EditConflict: another run holds the as-of date, or took it over meanwhile.
        SparkJobFailed: evaluating or writing failed; a re-run of the date repairs it.
    """
    try:
        written = _write(store, prepared, connection, advance or (lambda _: None), batch)
    finally:
        prepared.keys.release()  # the run is over, whatever happened: the cache goes
    return report_run(store, prepared, written)


def _write(
    store: Store,
    prepared: SparkPreparedRun,
    connection: ConnectionSpec,
    tick: Advance,
    batch: int,
) -> WriteReport:
    require_migrated(store)
    plan = compile_plan(prepared.rules, prepared.kinds)
    rows_of = GraphRows(
        prepared.rules,
        prepared.as_of,
        rules_hash(prepared.rules),
        row_columns(prepared.kinds),
    )
    with spark_step("compiling the rules to Spark SQL"):
        rows = evaluate(prepared.subjects, plan).mapInArrow(rows_of, rows_of.schema)
    query = connector_query(store.registry)

    def write(run_id: str) -> int:
        write_rows(rows, connection, query, run_id, batch)
        tick(2 * prepared.subject_windows)
        return count_run_assignments(store, prepared.as_of, run_id)

    return write_claimed_run(
        store,
        prepared.rules,
        prepared.as_of,
        prepared.windows,
        write,
        expected=prepared.subject_windows,
        batch=batch,
    )
