"""The one place a persona change is recorded, inside the transaction that made it.

Every edit, creation, import and restore ends with :func:`record`, which writes

- an ``AuditEvent`` per change (who, which request, the whole state before and after),
- a ``PersonaVersion`` per change that altered the persona (:mod:`.history`: the fields
  it changed and what they held before), and
- one move of the serving caches' change sequence (:mod:`personagraph.serving.sequence`),
  last, so that every worker's cache drops what it holds within its check interval.

A later events outbox belongs here too: it sees every change, in the same transaction.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from personagraph.admin import history
from personagraph.serving import sequence
from personagraph.store.connection import Transaction


@dataclass(frozen=True)
class Actor:
    """Who makes an edit (an API key's name, or ``cli:<user>``) and in which request."""

    name: str
    request_id: str = "-"


@dataclass(frozen=True)
class Change:
    """One persona going from ``before`` (None: it is new) to ``after``.

    Both are states as :func:`personagraph.admin.history.states` reads them: the
    persona's properties (``version`` included) and its ``role``.
    """

    action: str
    persona_id: str
    before: Mapping[str, Any] | None
    after: Mapping[str, Any]


def record(tx: Transaction, actor: Actor, changes: Sequence[Change]) -> list[Change]:
    """Audit ``changes``, keep their history and tell the serving caches, in ``tx``.

    A change that altered the persona without moving its version (a re-inference that
    reached a new result) moves it here: every version is one state.

    Returns:
        The changes as recorded (``after`` with its final version).
    """
    recorded = [_versioned(tx, change) for change in changes]
    audits = [
        {
            "id": str(uuid.uuid4()),
            "action": change.action,
            "entity_key": change.persona_id,
            "before": _json(change.before),
            "after": _json(change.after),
        }
        for change in recorded
    ]
    if audits:
        tx.run("write/audit/record", rows=audits, actor=actor.name, request_id=actor.request_id)
    versions = [
        row
        for change in recorded
        if (
            row := history.version_row(
                change.persona_id,
                int(change.after["version"]),
                change.action,
                change.before,
                dict(change.after),
            )
        )
        is not None
    ]
    if versions:
        tx.run("write/history/record_versions", rows=versions, actor=actor.name)
        sequence.bump(tx)
    return recorded


def _versioned(tx: Transaction, change: Change) -> Change:
    before = change.before
    if before is None or before.get("version") != change.after.get("version"):
        return change
    if not history.diff(before, change.after)[0]:
        return change
    version = int(change.after["version"])
    rows = tx.run("write/personas/update", id=change.persona_id, version=version, props={})
    return Change(
        change.action,
        change.persona_id,
        before,
        {**change.after, "version": rows[0]["version"]},
    )


def _json(state: Mapping[str, Any] | None) -> str | None:
    if state is None:
        return None
    visible = {k: v for k, v in state.items() if not k.startswith("_")}
    return json.dumps(visible, sort_keys=True, default=str)
