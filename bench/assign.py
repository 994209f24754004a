"""How many subject-windows behavioral assignment handles per second, against the source's way.

    python bench/assign.py [--subjects 100000] [--persist 25000] [--baseline-sample 400]
                           [--heap 4g]

In one run: a synthetic feature set of ``--subjects`` subjects (two windows each) is
written; then

- **ours, pure**: the five Parquet files are read once (``read_features``), every
  subject-window is assigned (``assign``) and its graph row with the JSON trace is built;
- **baseline**: the source's implementation notes for behavioral assignment
  (``load_features_for_user``): for each subject-window, each of the five files is read
  again and filtered to that row (pyarrow here, pandas there), then the same ``assign`` runs.
  It is timed on the first ``--baseline-sample`` subject-windows (all of them would take
  hours); its rate is subject-windows per second on that sample;
- **ours, persisted**: the first ``--persist`` subjects' assignments are written into a
  local Neo4j started for this run (one transaction, as ``personagraph assign`` does).

The ratio is ours / baseline for the pure path. Figures are printed and saved to
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
from personagraph.behavioral.graph import assignment_rows, rules_hash, write_run
from personagraph.errors import PersonagraphError
from personagraph.inference.behavioral import Assignment, SubjectFeatures, assign
from personagraph.inference.behavioral_rules import DEFAULT_RULES, FEATURES, SIGNALS, FeatureValue
from personagraph.neo4j_local.provision import provision_local
from personagraph.seeding.behavioral_synthetic import DEFAULT_AS_OF, write_behavioral_dataset
from personagraph.settings import Settings
from personagraph.store import Store, migrations
from personagraph.store.fingerprint import fingerprint

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


def _persist(root: Path, pairs: list[Pair], heap: str) -> dict[str, Any]:
    settings = Settings(cache_dir=Settings().cache_dir, data_dir=root / "data", neo4j_heap=heap)
    server = provision_local(settings, print, root / "neo4j", keep=False)
    try:
        with Store.open(server.spec) as store:
            migrations.migrate(store)
            began = time.perf_counter()
            try:
                write_run(store, DEFAULT_RULES, pairs, DEFAULT_AS_OF, WINDOWS)
            except PersonagraphError as exc:
                return {"subject_windows": len(pairs), "failed": str(exc)}
            seconds = _timed(f"write {len(pairs)} assignments (one transaction)", began)
            stored = fingerprint(store).labels.get("Assignment", 0)
    finally:
        server.release()
    if stored != len(pairs):
        raise SystemExit(f"{stored} assignments in the graph, {len(pairs)} written")
    return {"subject_windows": len(pairs), "seconds": round(seconds, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--subjects", type=int, default=100_000)
    # A run is one transaction: 100k subjects (200k traces) outgrow the 2.8 GiB of
    # transaction memory a 4g heap allows, so the write is measured on a quarter of them.
    parser.add_argument("--persist", type=int, default=25_000, help="subjects written to Neo4j")
    parser.add_argument("--baseline-sample", type=int, default=400)
    parser.add_argument("--heap", default="4g", help="heap of the benchmark's Neo4j")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="pg-assign-bench-") as scratch:
        figures = _run(Path(scratch), arguments)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(figures, indent=2))


def _run(root: Path, arguments: argparse.Namespace) -> dict[str, Any]:
    print(f"generating {arguments.subjects} subjects")
    began = time.perf_counter()
    write_behavioral_dataset(root / "features", subjects=arguments.subjects)
    generate = _timed("generate", began)
    pairs, ours = _ours(root / "features")
    count = len(pairs)
    sample = [(a.user_id, a.window_days) for a, _ in pairs[: arguments.baseline_sample]]
    baseline = _baseline(root / "features", sample)
    persisted = _persist(root, pairs[: 2 * arguments.persist], arguments.heap)
    pure = ours["read"] + ours["assign"] + ours["rows"]
    rates = {
        "ours_assign_only": round(count / ours["assign"]),
        "ours_pure_end_to_end": round(count / pure),
        "baseline_source_loader": round(len(sample) / baseline, 1),
    }
    if "seconds" in persisted:
        written = persisted["subject_windows"]
        rates["ours_persisted_write_only"] = round(written / persisted["seconds"])
        rates["ours_persisted_end_to_end"] = round(
            written / (pure * written / count + persisted["seconds"])
        )
    return {
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, {platform.platform()}",
        "subjects": arguments.subjects,
        "subject_windows": count,
        "neo4j_heap": arguments.heap,
        "seconds": {"generate": round(generate, 1), **{k: round(v, 2) for k, v in ours.items()}},
        "persisted": persisted,
        "subject_windows_per_second": rates,
        "ratio_ours_pure_to_baseline": round(
            rates["ours_pure_end_to_end"] / rates["baseline_source_loader"], 1
        ),
    }


if __name__ == "__main__":
    main()
