"""Checks every edit of an existing persona makes, under the persona's write lock
(``write/personas/lock``: see :mod:`personagraph.admin.persona_edits` for why the lock)."""

from __future__ import annotations

from typing import Any

from personagraph.admin import history
from personagraph.errors import EditConflict, EntityNotFound, PersonaDeleted
from personagraph.store.connection import Transaction


def locked_state(tx: Transaction, persona_id: str) -> history.State:
    """The persona's state as committed now, its write lock held until ``tx`` ends.

    Raises:
        EntityNotFound: no such persona.
    """
    if not tx.run("write/personas/lock", id=persona_id):
        raise EntityNotFound(f"id: no persona {persona_id!r}; list them with the `personas` query")
    return history.states(tx, [persona_id])[persona_id]


def editable_state(tx: Transaction, persona_id: str, version: int | None) -> history.State:
    """:func:`locked_state`, once the persona is known active (and at ``version``, if given).

    Raises:
        EntityNotFound: no such persona.
        PersonaDeleted: it is soft-deleted.
        EditConflict: it is not at ``version``.
    """
    state = locked_state(tx, persona_id)
    if state.get("is_active") is False:
        raise PersonaDeleted(
            f"id: {persona_id!r} was deleted (isActive: false, version {state.get('version')})"
            " and cannot be changed; to work on it again, copy it with duplicatePersona"
            " (the copy is active)"
        )
    if version is not None and state.get("version") != version:
        raise EditConflict(
            f"version: {persona_id!r} is at version {state.get('version')}, not {version}; "
            "someone changed it since you read it: read it again and re-apply your change"
        )
    return state


def next_version(tx: Transaction, persona_id: str, version: int, props: dict[str, Any]) -> None:
    """Set ``props`` (None removes) and move the persona from ``version`` to the next, or refuse.

    Raises:
        EditConflict: the persona left ``version`` (only possible without its lock).
    """
    rows = tx.run("write/personas/update", id=persona_id, version=version, props=props)
    if [row["version"] for row in rows] != [version + 1]:
        raise EditConflict(
            f"version: {persona_id!r} left version {version} while this edit ran; "
            "read it again and re-apply your change"
        )
