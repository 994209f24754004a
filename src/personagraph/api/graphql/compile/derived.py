"""Computed fields of node types: what the ontology's properties and hops cannot say.

``Persona.history(first:)`` is the one so far: the newest ``first`` recorded versions of
the persona, with the persona's current properties and role, from which each change's
``after`` values are worked out (:func:`personagraph.admin.history.entries`). It
compiles, like everything else, into a subquery of the one statement of the request.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

__all__ = ["DERIVED", "DerivedField", "derived_fields"]


@dataclass(frozen=True)
class DerivedField:
    """A computed field: its description, and its Cypher expression for a node variable
    and the parameter holding its page size."""

    description: str
    expression: Callable[[str, str], str]


def _history(var: str, limit: str) -> str:
    return (
        "{versions: COLLECT { "
        f"MATCH ({var})<-[:VERSION_OF]-(v:PersonaVersion) "
        f"WITH v ORDER BY v.version DESC LIMIT {limit} "
        "RETURN v {.version, .action, .actor, .changed_at, .changed, .replaced} }, "
        f"current: properties({var}), "
        f"role: head(COLLECT {{ MATCH ({var})-[:HAS_ROLE]->(r:Role) RETURN r.key }})}}"
    )


DERIVED: Final[dict[str, dict[str, DerivedField]]] = {
    "Persona": {
        "history": DerivedField(
            "The persona's versions, newest first: who changed what, each changed field "
            "with its value before and after.",
            _history,
        ),
    },
}


def derived_fields(label: str) -> dict[str, DerivedField]:
    """The computed fields of ``label`` by GraphQL name."""
    return DERIVED.get(label, {})
