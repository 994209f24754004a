"""Behavioral personas and assignments in the graph: one write transaction per run.

The graph model (DESIGN.md, ``Subject``/``Assignment``):

- ``(:Persona {kind: 'behavioral', origin: 'behavioral'})``, id ``behavioral-<key>``,
  with ``behavioral_id`` (the source's persona id, 1-5), ``name``, ``priority``,
  ``priority_rank``, ``focus``, ``risk``, ``criteria`` (the rule in words, one per
  criterion), ``rule`` (the rule as JSON) and ``severity_feature``/``severity_scale``.
- ``(:Subject {id: user_id})-[:HAS_ASSIGNMENT]->(:Assignment)`` per window and as-of
  date, id ``<user_id>|<window_days>|<as_of>``.
- The Assignment holds the **features** it was made from, one property per feature
  (``max_utilization``, ``growth_rate``...; a missing feature is an absent property and
  is listed in ``missing_features``): features and assignment share their key (subject,
  window, as-of date), so a node of their own would only repeat it. It also holds
  ``user_id``, ``window_days``, ``as_of`` (a date), ``status`` (ASSIGNED/STABLE),
  ``primary_persona_id``/``_name``, ``secondary_persona_id``/``_name`` (absent when
  none), ``matched_persona_ids`` (ranked), ``trace`` (the JSON audit trace),
  ``rules_hash`` and ``assigned_at``.
- ``(:Assignment)-[:PRIMARY {severity}]->(:Persona)`` and ``-[:SECONDARY {severity}]->``.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Final, TypeVar

from personagraph.behavioral.config import rules_to_mapping
from personagraph.inference.behavioral import Assignment, Evaluation
from personagraph.inference.behavioral_rules import FEATURES, FeatureValue, PersonaRule, RuleSet
from personagraph.seeding.persona_history import SeedEdits
from personagraph.store import Store
from personagraph.store.connection import Transaction

__all__ = [
    "StoredAssignment",
    "WriteReport",
    "assignment_id",
    "assignment_rows",
    "persona_node_id",
    "persona_rows",
    "read_assignments",
    "rules_hash",
    "write_run",
]

T = TypeVar("T")
Advance = Callable[[int], None]
BATCH: Final = 2_000


def persona_node_id(persona: PersonaRule) -> str:
    """Returns: the Persona node id of a behavioral persona, apart from seeded ids."""
    return f"behavioral-{persona.key}"


def assignment_id(user_id: str, window_days: int, as_of: date) -> str:
    """Returns: the Assignment id: the same subject, window and date give the same node."""
    return f"{user_id}|{window_days}|{as_of.isoformat()}"


def _digest(data: Any) -> str:
    text = json.dumps(data, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def rules_hash(rules: RuleSet) -> str:
    """Returns: a digest of the whole rule set, stored on every assignment it made."""
    return _digest(rules_to_mapping(rules))


def persona_rows(rules: RuleSet) -> list[dict[str, Any]]:
    """Returns: one upsert row per behavioral persona."""
    rows = []
    for persona, mapping in zip(rules.personas, rules_to_mapping(rules)["personas"], strict=True):
        props = {
            "behavioral_id": persona.id,
            "key": persona.key,
            "name": persona.name,
            "title": persona.name,
            "priority": persona.priority.value,
            "priority_rank": persona.priority.rank,
            "focus": persona.focus,
            "risk": persona.risk,
            "criteria": [c.describe() for c in persona.criteria],
            "rule": json.dumps(mapping["all_of"]),
            "severity_feature": persona.severity.feature,
            "severity_scale": persona.severity.scale,
        }
        rows.append({"id": persona_node_id(persona), "props": props, "hash": _digest(mapping)})
    return rows


def _feature_props(values: Mapping[str, FeatureValue]) -> dict[str, Any]:
    props: dict[str, Any] = {}
    for name in FEATURES:
        value = values.get(name)
        # NaN is missing to the evaluators too; sending null removes an older value.
        if isinstance(value, float) and not math.isfinite(value):
            value = None
        props[name] = value
    return props


def _slot(evaluation: Evaluation | None) -> tuple[str | None, int | None, str | None, float | None]:
    if evaluation is None:
        return None, None, None, None
    persona = evaluation.persona
    return persona_node_id(persona), persona.id, persona.name, evaluation.severity


def assignment_rows(
    assignments: Sequence[tuple[Assignment, Mapping[str, FeatureValue]]], rules_digest: str
) -> list[dict[str, Any]]:
    """Returns: one upsert row per assignment (paired with the feature values it used)."""
    rows = []
    for assignment, values in assignments:
        ranked = assignment.ranked
        primary = _slot(ranked[0] if ranked else None)
        secondary = _slot(ranked[1] if len(ranked) > 1 else None)
        features = _feature_props(values)
        props = features | {
            "user_id": assignment.user_id,
            "window_days": assignment.window_days,
            "status": assignment.status.value,
            "primary_persona_id": primary[1],
            "primary_persona_name": primary[2],
            "secondary_persona_id": secondary[1],
            "secondary_persona_name": secondary[2],
            "matched_persona_ids": [e.persona.id for e in ranked],
            "missing_features": sorted(k for k, v in features.items() if v is None),
            "trace": json.dumps(assignment.trace(), allow_nan=False),
            "rules_hash": rules_digest,
        }
        rows.append(
            {
                "id": assignment_id(assignment.user_id, assignment.window_days, assignment.as_of),
                "user_id": assignment.user_id,
                "as_of": assignment.as_of.isoformat(),
                "props": props,
                "primary": primary[0],
                "primary_severity": primary[3],
                "secondary": secondary[0],
                "secondary_severity": secondary[3],
            }
        )
    return rows


@dataclass(frozen=True, slots=True)
class WriteReport:
    """What one run changed in the graph."""

    personas_created: tuple[str, ...]
    personas_updated: tuple[str, ...]
    personas_retired: tuple[str, ...]
    assignments_written: int
    assignments_deleted: int


def write_run(
    store: Store,
    rules: RuleSet,
    assignments: Sequence[tuple[Assignment, Mapping[str, FeatureValue]]],
    as_of: date,
    windows: Sequence[int],
    advance: Advance | None = None,
) -> WriteReport:
    """Writes the personas and one run's assignments in a single transaction.

    The run replaces every assignment of ``as_of`` in ``windows``: all of it commits,
    or nothing does.

    Args:
        store: the database.
        rules: the personas, upserted (and those gone from the rules retired) first.
        assignments: each assignment with the feature values it was made from.
        as_of: the run's as-of date.
        windows: the windows the run assigned.
        advance: called with the number of assignments written, batch by batch.

    Returns:
        Personas created, updated and retired, assignments written and deleted.
    """
    tick: Advance = advance or (lambda _: None)
    rows = assignment_rows(assignments, rules_hash(rules))

    def work(tx: Transaction) -> WriteReport:
        edits = SeedEdits(action="behavioral", actor="behavioral rules")
        persona_input = persona_rows(rules)
        edits.before(tx, [row["id"] for row in persona_input])
        personas = tx.run("write/behavioral/upsert_personas", rows=persona_input)
        keep = [row["id"] for row in personas]
        retired = tx.run("write/behavioral/retire_personas", keep=keep)
        edits.retired(row["id"] for row in retired)
        changed = any(p["changed"] for p in personas) or bool(retired)
        edits.record(tx, touches_serving=changed)
        written = 0
        for batch in _batches(rows):
            written += tx.run("write/behavioral/upsert_assignments", rows=batch)[0]["written"]
            tick(len(batch))
        deleted = tx.run(
            "write/behavioral/delete_stale_assignments",
            as_of=as_of.isoformat(),
            windows=list(windows),
            keep=[row["id"] for row in rows],
        )[0]["deleted"]
        return WriteReport(
            tuple(p["id"] for p in personas if p["created"]),
            tuple(p["id"] for p in personas if p["changed"] and not p["created"]),
            tuple(r["id"] for r in retired),
            written,
            deleted,
        )

    return store.transaction(work)


def _batches(rows: Sequence[T]) -> Iterator[Sequence[T]]:
    for start in range(0, len(rows), BATCH):
        yield rows[start : start + BATCH]


@dataclass(frozen=True, slots=True)
class StoredAssignment:
    """An assignment as read back from the graph (personas through their relationships)."""

    user_id: str
    window_days: int
    status: str
    primary_persona_id: int | None
    secondary_persona_id: int | None
    has_trace: bool


def read_assignments(store: Store, as_of: date) -> list[StoredAssignment]:
    """Returns: every assignment of ``as_of`` in the graph, by subject then window."""
    rows = store.read("read/behavioral/assignments", as_of=as_of.isoformat())
    return [StoredAssignment(**row) for row in rows]
