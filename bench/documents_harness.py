"""What the document benchmarks share: a Neo4j to run against, and the labelled corpus.

Imported by bench/retrieval.py and bench/retrieval_quality.py (``python bench/x.py``
puts ``bench/`` on the path).
"""

from __future__ import annotations

import argparse
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import yaml

from personagraph.neo4j_local.provision import provision_local
from personagraph.settings import Settings
from personagraph.store.connection import ConnectionSpec

DATA = Path(__file__).resolve().parent / "data"
DOCUMENTS = DATA / "documents"
RESULTS = Path(__file__).resolve().parent / "results"


def add_server_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--uri",
        help="use this server instead of starting one (ITS DATA IS WIPED); user and "
        "password from --user / --password",
    )
    parser.add_argument("--user", default="neo4j")
    parser.add_argument("--password")
    parser.add_argument("--heap", default="2g", help="heap of the Neo4j started for the run")


@contextmanager
def server(arguments: argparse.Namespace) -> Iterator[ConnectionSpec]:
    """The server named by ``--uri``, or a local one in a temporary folder for this run."""
    if arguments.uri:
        yield ConnectionSpec(arguments.uri, arguments.user, arguments.password)
        return
    with tempfile.TemporaryDirectory(prefix="pg-documents-bench-") as scratch:
        settings = Settings(neo4j_heap=arguments.heap)
        provisioned = provision_local(settings, print, Path(scratch) / "neo4j", keep=False)
        try:
            yield provisioned.spec
        finally:
            provisioned.release()


def load_yaml(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((DATA / name).read_text(encoding="utf-8"))
    return loaded
