"""Pieces of Cypher text that the statement compiler and the index walk both write."""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["where_clause"]


def where_clause(conditions: Iterable[str]) -> str:
    """`` WHERE a AND b`` for the conditions that say something; empty when none do."""
    kept = [c for c in conditions if c != "true"]
    return f" WHERE {' AND '.join(kept)}" if kept else ""
