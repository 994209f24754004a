"""Spot checks of an export: the same question asked of the graph (Cypher) and of the
tables (SQL), which must give the same answer.

The SQL runs unchanged on SQLite and PostgreSQL. The first check is the source's
"shared pain points across functions" query, with the persona's function reached
through ``persona_role`` and ``role_function``; its ``ARRAY_AGG`` column and
``LIMIT`` are left out (SQLite has no arrays, and ties at the limit would make the
cut arbitrary). Answers are compared as sorted lists of rows.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Final

from personagraph.store import Store

__all__ = ["CHECKS", "Check", "CheckOutcome", "run_checks"]


@dataclass(frozen=True)
class Check:
    """One question: its Cypher statement's name and the SQL over the export."""

    name: str
    cypher: str
    sql: str


CHECKS: Final[tuple[Check, ...]] = (
    Check(
        "shared pain points across functions",
        "export/checks/shared_pain_points",
        """
        SELECT pp.text, pp.category,
               COUNT(DISTINCT rf.function_key) AS function_count,
               COUNT(DISTINCT p.id) AS affected_persona_count
        FROM persona_pain_points ppp
        JOIN pain_points pp ON pp.key = ppp.pain_point_key
        JOIN personas p ON p.id = ppp.persona_id
        JOIN persona_role pr ON pr.persona_id = p.id
        JOIN role_function rf ON rf.role_key = pr.role_key
        WHERE p.is_active = TRUE
        GROUP BY pp.text, pp.category
        HAVING COUNT(DISTINCT rf.function_key) > 1
        """,
    ),
    Check(
        "archetypes per function",
        "export/checks/archetypes_per_function",
        """
        SELECT rf.function_key, p.archetype, p.inferred_archetype, COUNT(*)
        FROM personas p
        JOIN persona_role pr ON pr.persona_id = p.id
        JOIN role_function rf ON rf.role_key = pr.role_key
        GROUP BY rf.function_key, p.archetype, p.inferred_archetype
        """,
    ),
    Check(
        "opportunity reach",
        "export/checks/opportunity_reach",
        """
        SELECT opp.opportunity_key, COUNT(DISTINCT ppp.persona_id), SUM(ppp.severity)
        FROM opportunity_pain_points opp
        JOIN persona_pain_points ppp ON ppp.pain_point_key = opp.pain_point_key
        GROUP BY opp.opportunity_key
        """,
    ),
    Check(
        "goals, skills and ratings per persona",
        "export/checks/persona_facets",
        """
        SELECT p.id,
               (SELECT COUNT(*) FROM persona_goals g WHERE g.persona_id = p.id),
               (SELECT COUNT(*) FROM persona_skills s WHERE s.persona_id = p.id),
               (SELECT COUNT(*) FROM persona_outcomes o WHERE o.persona_id = p.id)
        FROM personas p
        """,
    ),
)


@dataclass(frozen=True)
class CheckOutcome:
    """Both answers to one check."""

    check: Check
    graph: list[tuple[Any, ...]]
    tables: list[tuple[Any, ...]]

    @property
    def agrees(self) -> bool:
        return self.graph == self.tables


Query = Callable[[str], Sequence[Sequence[Any]]]


def run_checks(store: Store, query: Query) -> list[CheckOutcome]:
    """Ask every check of the graph and, through ``query`` (SQL in, rows out), of an export."""
    outcomes = []
    for check in CHECKS:
        graph = sorted(tuple(row.values()) for row in store.read(check.cypher))
        tables = sorted(tuple(row) for row in query(check.sql))
        outcomes.append(CheckOutcome(check, graph, tables))
    return outcomes
