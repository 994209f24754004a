"""An assignment run end to end: read and check everything, assign, write once, report.

:func:`prepare` reads the rules and the five feature files and checks all of them
before anything touches the database: a wrong column type, a value out of its range (a
negative utilization, a share of days below $100 outside [0, 1]) or a requested window
without any rows stops the run with every problem listed. A missing
file, or a subject missing from a file or a window, is a warning (its features count as
missing, as the source says) unless ``strict``, where warnings stop the run too.
:func:`run` then assigns every subject for every window at once with the rules compiled to Arrow
kernels (:mod:`personagraph.inference.behavioral_columnar`, proven equal to the
per-subject evaluator) and writes the run in batches of transactions; a failed write
is repaired by running the as-of date again (:func:`~personagraph.behavioral.graph.write_run`).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Protocol

from personagraph.behavioral.features import (
    SUBJECTS_FILE,
    SubjectArchetype,
    read_archetypes,
    read_features,
)
from personagraph.behavioral.graph import (
    WriteReport,
    columnar_assignment_rows,
    read_assignments,
    rules_hash,
    write_run,
)
from personagraph.behavioral.report import Summary, summarize
from personagraph.errors import MigrationError, ValidationFailed
from personagraph.inference.behavioral import SubjectFeatures
from personagraph.inference.behavioral_columnar import assign_table, features_table
from personagraph.inference.behavioral_rules import SIGNALS, RuleSet
from personagraph.store import Store, migrations

__all__ = [
    "Engine",
    "Prepared",
    "PreparedRun",
    "RunReport",
    "absent_window_problems",
    "missing_folder_problem",
    "parse_windows",
    "prepare",
    "refuse_warnings",
    "report_run",
    "require_migrated",
    "run",
]

Advance = Callable[[int], None]


class Engine(StrEnum):
    """Where a run evaluates and writes: this process (Arrow kernels, batched
    transactions) or Apache Spark (Spark SQL, the Neo4j Connector for Apache Spark)."""

    LOCAL = "local"
    SPARK = "spark"


def parse_windows(text: str) -> tuple[int, ...]:
    """Reads ``--windows``, e.g. ``30,180``.

    Raises:
        ValidationFailed: a part is not a whole number of days 1 or more, or repeats.
    """
    windows: list[int] = []
    for part in (p.strip() for p in text.split(",")):
        if not part.isdigit() or int(part) < 1:
            raise ValidationFailed(
                [f"--windows {text!r}: {part!r} is not a number of days; give e.g. 30,180"]
            )
        if int(part) in windows:
            raise ValidationFailed([f"--windows {text!r}: {part} appears twice; give it once"])
        windows.append(int(part))
    return tuple(windows)


class Prepared(Protocol):
    """What every engine's prepared run tells its report."""

    @property
    def rules(self) -> RuleSet: ...
    @property
    def as_of(self) -> date: ...
    @property
    def windows(self) -> tuple[int, ...]: ...
    @property
    def warnings(self) -> tuple[str, ...]: ...
    @property
    def archetypes(self) -> Mapping[str, SubjectArchetype] | None: ...


@dataclass(frozen=True, slots=True)
class PreparedRun:
    """A run whose every input passed its checks: nothing is left to fail but the write."""

    rules: RuleSet
    as_of: date
    windows: tuple[int, ...]
    subjects: tuple[SubjectFeatures, ...]
    warnings: tuple[str, ...]
    archetypes: Mapping[str, SubjectArchetype] | None

    @property
    def work_units(self) -> int:
        """Returns: evaluations plus writes, the length of a progress bar."""
        return 2 * len(self.subjects)


