"""Restoring a persona to an earlier version: a new version equal to the old one.

Like every edit it names the version the caller read (``expected_version``) and is
refused (:class:`~personagraph.errors.EditConflict`) if the persona moved since;
restoring a state that is already current changes nothing. Every field history tracks
comes back (the role too), except ``is_active``: a restore neither deletes nor undeletes.
"""

from __future__ import annotations

from personagraph.admin import history
from personagraph.admin.changes import Actor, Change, record
from personagraph.admin.guards import editable_state, next_version
from personagraph.errors import EntityNotFound
from personagraph.store import Store
from personagraph.store.connection import Transaction


def restore_version(
    store: Store, persona_id: str, version: int, expected_version: int, actor: Actor
) -> str:
    """Give the persona the state it had at ``version``, as version ``expected_version + 1``.

    Raises:
        EntityNotFound: no such persona, or the old role no longer exists.
        PersonaDeleted: it is soft-deleted.
        EditConflict: it is not at ``expected_version``.
        ValidationFailed: ``version`` is not one it had, or its history does not reach it.
    """

    def work(tx: Transaction) -> str:
        before = editable_state(tx, persona_id, expected_version)
        now = int(before["version"])
        records = history.records(tx, persona_id, now, version + 1)
        # Whether it is active is not restored: a restore never deletes (nor undeletes).
        target = {**history.as_of(before, records, version, persona_id)}
        target["is_active"] = before.get("is_active")
        changed, _ = history.diff(before, target)
        if not changed:
            return persona_id
        props = {field: target.get(field) for field in changed if field != "role"}
        next_version(tx, persona_id, now, props)
        role = target.get("role")
        moved = "role" in changed and role is not None
        if moved and not tx.run("write/personas/set_role", id=persona_id, role=role):
            raise EntityNotFound(f"role: version {version} had role {role!r}, which is gone")
        after = history.states(tx, [persona_id])[persona_id]
        record(tx, actor, [Change("restore", persona_id, before, after)])
        return persona_id

    return store.transaction(work)
