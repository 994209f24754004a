"""How long a local Neo4j 5.26 + GDS 2.13 takes to become ready.

Three figures, all measured in this run:

* cold: an empty personagraph cache, so the server classpath is resolved and
  the GDS plugin jar shaded by Maven before the first start (Maven's own
  repository, ~/.m2, is used as it is unless --isolated-maven is given);
* first start: the cached distribution, a new instance (initial password set,
  system database created);
* restart: the same instance stopped and started again.

The warm restart is the baseline; the others are reported as ratios to it.
Figures are printed and saved to bench/results/neo4j_startup.json.

    python bench/neo4j_startup.py [--isolated-maven]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import tempfile
import time
from pathlib import Path

from personagraph.neo4j_local.provision import local_server
from personagraph.settings import Settings

RESULTS = Path(__file__).parent / "results" / "neo4j_startup.json"


def _timed_start(settings: Settings, instance: Path) -> float:
    began = time.perf_counter()
    server = local_server(settings, lambda message: print(f"  {message}"), instance)
    server.start(lambda message: print(f"  {message}"))
    elapsed = time.perf_counter() - began
    server.stop()
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--isolated-maven",
        action="store_true",
        help="use an empty Maven repository too, so the cold start downloads everything",
    )
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="pg-startup-") as scratch:
        root = Path(scratch)
        if arguments.isolated_maven:
            os.environ["MAVEN_OPTS"] = f"-Dmaven.repo.local={root / 'm2'}"
        settings = Settings(cache_dir=root / "cache", data_dir=root / "data")
        print("cold (empty cache):")
        cold = _timed_start(settings, root / "cold")
        print("first start of a new instance (cached distribution):")
        first = _timed_start(settings, root / "warm")
        print("restart of that instance:")
        restart = _timed_start(settings, root / "warm")
    figures = {
        "machine": f"{platform.machine()} {os.cpu_count()} cores, {platform.platform()}",
        "neo4j_version": settings.neo4j_version,
        "gds_version": settings.gds_version,
        "isolated_maven": arguments.isolated_maven,
        "seconds": {
            "cold": round(cold, 1),
            "first_start": round(first, 1),
            "restart": round(restart, 1),
        },
        "ratio_to_restart": {
            "cold": round(cold / restart, 2),
            "first_start": round(first / restart, 2),
        },
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
