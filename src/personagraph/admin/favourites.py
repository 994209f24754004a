"""Marking a persona as a favourite (a change like any other: versioned and audited)."""

from __future__ import annotations

from personagraph.admin import history
from personagraph.admin.changes import Actor, Change, record
from personagraph.admin.guards import editable_state, next_version
from personagraph.store import Store
from personagraph.store.connection import Transaction


def set_favourite(store: Store, persona_id: str, favourite: bool, actor: Actor) -> str:
    """Mark (or unmark) the persona; asking for what it already is changes nothing.

    No version is asked for: the mark does not depend on what else the persona holds, so
    a concurrent edit cannot make it wrong; it is still taken under the persona's lock.

    Raises:
        EntityNotFound: no such persona.
        PersonaDeleted: it is soft-deleted.
    """

    def work(tx: Transaction) -> str:
        before = editable_state(tx, persona_id, None)
        if bool(before.get("is_favourite")) == favourite:
            return persona_id
        next_version(tx, persona_id, int(before["version"]), {"is_favourite": favourite})
        after = history.states(tx, [persona_id])[persona_id]
        record(tx, actor, [Change("favourite", persona_id, before, after)])
        return persona_id

    return store.transaction(work)
