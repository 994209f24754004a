"""How many subject-windows behavioral assignment handles per second, against the source's way.

    python bench/assign.py [--subjects 100000] [--persist 100000] [--persist-before 5000]
                           [--baseline-sample 400] [--heap 4g]

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
  started for this run.

Ratios are in the same run: pure / source loader, columnar / pure, after / before.
The machine's load average is recorded. Figures are printed and saved to
bench/results/assign.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

import pyarrow.compute as pc
import pyarrow.parquet as pq

from personagraph.behavioral.features import WINDOWS, read_features
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
from personagraph.store.connection import Transaction
from personagraph.store.fingerprint import fingerprint
from personagraph.store.migrations import migrate

RESULTS = Path(__file__).parent / "results" / "assign.json"
Pair = tuple[Assignment, dict[str, FeatureValue]]


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
    root: Path, rows: list[dict[str, Any]], before: int, heap: str
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
    finally:
        server.release()
    if stored != len(rows):
        raise SystemExit(f"{stored} assignments in the graph, {len(rows)} written")
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--subjects", type=int, default=100_000)
    parser.add_argument("--persist", type=int, default=100_000, help="subjects written after")
    # The write before issue 28 ran at a few hundred a second: a sample gives its rate.
    parser.add_argument("--persist-before", type=int, default=5_000)
    parser.add_argument("--baseline-sample", type=int, default=400)
    parser.add_argument("--heap", default="4g", help="heap of the benchmark's Neo4j")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="pg-assign-bench-") as scratch:
        figures = _run(Path(scratch), arguments)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
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
    persisted = _persist(
        root, rows[: 2 * arguments.persist], 2 * arguments.persist_before, arguments.heap
    )
    pure_total = pure["read"] + pure["assign"] + pure["rows"]
    columnar_total = sum(columnar.values())
    rates: dict[str, Any] = {
        "baseline_source_loader": round(len(sample) / baseline, 1),
        "pure_assign_only": _rate(count, pure["assign"]),
        "pure_end_to_end_rows": _rate(count, pure_total),
        "columnar_assign_only": _rate(count, columnar["assign"]),
        "columnar_end_to_end_rows": _rate(count, columnar_total),
    }
    for when, figure in persisted.items():
        if "seconds" in figure:
            written = figure["subject_windows"]
            rates[f"persisted_{when}_write_only"] = _rate(written, figure["seconds"])
            prepare = (pure_total if when == "before" else columnar_total) * written / count
            rates[f"persisted_{when}_end_to_end"] = _rate(written, prepare + figure["seconds"])
    ratios = {
        "pure_to_source_loader": round(
            rates["pure_end_to_end_rows"] / rates["baseline_source_loader"], 1
        ),
        "columnar_to_pure_assign_only": round(
            rates["columnar_assign_only"] / rates["pure_assign_only"], 1
        ),
    }
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
        },
        "persisted": persisted,
        "subject_windows_per_second": rates,
        "ratios": ratios,
    }


if __name__ == "__main__":
    main()
