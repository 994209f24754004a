"""Boolean conditions as Cypher text, shared by the statement compiler and the index walk.

A condition that says nothing is written ``true``; both helpers leave those out, so a
filter that narrows nothing adds no text to a statement.
"""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["all_of", "where_clause"]


def all_of(conditions: Iterable[str]) -> str:
    """The conjunction of ``conditions`` (``true`` when none says anything)."""
    kept = [c for c in conditions if c != "true"]
    if not kept:
        return "true"
    return kept[0] if len(kept) == 1 else "(" + " AND ".join(kept) + ")"


def where_clause(conditions: Iterable[str]) -> str:
    """`` WHERE a AND b`` for the conditions that say something; empty when none do."""
    kept = [c for c in conditions if c != "true"]
    return f" WHERE {' AND '.join(kept)}" if kept else ""
