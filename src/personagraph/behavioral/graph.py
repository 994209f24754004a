"""Behavioral personas and assignments in the graph: a run in batches of transactions.

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
  ``rules_hash``, ``run_id`` (the run that wrote it) and ``assigned_at``.
- ``(:AssignmentRun {id: as_of})``: the run that last claimed the date, its ``status``
  (running/complete/failed) and ``heartbeat`` (:func:`write_run`).
- ``(:Assignment)-[:PRIMARY {severity}]->(:Persona)`` and ``-[:SECONDARY {severity}]->``.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import math
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Final, TypeVar

import pyarrow as pa

from personagraph.behavioral.config import rules_to_mapping
from personagraph.errors import EditConflict, PersonagraphError
from personagraph.inference.behavioral import Assignment, Evaluation
from personagraph.inference.behavioral_columnar import ColumnarAssignments
from personagraph.inference.behavioral_rules import FEATURES, FeatureValue, PersonaRule, RuleSet
from personagraph.seeding.persona_history import SeedEdits
from personagraph.store import Store
from personagraph.store.connection import Transaction

__all__ = [
    "RunState",
    "StoredAssignment",
    "WriteReport",
    "assignment_id",
    "assignment_rows",
    "columnar_assignment_rows",
    "count_run_assignments",
    "persona_node_id",
    "persona_rows",
    "read_assignments",
    "read_run_state",
    "rules_hash",
    "write_claimed_run",
    "write_run",
]

T = TypeVar("T")
Advance = Callable[[int], None]
# Rows per write transaction: large enough that a transaction's fixed cost is small,
# small enough that a batch of traces (~3 KB each) stays far below transaction memory.
BATCH: Final = 10_000
# How long a run that stopped writing keeps its as-of date from another run.
LEASE_SECONDS: Final = 300


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


def columnar_assignment_rows(
    result: ColumnarAssignments, features: pa.Table, rules_digest: str
) -> list[dict[str, Any]]:
    """Returns: the rows :func:`assignment_rows` makes, from a columnar result and the
    features table it was evaluated on (the same row order)."""
    columns = {
        name: _finite_or_none(features[name].to_pylist())
        if name in features.column_names
        else [None] * features.num_rows
        for name in FEATURES
    }
    severities = {
        p.id: result.table[f"p{p.id}_severity"].to_pylist() for p in result.rules.personas
    }
    personas = {p.id: p for p in result.rules.personas}
    table = result.table
    as_of = result.as_of.isoformat()
    rows = []
    for row, (user, window, status, ranked, trace) in enumerate(
        zip(
            table["user_id"].to_pylist(),
            table["window_days"].to_pylist(),
            table["status"].to_pylist(),
            result.ranked_ids(),
            result.traces(),
            strict=True,
        )
    ):
        values = {name: column[row] for name, column in columns.items()}
        slots = [(personas[i], severities[i][row]) for i in ranked[:2]]
        primary = slots[0] if slots else None
        secondary = slots[1] if len(slots) > 1 else None
        props = values | {
            "user_id": user,
            "window_days": window,
            "status": status,
            "primary_persona_id": primary[0].id if primary else None,
            "primary_persona_name": primary[0].name if primary else None,
            "secondary_persona_id": secondary[0].id if secondary else None,
            "secondary_persona_name": secondary[0].name if secondary else None,
            "matched_persona_ids": ranked,
            "missing_features": sorted(k for k, v in values.items() if v is None),
            "trace": trace,
            "rules_hash": rules_digest,
        }
        rows.append(
            {
                "id": f"{user}|{window}|{as_of}",
                "user_id": user,
                "as_of": as_of,
                "props": props,
                "primary": persona_node_id(primary[0]) if primary else None,
                "primary_severity": primary[1] if primary else None,
                "secondary": persona_node_id(secondary[0]) if secondary else None,
                "secondary_severity": secondary[1] if secondary else None,
            }
        )
    return rows


def _finite_or_none(values: list[Any]) -> list[Any]:
    # NaN is missing to the evaluators too; sending null removes an older value.
    return [None if isinstance(v, float) and not math.isfinite(v) else v for v in values]


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
    rows: Sequence[Mapping[str, Any]],
    as_of: date,
    windows: Sequence[int],
    advance: Advance | None = None,
    *,
    batch: int = BATCH,
    lease_seconds: int = LEASE_SECONDS,
) -> WriteReport:
    """Writes the personas and one run's assignment rows, ``batch`` rows per transaction.

    A run of millions of assignments does not fit one transaction, so it claims its
    as-of date (an ``AssignmentRun`` node), upserts the personas in one transaction,
    writes the rows in batches (each its own transaction, renewing the claim), deletes
    the date's assignments it did not write, and marks the date complete. A run that
    fails part way leaves the personas, the batches it committed and the earlier
    assignments of the date, with the date marked failed (running, if the process was
    killed: then another run waits out the lease); a re-run of the date rewrites every
    assignment (same ids), deletes the leftovers and completes it.

    Args:
        store: the database.
        rules: the personas, upserted (and those gone from the rules retired) first.
        rows: the assignment rows (:func:`assignment_rows`, :func:`columnar_assignment_rows`).
        as_of: the run's as-of date.
        windows: the windows the run assigned.
        advance: called with the number of assignments written, batch by batch.
        batch: rows per transaction.
        lease_seconds: how long an unfinished run that has not written holds its date.

    Returns:
        Personas created, updated and retired, assignments written and deleted.

    Raises:
        EditConflict: another run holds the as-of date, or took it over meanwhile.
    """
    tick: Advance = advance or (lambda _: None)
    day = as_of.isoformat()

    def write_batches(run_id: str) -> int:
        written = 0
        for part in _batches(rows, batch):
            count = store.write(
                "write/behavioral/upsert_assignments", as_of=day, run_id=run_id, rows=list(part)
            )[0]["written"]
            if count != len(part):
                raise _taken_over(day)
            written += count
            tick(len(part))
        return written

    return write_claimed_run(
        store,
        rules,
        as_of,
        windows,
        write_batches,
        expected=len(rows),
        batch=batch,
        lease_seconds=lease_seconds,
    )


def write_claimed_run(
    store: Store,
    rules: RuleSet,
    as_of: date,
    windows: Sequence[int],
    write_assignments: Callable[[str], int],
    *,
    expected: int,
    batch: int = BATCH,
    lease_seconds: int = LEASE_SECONDS,
) -> WriteReport:
    """The protocol of every run (:func:`write_run`), whoever writes the assignments.

    Claims the as-of date, upserts the personas, calls ``write_assignments(run_id)``
    (which writes the run's assignments, each with ``run_id``, and returns how many
    the graph now holds with that run id), deletes the date's assignments the run did
    not write and marks the date complete; a failure on the way marks it failed.

    Raises:
        EditConflict: another run holds the as-of date, or took it over meanwhile (the
            run's assignments in the graph are not the ``expected`` number).
    """
    day = as_of.isoformat()
    run_id = uuid.uuid4().hex
    claim = store.write(
        "write/behavioral/begin_run",
        as_of=day,
        run_id=run_id,
        windows=list(windows),
        lease_seconds=lease_seconds,
    )[0]
    if claim["busy"]:
        raise EditConflict(
            f"Another assignment run for as-of {day} has been running since "
            f"{claim['started_at']} (last heard of at {claim['heartbeat']}). Wait for it to "
            f"finish; if it stopped, run again once it has been silent {lease_seconds} s."
        )
    try:
        personas = store.transaction(lambda tx: _write_personas(tx, rules))
        written = write_assignments(run_id)
        if written != expected:
            raise _taken_over(day)
        deleted = 0
        while True:
            gone: int = store.write(
                "write/behavioral/delete_stale_assignments",
                as_of=day,
                run_id=run_id,
                windows=list(windows),
                limit=batch,
            )[0]["deleted"]
            deleted += gone
            if gone < batch:
                break
        finished = store.write(
            "write/behavioral/finish_run", as_of=day, run_id=run_id, written=written
        )[0]["finished"]
        if not finished:
            raise _taken_over(day)
    except BaseException as exc:
        _release(store, day, run_id, exc)
        raise
    return WriteReport(*personas, written, deleted)


def count_run_assignments(store: Store, as_of: date, run_id: str) -> int:
    """Returns: how many assignments of ``as_of`` the run ``run_id`` wrote (as the graph
    holds them now)."""
    rows = store.read(
        "read/behavioral/run_assignment_count", as_of=as_of.isoformat(), run_id=run_id
    )
    count: int = rows[0]["written"]
    return count


def _release(store: Store, day: str, run_id: str, error: BaseException) -> None:
    # Best effort: when the database itself is gone, the lease frees the date later.
    with contextlib.suppress(PersonagraphError):
        store.write("write/behavioral/fail_run", as_of=day, run_id=run_id, error=repr(error)[:500])


@dataclass(frozen=True, slots=True)
class RunState:
    """The run that last claimed an as-of date (``AssignmentRun``)."""

    run_id: str
    status: str
    assignments: int | None
    error: str | None


def read_run_state(store: Store, as_of: date) -> RunState | None:
    """Returns: the state of the last run of ``as_of``, or None when there was none."""
    rows = store.read("read/behavioral/assignment_run", as_of=as_of.isoformat())
    return RunState(**rows[0]) if rows else None


def _taken_over(day: str) -> EditConflict:
    return EditConflict(
        f"Another assignment run took over as-of {day} while this one was writing (this "
        "one had been silent longer than its lease). The other run's assignments stand; "
        "run again if they are not the ones wanted."
    )


def _write_personas(
    tx: Transaction, rules: RuleSet
) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    edits = SeedEdits(action="behavioral", actor="behavioral rules")
    persona_input = persona_rows(rules)
    edits.before(tx, [row["id"] for row in persona_input])
    personas = tx.run("write/behavioral/upsert_personas", rows=persona_input)
    keep = [row["id"] for row in personas]
    retired = tx.run("write/behavioral/retire_personas", keep=keep)
    edits.retired(row["id"] for row in retired)
    changed = any(p["changed"] for p in personas) or bool(retired)
    edits.record(tx, touches_serving=changed)
    return (
        tuple(p["id"] for p in personas if p["created"]),
        tuple(p["id"] for p in personas if p["changed"] and not p["created"]),
        tuple(r["id"] for r in retired),
    )


def _batches(rows: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


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
