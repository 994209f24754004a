"""Importing a definitions file of 10,000 assistant personas, and what follows it.

    python bench/definitions_import.py [--personas 10000] [--prompt-chars 1500]

In one run: a local Neo4j + GDS in a temporary folder, migrated; a definitions file of
``--personas`` personas (prompts of ``--prompt-chars`` characters) written as JSON; then,
each timed from the file on disk to the committed transaction:

1. the first import (every persona created: its audit event and first version too);
2. the same file again (nothing changes);
3. the file with one persona in ten changed (updated: new versions, history kept);
4. an export of every assistant persona, and that export imported again (no change).

Figures are printed and saved to bench/results/definitions_import.json (the goal for the
first import of 10,000: under 30 s). Nothing here is a test.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from _harness import SEEDS, load_catalog
from personagraph.admin import definitions
from personagraph.admin.changes import Actor
from personagraph.neo4j_local.provision import provision_local
from personagraph.settings import Settings
from personagraph.store import Store

RESULTS = Path(__file__).parent / "results" / "definitions_import.json"
T = TypeVar("T")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--personas", type=int, default=10_000)
    parser.add_argument("--prompt-chars", type=int, default=1500)
    arguments = parser.parse_args()
    figures: dict[str, Any] = {
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, {platform.platform()}",
        "python": platform.python_version(),
        # The machine is shared: the 1-minute load average before and after the run.
        "load_average_before": round(os.getloadavg()[0], 2),
        "personas": arguments.personas,
        "prompt_chars": arguments.prompt_chars,
    }
    with tempfile.TemporaryDirectory(prefix="pg-definitions-bench-") as scratch:
        root = Path(scratch)
        settings = Settings(cache_dir=Settings().cache_dir, data_dir=root / "data")
        server = provision_local(settings, print, root / "neo4j", keep=False)
        try:
            load_catalog(server.spec, SEEDS)
            document = _document(arguments.personas, arguments.prompt_chars)
            path = root / "personas.json"
            path.write_text(json.dumps(document), encoding="utf-8")
            figures["file_mb"] = round(path.stat().st_size / 1e6, 1)
            with Store.open(server.spec) as store:
                figures["steps"] = _steps(store, path, document, root)
        finally:
            server.release()
    figures["load_average_after"] = round(os.getloadavg()[0], 2)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    print(f"\n{figures['machine']}; {figures['personas']:,} personas, {figures['file_mb']} MB")
    for name, step in figures["steps"].items():
        print(f"{name:<24}{step['seconds']:>8.1f} s  {step['report']}")


def _document(count: int, prompt_chars: int) -> dict[str, Any]:
    filler = ("Answer with care, cite your sources and keep it short. " * 100)[:prompt_chars]
    return {
        f"assistant_{i:05d}": {
            "name": f"Assistant {i:05d}",
            "role": f"Specialist in topic {i % 97}",
            "system_prompt": f"You are assistant {i}. {filler}",
            "context": f"Serves team {i % 41}.",
            "expertise": [f"topic {i % 97}", f"area {i % 13}"],
            "response_format": "Markdown, at most 200 words.",
            "category": ["support", "analysis", "writing"][i % 3],
            "tags": [f"t{i % 7}"],
            "settings": {"temperature": 0.2 + (i % 5) / 10, "max_tokens": 1024},
        }
        for i in range(count)
    }


def _steps(store: Store, path: Path, document: dict[str, Any], root: Path) -> dict[str, Any]:
    actor = Actor("bench")

    def run(file: Path) -> definitions.ImportReport:
        return definitions.import_definitions(store, definitions.read_file(file), actor)

    steps: dict[str, Any] = {}
    steps["first_import"] = _timed(lambda: run(path))
    steps["same_file_again"] = _timed(lambda: run(path))
    changed = {
        key: {**entry, "context": "Changed."} if i % 10 == 0 else entry
        for i, (key, entry) in enumerate(document.items())
    }
    edited = root / "edited.json"
    edited.write_text(json.dumps(changed), encoding="utf-8")
    steps["one_in_ten_changed"] = _timed(lambda: run(edited))
    exported = root / "export.json"
    steps["export"] = _timed(
        lambda: exported.write_text(
            definitions.export_definitions(store).text("json"), encoding="utf-8"
        )
    )
    steps["export_imported_again"] = _timed(lambda: run(exported))
    return steps


def _timed(work: Callable[[], T]) -> dict[str, Any]:
    began = time.perf_counter()
    result = work()
    seconds = time.perf_counter() - began
    if isinstance(result, definitions.ImportReport):
        shown = {k: len(getattr(result, k)) for k in ("created", "updated", "unchanged", "retired")}
    else:
        shown = {}
    return {"seconds": round(seconds, 2), "report": shown}


if __name__ == "__main__":
    main()
