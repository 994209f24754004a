"""personagraph: a graph-first persona knowledge service on Neo4j + Graph Data Science."""

from __future__ import annotations

__version__ = "0.1.0"
