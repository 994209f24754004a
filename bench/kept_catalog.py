"""A local Neo4j holding a synthetic catalog, optionally kept for the next benchmark.

Loading 100,000 personas takes about ten minutes; ``bench/export.py`` and
``bench/analytics.py`` both need them. Given ``--keep DIR``, the first program leaves
the server running in ``DIR`` with the catalog loaded and a marker saying which
catalog it holds; the next program given the same folder and the same catalog
(personas, seed) reuses it instead of loading again. A program that changes the
graph beyond recognition (the analytics bench wipes it for the seed catalog) calls
:meth:`KeptCatalog.forget` first, so nobody reuses a folder that no longer holds the
catalog. Without ``--keep`` everything lives in a temporary folder and stops with the run.
A kept server keeps the heap it was started with; stop it to change the heap.

    python bench/export.py --keep /tmp/pg-bench-100k --heap 14g
    python bench/analytics.py --keep /tmp/pg-bench-100k --heap 14g
    python bench/kept_catalog.py stop /tmp/pg-bench-100k
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from personagraph.neo4j_local.provision import Provisioned, local_server, provision_local
from personagraph.seeding import pipeline
from personagraph.seeding.synthetic import write_synthetic_catalog
from personagraph.settings import Settings
from personagraph.store import Store, migrations
from personagraph.store.connection import ConnectionSpec
from personagraph.store.wipe import wipe

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


@dataclass
class KeptCatalog:
    """The server, the catalog's folder, and how long its load took (when reused: the load
    of the run that loaded it)."""

    server: Provisioned
    catalog: Path
    load_seconds: float
    reused: bool
    marker: Path

    def forget(self) -> None:
        """Say the folder no longer holds the catalog (before wiping or reloading)."""
        self.marker.unlink(missing_ok=True)


@contextmanager
def synthetic_catalog(
    root: Path, personas: int, seed: int, heap: str, *, keep: bool, apoc: bool = False
) -> Iterator[KeptCatalog]:
    """A server in ``root`` with ``personas`` synthetic personas loaded (or already there);
    0 personas: just the server, as it is.

    With ``keep`` the server is left running on leaving the block; otherwise it stops.
    ``apoc`` adds the APOC core plugin (the Neo4j GraphQL Library needs it).
    """
    settings = Settings(cache_dir=Settings().cache_dir, data_dir=root / "data", neo4j_heap=heap)
    server = provision_local(settings, print, root / "neo4j", keep=keep, apoc=apoc)
    marker = root / "loaded.json"
    wanted = {"personas": personas, "seed": seed}
    catalog = root / "catalog"
    try:
        held = json.loads(marker.read_text(encoding="utf-8")) if marker.exists() else {}
        reused = personas > 0 and all(held.get(name) == value for name, value in wanted.items())
        seconds = 0.0
        if reused:
            # The load time of the run that loaded it, so that figures stay comparable.
            seconds = float(held["load_seconds"])
            print(f"reusing the {personas} personas already loaded in {root}", flush=True)
            with Store.open(server.spec) as store:
                for applied in migrations.migrate(store):
                    print(f"  applied migration {applied}", flush=True)
        elif personas:
            marker.unlink(missing_ok=True)
            seconds = load_in_child(server, catalog, personas, seed)
            marker.write_text(json.dumps({**wanted, "load_seconds": seconds}), encoding="utf-8")
        yield KeptCatalog(server, catalog, seconds, reused, marker)
    finally:
        server.release()


def load_in_child(server: Provisioned, catalog: Path, personas: int, seed: int) -> float:
    """Generate ``personas`` synthetic personas into ``catalog`` and load them into
    ``server``, in a child process; the seconds the load took. A prepared 100k catalog takes
    about 5 GB that the allocator keeps after it is freed, and the benchmark beside a
    14 GB Neo4j should not carry it."""
    seconds_file = catalog.parent / "load-seconds.txt"
    seconds_file.unlink(missing_ok=True)
    env = {**os.environ, "KEPT_NEO4J_PASSWORD": server.spec.password or ""}
    command = [sys.executable, __file__, str(catalog), str(personas), str(seed)]
    command += [server.spec.uri, server.spec.user, str(seconds_file)]
    if subprocess.run(command, env=env, check=False).returncode != 0:
        raise SystemExit(f"loading {personas} personas failed (see above)")
    return float(seconds_file.read_text(encoding="utf-8"))


def _load_here(catalog: Path, personas: int, seed: int, spec: ConnectionSpec) -> float:
    print(f"generating and loading {personas} personas", flush=True)
    shutil.rmtree(catalog, ignore_errors=True)
    write_synthetic_catalog(catalog, personas, seed, source=SEEDS)
    prepared = pipeline.prepare(catalog)
    with Store.open(spec) as store:
        wipe(store)
        migrations.migrate(store)
        began = time.perf_counter()
        pipeline.load(store, prepared)
        seconds = time.perf_counter() - began
    print(f"  loaded in {seconds:.0f} s", flush=True)
    return seconds


def stop(root: Path) -> None:
    """Stop the server kept in ``root`` (it keeps its data; the marker is kept too)."""
    settings = Settings(cache_dir=Settings().cache_dir, data_dir=root / "data")
    local_server(settings, print, root / "neo4j").stop()
    print(f"stopped the server kept in {root}")


if __name__ == "__main__":
    if sys.argv[1] == "stop":
        stop(Path(sys.argv[2]))
    else:  # the child process of load_in_child
        catalog, personas, seed, uri, user, seconds_file = sys.argv[1:]
        spec = ConnectionSpec(uri, user, os.environ["KEPT_NEO4J_PASSWORD"] or None)
        loaded = _load_here(Path(catalog), int(personas), int(seed), spec)
        Path(seconds_file).write_text(str(loaded), encoding="utf-8")
