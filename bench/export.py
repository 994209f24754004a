"""How fast the relational export writes each format, and its peak memory, against a naive
export of the same tables in the same run.

    python bench/export.py [--personas 100000] [--seed 7] [--heap 8g] [--keep DIR]

A synthetic catalog (``seed synth``) is loaded into a local Neo4j started for this run;
a throwaway PostgreSQL is started from Debian's package. Each export then runs in a
fresh child process, so that its peak resident memory (``ru_maxrss``) is its own:

* ours, once per format: ``run_export`` (one read transaction, batches streamed to the
  writer; SQLite file, Parquet folder, CSV folder, PostgreSQL schema);
* the baseline: one driver query per table (``execute_query``, every row in memory),
  into a pandas DataFrame, then ``DataFrame.to_parquet`` (the same tables and rows).

Rows per second are table rows written / wall-clock seconds of the whole export; the
ratio is ours / baseline. Figures are printed and saved to bench/results/export.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import pandas as pd

from kept_catalog import synthetic_catalog
from personagraph.export import statements
from personagraph.export.checks import run_checks
from personagraph.export.local_postgres import start_local_postgres
from personagraph.export.mapping import (
    TABLES,
    ExtensionSource,
    LinkSource,
    NodeSource,
    Table,
    Target,
)
from personagraph.export.run import ExportRequest, run_export
from personagraph.model.ontology import Kind
from personagraph.store import Store
from personagraph.store.connection import ConnectionSpec

RESULTS = Path(__file__).parent / "results" / "export.json"
FORMATS = ["baseline", "sqlite", "parquet", "csv", "postgres"]


def _memory_mb(field: str) -> float:
    """``VmHWM`` (peak) or ``VmRSS`` (now) of this process; ``ru_maxrss`` would include the
    parent's peak, which Linux carries across ``exec``."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return round(int(line.split()[1]) / 1024, 1)
    raise SystemExit(f"no {field} in /proc/self/status")


# --- child: one export, measured --------------------------------------------------------------


def _baseline(store: Store, folder: Path) -> int:
    """The naive way: each table in one query, every row in a DataFrame, then Parquet."""
    folder.mkdir()
    total = 0
    for t in TABLES:
        frame = _frame(store, t)
        frame.to_parquet(folder / f"{t.name}.parquet", index=False)
        total += len(frame)
    return total


def _frame(store: Store, t: Table) -> pd.DataFrame:
    names = [c.name for c in t.columns]
    # The same statements as the exporter: date-times arrive as microseconds since 1970.
    times = [c.name for c in t.columns if c.kind is Kind.DATETIME]
    source = t.source
    if isinstance(source, NodeSource):
        query = statements.NODES[source.label]
        rows = [r["row"] for r in store.read(query, columns=names, datetimes=times)]
    elif isinstance(source, LinkSource):
        query = statements.LINKS[source.type, source.target_label]
        found = store.read(query, columns=names[2:], datetimes=times)
        rows = [[r["source"], *link] for r in found for link in r["links"]]
    elif isinstance(source, ExtensionSource):
        found = store.read(statements.FUNCTION_ATTRIBUTES, function=source.function)
        rows = [[r["row"][0], *_attributes(r["row"][1], names[1:])] for r in found]
    frame = pd.DataFrame(rows, columns=names)
    for name in times:
        frame[name] = pd.to_datetime(frame[name], unit="us", utc=True)
    return frame


def _attributes(document: str, names: list[str]) -> list[Any]:
    parsed = json.loads(document)
    return [parsed.get(name) for name in names]


def _child(kind: str, to: str) -> None:
    spec = ConnectionSpec(os.environ["BENCH_URI"], "neo4j", os.environ.get("BENCH_PASSWORD"))
    with Store.open(spec) as store:
        ready = _memory_mb("VmRSS")
        began = time.perf_counter()
        if kind == "baseline":
            rows = _baseline(store, Path(to))
        else:
            rows = run_export(store, ExportRequest(Target(kind), to)).total_rows
        seconds = time.perf_counter() - began
    print(
        json.dumps(
            {"rows": rows, "seconds": seconds, "peak_mb": _memory_mb("VmHWM"), "ready_mb": ready}
        )
    )


# --- parent: the catalog, the servers, the runs ----------------------------------------------


def _measure(kind: str, to: str, env: dict[str, str]) -> dict[str, Any]:
    command = [sys.executable, __file__, "--child", kind, "--to", to]
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{kind} export failed:\n{done.stderr[-3000:]}")
    figures: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    figures["rows_per_second"] = round(figures["rows"] / figures["seconds"])
    figures["seconds"] = round(figures["seconds"], 1)
    print(f"  {kind}: {figures}", flush=True)
    return figures


def _run(root: Path, personas: int, seed: int, heap: str, keep: bool) -> dict[str, Any]:
    with synthetic_catalog(root, personas, seed, heap, keep=keep) as kept:
        spec = kept.server.spec
        postgres = start_local_postgres()
        try:
            env = {**os.environ, "BENCH_URI": spec.uri, "BENCH_PASSWORD": spec.password or ""}
            targets = {
                "baseline": str(root / "baseline"),
                "sqlite": str(root / "export.sqlite"),
                "parquet": str(root / "parquet"),
                "csv": str(root / "csv"),
                "postgres": postgres.dsn,
            }
            for kind in ("baseline", "parquet", "csv"):
                shutil.rmtree(targets[kind], ignore_errors=True)
            Path(targets["sqlite"]).unlink(missing_ok=True)
            runs = {kind: _measure(kind, targets[kind], env) for kind in FORMATS}
            with Store.open(spec) as store, sqlite3.connect(targets["sqlite"]) as db:
                checks = run_checks(store, lambda sql: db.execute(sql).fetchall())
        finally:
            postgres.stop()
    return _figures(personas, heap, runs, all(c.agrees for c in checks))


def _figures(
    personas: int, heap: str, runs: dict[str, dict[str, Any]], checks_agree: bool
) -> dict[str, Any]:
    base = runs["baseline"]["rows_per_second"]
    rows = {kind: run["rows"] for kind, run in runs.items()}
    if len(set(rows.values())) != 1:
        raise SystemExit(f"the exports wrote different row counts: {rows}")
    return {
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, {platform.platform()}",
        "neo4j_heap": heap,
        "personas": personas,
        "rows": rows["baseline"],
        "tables": len(TABLES),
        "spot_checks_agree": checks_agree,
        "runs": runs,
        "rows_per_second": {kind: run["rows_per_second"] for kind, run in runs.items()},
        "peak_memory_mb": {kind: run["peak_mb"] for kind, run in runs.items()},
        "ratio_to_baseline": {
            kind: round(run["rows_per_second"] / base, 3)
            for kind, run in runs.items()
            if kind != "baseline"
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--personas", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--heap", default="8g", help="heap of the benchmark's Neo4j")
    parser.add_argument(
        "--keep",
        type=Path,
        help="keep the server and its loaded catalog in this folder, and reuse them when "
        "they are already there (see bench/kept_catalog.py)",
    )
    parser.add_argument("--child", choices=FORMATS, help=argparse.SUPPRESS)
    parser.add_argument("--to", help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.child:
        _child(arguments.child, arguments.to)
        return
    if arguments.keep:
        figures = _run(arguments.keep, arguments.personas, arguments.seed, arguments.heap, True)
    else:
        with tempfile.TemporaryDirectory(prefix="pg-export-bench-") as scratch:
            figures = _run(Path(scratch), arguments.personas, arguments.seed, arguments.heap, False)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
