"""A persona's version history: what each change replaced, and any earlier state.

Every change that moves a persona to a new version leaves one ``PersonaVersion`` node
(``<persona id>@<version>``) holding the names of the fields it changed and, as JSON,
the values those fields had *before* it (null: the field had no value). Nothing else is
copied: a 10 KB system prompt edited once is stored once more, not once per version.
Walking from the persona's current properties back through these replaced values gives
the value of every field at every version, so ``after`` values and ``personaAsOf`` are
computed, never stored twice.

What is tracked is a persona's own properties and its role, except bookkeeping (the
version, timestamps, the seed loader's content hash) and usage counters fed by metrics
(which are measurements, not edits).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from personagraph.errors import EntityNotFound, ValidationFailed
from personagraph.store.connection import Transaction

State = dict[str, Any]

# Not part of what a persona *is*: moved by every change, or measured, or internal.
UNTRACKED = frozenset(
    {
        "version",
        "created_at",
        "updated_at",
        "content_hash",
        "chat_count",
        "dataset_count",
        "last_used_at",
    }
)


@dataclass(frozen=True)
class FieldChange:
    """One field of one change: its value before and after (None: no value)."""

    field: str
    before: Any
    after: Any


@dataclass(frozen=True)
class VersionRecord:
    """A stored ``PersonaVersion``: which fields a change touched and what they held."""

    version: int
    action: str
    actor: str
    changed_at: datetime | None
    changed: tuple[str, ...]
    replaced: Mapping[str, Any]


@dataclass(frozen=True)
class HistoryEntry:
    """One version of a persona as ``history`` shows it."""

    version: int
    action: str
    actor: str
    changed_at: datetime | None
    changes: tuple[FieldChange, ...]


def tracked(props: Mapping[str, Any]) -> State:
    """The part of a persona state history keeps (``role`` included when present)."""
    return {
        name: value
        for name, value in props.items()
        if name not in UNTRACKED and not name.startswith("_") and value is not None
    }


def diff(before: Mapping[str, Any] | None, after: Mapping[str, Any]) -> tuple[list[str], State]:
    """The fields that differ from ``before`` to ``after``, sorted, and their old values.

    A creation (``before`` None) changes every field it sets and replaces nothing.
    """
    old, new = tracked(before or {}), tracked(after)
    changed = sorted(name for name in old.keys() | new.keys() if old.get(name) != new.get(name))
    replaced = {} if before is None else {name: old.get(name) for name in changed}
    return changed, replaced


def version_row(
    persona_id: str, version: int, action: str, before: Mapping[str, Any] | None, after: State
) -> dict[str, Any] | None:
    """The ``write/history/record_versions`` row of a change, or None if it changed nothing."""
    changed, replaced = diff(before, after)
    if not changed:
        return None
    return {
        "persona_id": persona_id,
        "version": version,
        "action": action,
        "changed": changed,
        "replaced": json.dumps(replaced, sort_keys=True, default=str),
    }


def entries(records: Sequence[VersionRecord], current: Mapping[str, Any]) -> list[HistoryEntry]:
    """``records`` (newest first, from the current version down) with before and after.

    Each field's ``after`` is its value in the next newer version that changed it, or its
    current value. Should a version be missing (changed before history was kept), the
    ``after`` of older changes is unknown and given as None.
    """
    later: State | None = tracked(current)
    expected = current.get("version")
    result = []
    for record in records:
        if record.version != expected:
            later = None  # a gap: what came after is no longer known
        changes = tuple(
            FieldChange(
                field,
                record.replaced.get(field),
                later.get(field) if later is not None else None,
            )
            for field in record.changed
        )
        if later is not None:
            _apply(later, record)
        result.append(
            HistoryEntry(record.version, record.action, record.actor, record.changed_at, changes)
        )
        expected = record.version - 1
    return result


def as_of(
    current: Mapping[str, Any], records: Sequence[VersionRecord], version: int, persona_id: str
) -> State:
    """The tracked state of the persona at ``version``, walking back from ``current``.

    Args:
        records: every recorded version above ``version``, newest first.

    Raises:
        ValidationFailed: ``version`` is not one the persona had, or a version between it
            and now was never recorded.
    """
    now = int(current.get("version") or 0)
    if not 1 <= version <= now:
        raise ValidationFailed(
            [f"version: {persona_id!r} has versions 1 to {now}; {version} is not one of them"]
        )
    state = tracked(current)
    expected = now
    for record in records:
        if record.version != expected:
            break
        _apply(state, record)
        expected -= 1
    if expected != version:
        raise ValidationFailed(
            [
                f"version: the history of {persona_id!r} does not reach back to version "
                f"{version}: version {expected + 1} was changed without a record (before "
                "history was kept); the oldest state it can give is version "
                f"{expected + 1 if expected < now else now}"
            ]
        )
    state["version"] = version
    return state


def _apply(state: State, record: VersionRecord) -> None:
    for field in record.changed:
        value = record.replaced.get(field)
        if value is None:
            state.pop(field, None)
        else:
            state[field] = value


# -- reading what is stored ----------------------------------------------------------


# Untracked properties not even read (date-times are slow to build in the driver).
NOT_READ = ("created_at", "updated_at", "last_used_at", "content_hash")


def states(tx: Transaction, ids: Iterable[str]) -> dict[str, State]:
    """Current states of the personas with ``ids`` that exist: own properties (but
    :data:`NOT_READ`) and ``role``."""
    rows = tx.run("read/history/states", ids=list(ids), skip=list(NOT_READ))
    return {row["id"]: {**dict(row["props"]), "role": row["role"]} for row in rows}


def records(tx: Transaction, persona_id: str, newest: int, oldest: int) -> list[VersionRecord]:
    """The recorded versions ``newest`` down to ``oldest`` (those that exist), newest first."""
    ids = [f"{persona_id}@{version}" for version in range(newest, oldest - 1, -1)]
    return [record_of(row) for row in tx.run("read/history/versions", ids=ids)]


def record_of(row: Mapping[str, Any]) -> VersionRecord:
    """A stored version (a row of the history reads) as a :class:`VersionRecord`."""
    changed_at = row.get("changed_at")
    return VersionRecord(
        version=int(row["version"]),
        action=str(row["action"]),
        actor=str(row["actor"]),
        changed_at=changed_at.to_native() if changed_at is not None else None,
        changed=tuple(row["changed"] or ()),
        replaced=json.loads(row["replaced"] or "{}"),
    )


def state_at(tx: Transaction, persona_id: str, version: int) -> State:
    """The persona's tracked state at ``version``.

    Raises:
        EntityNotFound: no such persona.
        ValidationFailed: see :func:`as_of`.
    """
    found = states(tx, [persona_id])
    if persona_id not in found:
        raise EntityNotFound(f"id: no persona {persona_id!r}; list them with the `personas` query")
    current = found[persona_id]
    now = int(current.get("version") or 0)
    return as_of(current, records(tx, persona_id, now, version + 1), version, persona_id)
