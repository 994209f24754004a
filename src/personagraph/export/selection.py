"""Which tables and rows a subset export keeps, so that no foreign key points outside it.

``--only`` names tables. Every table a named table references is added (a link
table needs both of its ends), and so is every link or extension table whose ends
are all in the selection (``--only personas,jtbds`` brings ``persona_jtbds``).

``--function F`` keeps the function ``F`` and what hangs off it through to-one
relationships: its roles (``IN_FUNCTION``), their personas (``HAS_ROLE``), and the
archetype migrations and audit events of those personas (``OF``, ``CONCERNS``). The
shared libraries (pain points, JTBDs, opportunities …) are kept whole: they are
reference data that other functions share. Link rows are then kept only when both
of their ends were kept.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from personagraph.errors import ExportError
from personagraph.export.mapping import TABLES, Table
from personagraph.model.ontology import RELATIONSHIPS, Relationship

__all__ = ["ScopeStep", "function_scope", "select_tables"]

ROOT_LABEL = "Function"


def select_tables(only: Sequence[str] = ()) -> tuple[Table, ...]:
    """The tables an export writes, in the mapping's order (entities before links).

    Raises:
        ExportError: a name is not a table of the mapping.
    """
    if not only:
        return TABLES
    known = {t.name: t for t in TABLES}
    unknown = [name for name in only if name not in known]
    if unknown:
        raise ExportError(
            f"--only names unknown tables {unknown}; the tables are: {', '.join(sorted(known))}."
        )
    chosen = set(only)
    pending = list(only)
    while pending:  # what the chosen tables reference, transitively
        for fk in known[pending.pop()].foreign_keys:
            if fk.ref_table not in chosen:
                chosen.add(fk.ref_table)
                pending.append(fk.ref_table)
    for t in TABLES:
        if t.is_link and all(fk.ref_table in chosen for fk in t.foreign_keys):
            chosen.add(t.name)
    return tuple(t for t in TABLES if t.name in chosen)


@dataclass(frozen=True)
class ScopeStep:
    """Nodes of ``label`` are kept when their ``via`` relationship ends at a kept node."""

    label: str
    via: Relationship


def function_scope() -> tuple[ScopeStep, ...]:
    """The labels a ``--function`` export narrows, in the order they can be narrowed.

    Derived from the ontology: starting at ``Function``, a label joins when it has a
    to-one relationship to a label already in scope.
    """
    scoped = {ROOT_LABEL}
    steps: list[ScopeStep] = []
    grew = True
    while grew:
        grew = False
        for rel in RELATIONSHIPS:
            if not rel.out_many and rel.target in scoped and rel.source not in scoped:
                scoped.add(rel.source)
                steps.append(ScopeStep(rel.source, rel))
                grew = True
    return tuple(steps)
