"""The five feature files read and checked by Spark, with the local engine's findings.

Every check of :func:`personagraph.behavioral.features.read_features` runs here too, and
reports in the same words, in the same order:

- a missing file is a warning; a file that is not a regular file, a missing column or a
  column of the wrong type is a problem (the schemas are read from the Parquet footers
  with pyarrow on the driver and checked by the same function);
- a row without a key, a subject-window with more than one row as of the date and a
  value outside its range are problems: Spark finds the rows, the driver words them
  with the same :meth:`FeatureSpec.range_problem`, in file and row order
  (``_metadata.row_index`` is a row's position in its file);
- a subject missing from a file is a warning.

The files' rows of the as-of date are grouped once by subject and window into the
:class:`KeyTable` (one shuffle, cached): how many rows each file has for the
subject-window and each file's features. The counts, the warnings and the subjects to
assign all come from it. A feature found in several files is taken from the last of them
that has the subject-window, as the local reader merges them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import reduce
from pathlib import Path
from typing import Any, Final

import pyarrow.parquet as pq
from pyspark import StorageLevel
from pyspark.sql import Column, DataFrame, Observation, SparkSession
from pyspark.sql import Window as SparkWindow
from pyspark.sql import functions as F

from personagraph.behavioral.features import KEYS, column_problems
from personagraph.behavioral.spark.expressions import SPARK_TYPE
from personagraph.errors import UnreadableFile
from personagraph.inference.behavioral_columnar import column_kinds
from personagraph.inference.behavioral_plan import Kind
from personagraph.inference.behavioral_rules import FEATURES, SIGNALS
from personagraph.regular_files import open_regular

__all__ = [
    "Coverage",
    "KeyStats",
    "KeyTable",
    "Problem",
    "SignalFile",
    "as_of_dates",
    "open_signal_files",
    "row_problems",
]

_NULL_KEY, _DUPLICATE, _OUT_OF_RANGE = 0, 1, 2
_BOUNDED: Final = tuple(
    name for name, spec in FEATURES.items() if spec.minimum is not None or spec.maximum is not None
)
_INFINITY: Final = float("inf")


@dataclass(frozen=True)
class SignalFile:
    """One feature file whose schema passed its checks."""

    index: int
    path: Path
    signal: str
    kinds: dict[str, Kind]  # its feature columns, in file order
    frame: DataFrame  # every row: the keys, the features and _row, its position in the file

    def day(self, as_of: date) -> DataFrame:
        """Returns: the rows of ``as_of`` that have every key."""
        keyed = reduce(lambda a, b: a & b, (F.col(k).isNotNull() for k in KEYS))
        return self.frame.where(keyed & (F.to_date("as_of_date") == F.lit(as_of)))


Problem = tuple[int, str]  # the file's index in SIGNALS, and the problem


def open_signal_files(
    spark: SparkSession, folder: Path
) -> tuple[list[SignalFile], list[Problem], list[str]]:
    """Opens the feature files of ``folder``; Spark reads nothing yet.

    Returns:
        The files whose schema is right, the problems found (unreadable files, missing
        or mistyped columns) and the warnings (missing files).
    """
    files: list[SignalFile] = []
    problems: list[Problem] = []
    warnings: list[str] = []
    for index, signal in enumerate(SIGNALS):
        path = folder / f"{signal}.parquet"
        if not path.exists():
            warnings.append(
                f"{path} is missing; every subject's {signal} features count as missing"
            )
            continue
        try:
            with open_regular(path) as handle:
                schema = pq.read_schema(handle)
        except UnreadableFile as exc:
            problems.append((index, f"{exc}; feature files must be Parquet files"))
            continue
        own = (s.name for s in FEATURES.values() if s.signal == signal)
        found = [p for name in (*KEYS, *own) for p in column_problems(path, schema, name)]
        if found:
            problems += [(index, problem) for problem in found]
            continue
        kinds = column_kinds(schema)
        ordered = {name: kinds[name] for name in schema.names if name in kinds}
        frame = spark.read.parquet(path.resolve().as_uri()).select(
            *KEYS, *ordered, F.col("_metadata.row_index").alias("_row")
        )
        files.append(SignalFile(index, path, signal, ordered, frame))
    return files, problems, warnings


def row_problems(files: Sequence[SignalFile], as_of: date, duplicates: bool) -> list[Problem]:
    """Returns: every row problem of the files as of ``as_of``, worded and ordered as the
    local reader reports them (one Spark job, a shuffle more when ``duplicates`` are
    known to exist)."""
    if not files:
        return []
    union = _union([_problem_rows(file, as_of, duplicates) for file in files])
    by_index = {file.index: file for file in files}
    found = sorted(union.collect(), key=lambda r: (r["file"], r["row"], r["kind"]))
    problems: list[Problem] = []
    for row in found:
        worded = _worded(by_index[row["file"]], row.asDict(), as_of)
        problems += [(row["file"], problem) for problem in worded]
    return problems


def _union(frames: Sequence[DataFrame]) -> DataFrame:
    return reduce(lambda a, b: a.unionByName(b, allowMissingColumns=True), frames)


def _problem_rows(file: SignalFile, as_of: date, duplicates: bool) -> DataFrame:
    fields = [F.lit(file.index).alias("file"), F.col("_row").alias("row")]
    missing = F.when(F.col("user_id").isNull(), "user_id").when(
        F.col("window_days").isNull(), "window_days"
    )
    keyless = reduce(lambda a, b: a | b, (F.col(k).isNull() for k in KEYS))
    parts = [
        file.frame.where(keyless).select(
            *fields, F.lit(_NULL_KEY).alias("kind"), missing.otherwise("as_of_date").alias("key")
        )
    ]
    day = file.day(as_of)
    keyed = [F.col("user_id").alias("user"), F.col("window_days").cast("bigint").alias("window")]
    if duplicates:
        order = SparkWindow.partitionBy("user_id", "window_days").orderBy("_row")
        parts.append(
            day.withColumn("_n", F.row_number().over(order))
            .where(F.col("_n") > 1)
            .select(*fields, F.lit(_DUPLICATE).alias("kind"), *keyed)
        )
    bounded = [name for name in file.kinds if name in _BOUNDED]
    if bounded:
        # A whole-number value travels as a whole number: its message quotes it as such.
        values = [
            F.col(name).cast(SPARK_TYPE[file.kinds[name]]).alias(f"{name}__{file.kinds[name]}")
            for name in bounded
        ]
        outside = reduce(lambda a, b: a | b, (_outside(n, file.kinds[n]) for n in bounded))
        parts.append(
            day.where(outside).select(*fields, F.lit(_OUT_OF_RANGE).alias("kind"), *keyed, *values)
        )
    return _union(parts)


def _outside(name: str, kind: Kind) -> Column:
    spec = FEATURES[name]
    value = F.col(name)
    # Spark orders NaN above every number; NaN and infinities are missing, never out of range.
    condition = value.isNotNull()
    if kind is Kind.FLOAT:
        condition = condition & ~F.isnan(value) & (F.abs(value) != F.lit(_INFINITY))
    bounds: list[Column] = []
    if spec.minimum is not None:
        bounds.append(value < F.lit(spec.minimum))
    if spec.maximum is not None:
        bounds.append(value > F.lit(spec.maximum))
    return condition & reduce(lambda a, b: a | b, bounds)


def _worded(file: SignalFile, row: dict[str, Any], as_of: date) -> list[str]:
    name = file.path.name
    if row["kind"] == _NULL_KEY:
        return [
            f"{name} row {row['row'] + 1} has no {row['key']}; every row needs user_id, "
            "window_days and as_of_date"
        ]
    where = f"{name}: {row['user']} (window {row['window']})"
    if row["kind"] == _DUPLICATE:
        return [f"{where} has more than one row as of {as_of}; keep one"]
    problems = []
    for feature, kind in file.kinds.items():
        if feature in _BOUNDED:
            problem = FEATURES[feature].range_problem(row[f"{feature}__{kind}"])
            problems += [f"{where} has {problem}"] if problem else []
    return problems


@dataclass(frozen=True)
class KeyStats:
    """What the key table says about the files as of the date."""

    subject_windows: int
    windows: frozenset[int]
    duplicates: bool


@dataclass(frozen=True)
class Coverage:
    """How many subjects the files have, and the warnings for those some file lacks."""

    users: int
    warnings: list[str]


class KeyTable:
    """The files' rows of one as-of date, one row per subject-window: per file ``_n<i>``
    (its rows for the subject-window) and its features ``_f<i>_<name>``. Cached until
    :meth:`release`."""

    def __init__(self, files: Sequence[SignalFile], as_of: date) -> None:
        self.files = tuple(files)
        self.as_of = as_of
        parts = [
            file.day(as_of).select(
                "user_id",
                F.col("window_days").cast("bigint").alias("window_days"),
                F.lit(file.index).alias("_file"),
                *(F.col(name).alias(f"_f{file.index}_{name}") for name in file.kinds),
            )
            for file in files
        ]
        counts: list[Column] = []
        for file in files:
            mine = F.col("_file") == file.index
            counts.append(F.sum(mine.cast("int")).alias(f"_n{file.index}"))
            # One row per file and subject-window (duplicates are refused): its value.
            counts += [
                F.first(f"_f{file.index}_{name}", ignorenulls=True).alias(f"_f{file.index}_{name}")
                for name in file.kinds
            ]
        self.frame = (
            _union(parts)
            .groupBy("user_id", "window_days")
            .agg(*counts)
            .persist(StorageLevel.MEMORY_AND_DISK)
        )

    def release(self) -> None:
        """Frees the cached table."""
        self.frame.unpersist()

    def stats(self) -> KeyStats:
        """Returns: the subject-windows, the windows found and whether a file repeats a
        subject-window (one Spark job, which also fills the cache)."""
        repeated = [F.max(f"_n{file.index}") for file in self.files]
        found = self.frame.agg(
            F.count(F.lit(1)).alias("keys"),
            F.collect_set("window_days").alias("windows"),
            F.greatest(*repeated, F.lit(0)).alias("most"),
        ).first()
        if found is None or not found["keys"]:
            return KeyStats(0, frozenset(), False)
        return KeyStats(int(found["keys"]), frozenset(found["windows"]), found["most"] > 1)

    def first_bad_window(self) -> tuple[str, int] | None:
        """Returns: the first subject-window (by subject, then window) whose window is
        not 1 or more days, or None."""
        row = self.frame.where(F.col("window_days") < 1).orderBy("user_id", "window_days").first()
        return None if row is None else (row["user_id"], row["window_days"])

    def coverage(self, windows: Sequence[int]) -> Coverage:
        """Returns: the number of subjects; the warnings for subjects missing from a
        file, then for subjects without a row for a requested window in any file, in the
        local engine's words and order (one Spark job; only the subjects with a warning
        reach the driver)."""
        absent = {
            file.index: F.collect_list(F.when(F.col(f"_n{file.index}") == 0, F.col("window_days")))
            for file in self.files
        }
        found = F.collect_list("window_days")
        users = Observation("subjects")
        per_user = (
            self.frame.groupBy("user_id")
            .agg(found.alias("windows"), *(a.alias(f"_absent{i}") for i, a in absent.items()))
            .observe(users, F.count(F.lit(1)).alias("users"))
        )
        lacking = [F.size(f"_absent{i}") > 0 for i in absent]
        lacking += [~F.array_contains("windows", F.lit(w).cast("bigint")) for w in windows]
        with_warning = per_user.where(reduce(lambda a, b: a | b, lacking)).collect()
        rows = sorted(with_warning, key=lambda row: str(row["user_id"]))
        warnings = []
        for file in self.files:
            warnings += [
                f"{file.signal}.parquet has no row for {row['user_id']} (window "
                f"{', '.join(map(str, sorted(row[f'_absent{file.index}'])))}) as of "
                f"{self.as_of}; its {file.signal} features count as missing"
                for row in rows
                if row[f"_absent{file.index}"]
            ]
        warnings += [
            f"{row['user_id']} has no row for window {window} as of {self.as_of} in any "
            "feature file; assigned with every feature missing"
            for row in rows
            for window in windows
            if window not in row["windows"]
        ]
        return Coverage(int(users.get["users"]), warnings)

    def subjects(self, windows: Sequence[int]) -> tuple[DataFrame, dict[str, Kind]]:
        """Returns: one row per subject (found in any file) and requested window, with
        ``user_id``, ``window_days`` and every feature some file has, and their kinds."""
        frame = self._grid(windows).join(self.frame, ["user_id", "window_days"], "left")
        kinds: dict[str, Kind] = {}
        merged: list[Column] = []
        for name in FEATURES:
            holding = [file for file in self.files if name in file.kinds]
            if not holding:
                continue
            found = {file.kinds[name] for file in holding}
            # Files that disagree (whole numbers in one, floats in another) give floats.
            kinds[name] = next(k for k in (Kind.FLOAT, Kind.INT, Kind.BOOL) if k in found)
            value: Column = F.lit(None)
            for file in holding:
                present = F.coalesce(F.col(f"_n{file.index}"), F.lit(0)) > 0
                value = F.when(present, F.col(f"_f{file.index}_{name}")).otherwise(value)
            merged.append(value.cast(SPARK_TYPE[kinds[name]]).alias(name))
        return frame.select("user_id", "window_days", *merged), kinds

    def _grid(self, windows: Sequence[int]) -> DataFrame:
        # Every subject with every requested window. The windows are made in the JVM: a
        # DataFrame of Python rows would need Python workers to be read.
        requested = F.array(*(F.lit(w).cast("bigint") for w in windows))
        users = self.frame.select("user_id").distinct()
        return users.select("user_id", F.explode(requested).alias("window_days"))


def as_of_dates(files: Iterable[SignalFile]) -> list[date]:
    """Returns: the distinct as-of dates of the files' keyed rows, sorted."""
    found: set[date] = set()
    for file in files:
        keyed = reduce(lambda a, b: a & b, (F.col(k).isNotNull() for k in KEYS))
        dates = file.frame.where(keyed).select(F.to_date("as_of_date")).distinct().collect()
        found |= {row[0] for row in dates}
    return sorted(found)