def prepare(
    features_dir: Path,
    as_of: date,
    windows: Sequence[int],
    rules: RuleSet,
    strict: bool = False,
) -> PreparedRun:
    """Reads and checks the feature files for one as-of date; writes nothing.

    Args:
        features_dir: the folder of ``subscriptions.parquet`` ... ``cash_flow.parquet``.
        as_of: the as-of date whose rows are assigned.
        windows: the windows every subject is assigned for.
        rules: the personas to evaluate.
        strict: treat missing files and subjects as problems instead of warnings.

    Returns:
        One :class:`SubjectFeatures` per subject (found in any file) and window.

    Raises:
        ValidationFailed: every problem found; nothing of the run was written.
    """
    if not features_dir.is_dir():
        raise ValidationFailed([missing_folder_problem(features_dir)])
    found = read_features(features_dir, as_of)
    by_key = {(s.user_id, s.window_days): s for s in found.subjects}
    present = {window for _, window in by_key}
    absent = absent_window_problems(features_dir, as_of, windows, present)
    if absent:
        raise ValidationFailed(absent)
    users = sorted({user for user, _ in by_key})
    subjects, warnings = [], list(found.warnings)
    for user in users:
        for window in windows:
            subject = by_key.get((user, window))
            if subject is None:
                warnings.append(
                    f"{user} has no row for window {window} as of {as_of} in any feature "
                    "file; assigned with every feature missing"
                )
                subject = SubjectFeatures(user, window, as_of, {})
            subjects.append(subject)
    if strict:
        refuse_warnings(warnings)
    archetypes = read_archetypes(features_dir) if (features_dir / SUBJECTS_FILE).is_file() else None
    return PreparedRun(rules, as_of, tuple(windows), tuple(subjects), tuple(warnings), archetypes)


def missing_folder_problem(features_dir: Path) -> str:
    """Returns: the problem of a features folder that does not exist."""
    return (
        f"features folder {str(features_dir)!r} does not exist; give the folder of "
        f"{', '.join(s + '.parquet' for s in SIGNALS)} "
        "(`personagraph behavioral synth` writes a synthetic one)"
    )


def absent_window_problems(
    features_dir: Path, as_of: date, windows: Sequence[int], present: Collection[int]
) -> list[str]:
    """Returns: one problem per requested window no feature file has a row for."""
    return [
        f"no feature file in {features_dir} has rows for window {w} as of {as_of}; "
        f"the files have windows {sorted(present)}: give --windows from those"
        for w in windows
        if w not in present
    ]


def refuse_warnings(warnings: Sequence[str]) -> None:
    """Raises: ValidationFailed listing ``warnings``, when there are any (``--strict``)."""
    if warnings:
        raise ValidationFailed([f"{w} (--strict refuses this run)" for w in warnings])


@dataclass(frozen=True, slots=True)
class RunReport:
    """What a run wrote and the validation report read back from the graph."""

    prepared: Prepared
    written: WriteReport
    summary: Summary


def run(store: Store, prepared: PreparedRun, advance: Advance | None = None) -> RunReport:
    """Assigns every subject and window at once (the columnar evaluator) and writes the
    run in batches (:func:`~personagraph.behavioral.graph.write_run`).

    Raises:
        MigrationError: the schema is not migrated (the key constraints are missing).
        EditConflict: another run holds the as-of date.
        StoreError: the database failed; a re-run of the date repairs what it left.
    """
    tick: Advance = advance or (lambda _: None)
    require_migrated(store)
    features = features_table(prepared.subjects)
    result = assign_table(features, prepared.rules, prepared.as_of)
    graph_rows = columnar_assignment_rows(result, features, rules_hash(prepared.rules))
    tick(len(graph_rows))
    written = write_run(store, prepared.rules, graph_rows, prepared.as_of, prepared.windows, tick)
    return report_run(store, prepared, written)


def require_migrated(store: Store) -> None:
    """Raises: MigrationError when a schema migration is pending (the key constraints
    every run relies on may be missing)."""
    pending = [row.id for row in migrations.status(store) if row.pending]
    if pending:
        raise MigrationError(
            f"The database schema is not up to date (pending: {', '.join(pending)}). "
            "Run `personagraph db migrate` first."
        )


def report_run(store: Store, prepared: Prepared, written: WriteReport) -> RunReport:
    """Returns: the run's report, its validation summary read back from the graph."""
    rows = [
        row
        for row in read_assignments(store, prepared.as_of)
        if row.window_days in prepared.windows
    ]
    return RunReport(prepared, written, summarize(rows, prepared.windows, prepared.archetypes))
