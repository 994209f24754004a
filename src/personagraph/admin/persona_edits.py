"""Changing personas: create, update, soft-delete, duplicate, override the archetype,
re-run inference. Each edit is one transaction and leaves an ``AuditEvent``.

Updates, deletes and overrides carry the ``version`` the caller read: unless they move
the persona from exactly that version to the next, the edit is refused
(:class:`EditConflict`) and nothing is written or audited. A soft-deleted persona
refuses every edit (:class:`PersonaDeleted`).

Neo4j isolates transactions read-committed, so concurrent editors that read a version
before any of them commits all see the same one. Every edit of an existing persona
therefore takes the persona's write lock before reading it: editors of one persona run
one after another, each reads what the previous one committed, and the audit event
records the versions really replaced. A transaction the driver retries (after a
deadlock, say) starts again from the lock, so each attempt checks afresh.
"""

from __future__ import annotations

import uuid
from typing import Any

from personagraph.admin.changes import Actor as Actor  # re-exported: callers name it from here
from personagraph.admin.changes import Change, record
from personagraph.admin.reinference import reinfer_in_transaction
from personagraph.errors import EditConflict, EntityNotFound, PersonaDeleted, ValidationFailed
from personagraph.model.archetype import Archetype
from personagraph.model.ontology import RELATIONSHIPS
from personagraph.model.persona_edits import NewPersona, PersonaFields
from personagraph.store import Store
from personagraph.store.connection import Transaction

# A duplicate keeps what the persona is made of, not its history or derived results.
COPIED_RELATIONSHIPS = tuple(
    rel.type
    for rel in RELATIONSHIPS
    if rel.source == "Persona" and rel.type not in {"CREATED_FROM", "SIMILAR_TO"}
)
_HIDDEN = {"content_hash", "inference_inputs"}
# A copy starts its own life: no history, usage, favourite mark or protection of the source's.
NOT_COPIED = frozenset(
    {"id", "version", "created_at", "updated_at", "origin", "is_default", "is_favourite"}
    | {"chat_count", "dataset_count", "last_used_at"}
)


def create_persona(store: Store, persona: NewPersona, actor: Actor) -> str:
    """Create ``persona`` from scratch, inferring its archetype; returns its id.

    Raises:
        EditConflict: the id is taken.
        EntityNotFound: ``persona.role`` names no role.
    """

    def work(tx: Transaction) -> str:
        if tx.run("read/personas/for_edit", id=persona.id):
            raise EditConflict(f"id: a persona {persona.id!r} already exists; pick another id")
        props = persona.graph_properties()
        props.pop("id", None)
        tx.run("write/personas/create", id=persona.id, props=props, origin="scratch")
        tx.run("write/personas/declare_archetype", id=persona.id, archetype=persona.archetype.value)
        _set_role(tx, persona.id, persona.role)
        after = _infer(tx, persona.id, actor)
        _audit(tx, "create", persona.id, actor, None, after)
        return persona.id

    return store.transaction(work)


def update_persona(
    store: Store, persona_id: str, version: int, changes: PersonaFields, actor: Actor
) -> str:
    """Apply ``changes`` if the persona is still at ``version``; re-infers its archetype.

    Raises:
        EntityNotFound: no such persona.
        PersonaDeleted: it is soft-deleted.
        EditConflict: the persona changed since ``version``.
    """

    def work(tx: Transaction) -> str:
        before = _editable(tx, persona_id, version)
        _next_version(tx, persona_id, version, changes.graph_properties())
        _set_role(tx, persona_id, changes.role)
        after = _infer(tx, persona_id, actor)
        _audit(tx, "update", persona_id, actor, before, after)
        return persona_id

    return store.transaction(work)


def delete_persona(store: Store, persona_id: str, version: int, actor: Actor) -> str:
    """Soft-delete: the persona stays (``isActive: false``) but leaves lists and analytics.

    Raises:
        EntityNotFound: no such persona.
        PersonaDeleted: it is deleted already.
        EditConflict: it changed since ``version``, or it is a protected default persona.
    """

    def work(tx: Transaction) -> str:
        before = _editable(tx, persona_id, version)
        if before.get("is_default"):
            raise EditConflict(
                f"id: {persona_id!r} is a protected default persona and cannot be deleted"
            )
        _next_version(tx, persona_id, version, {"is_active": False})
        _audit(tx, "delete", persona_id, actor, before, _current(tx, persona_id))
        return persona_id

    return store.transaction(work)


def duplicate_persona(
    store: Store, source_id: str, new_id: str, name: str | None, actor: Actor
) -> str:
    """Copy a persona with its links under ``new_id`` (``origin: duplicate``, ``CREATED_FROM``).

    Raises:
        EntityNotFound: no persona ``source_id``.
        EditConflict: ``new_id`` is taken.
    """

    def work(tx: Transaction) -> str:
        # Locked so that the copy's properties and links come from one state of the source.
        source = _locked(tx, source_id)
        if tx.run("read/personas/for_edit", id=new_id):
            raise EditConflict(f"newId: a persona {new_id!r} already exists; pick another id")
        props = {key: value for key, value in source.items() if key not in NOT_COPIED}
        props["name"] = name or f"{source.get('name', source_id)} (copy)"
        tx.run("write/personas/create", id=new_id, props=props, origin="duplicate")
        tx.run(
            "write/personas/copy_links",
            source=source_id,
            copy=new_id,
            types=list(COPIED_RELATIONSHIPS),
        )
        tx.run("write/personas/link_created_from", source=source_id, copy=new_id)
        _audit(tx, "duplicate", new_id, actor, None, _current(tx, new_id))
        return new_id

    return store.transaction(work)


def override_archetype(
    store: Store, persona_id: str, archetype: Archetype, reason: str, version: int, actor: Actor
) -> str:
    """A person decides the persona's archetype; recorded as an ``ArchetypeMigration``.

    Raises:
        ValidationFailed: no reason given.
        EntityNotFound: no such persona.
        PersonaDeleted: it is soft-deleted.
        EditConflict: the persona changed since ``version``.
    """
    if len(reason.strip()) < 3:
        raise ValidationFailed(
            ["reason: say why the archetype is overridden (3 characters or more)"]
        )

    def work(tx: Transaction) -> str:
        before = _editable(tx, persona_id, version)
        tx.run(
            "write/personas/override_archetype",
            id=persona_id,
            to=archetype.value,
            **{"from": before.get("archetype")},
            reason=reason.strip(),
            actor=actor.name,
            migration_id=str(uuid.uuid4()),
        )
        _next_version(tx, persona_id, version, {})
        _audit(tx, "override_archetype", persona_id, actor, before, _current(tx, persona_id))
        return persona_id

    return store.transaction(work)


def reinfer_persona(store: Store, persona_id: str, actor: Actor) -> str:
    """Run archetype inference again on the persona's current attributes.

    Raises:
        EntityNotFound: no such persona.
        PersonaDeleted: it is soft-deleted.
    """

    def work(tx: Transaction) -> str:
        # Locked so that an update committing meanwhile cannot leave inference results
        # computed from the attributes it replaced.
        before = _locked(tx, persona_id)
        _check_active(persona_id, before)
        after = _infer(tx, persona_id, actor)
        _audit(tx, "reinfer", persona_id, actor, before, after)
        return persona_id

    return store.transaction(work)


def _editable(tx: Transaction, persona_id: str, version: int) -> dict[str, Any]:
    """The persona under its write lock, once it is known to be active and at ``version``."""
    before = _locked(tx, persona_id)
    _check_active(persona_id, before)
    _check_version(persona_id, before, version)
    return before


def _locked(tx: Transaction, persona_id: str) -> dict[str, Any]:
    """The persona as committed now, its write lock held until the transaction ends."""
    if not tx.run("write/personas/lock", id=persona_id):
        raise _not_found(persona_id)
    return _current(tx, persona_id)


def _current(tx: Transaction, persona_id: str) -> dict[str, Any]:
    rows = tx.run("read/personas/for_edit", id=persona_id)
    if not rows:
        raise _not_found(persona_id)
    props = {k: v for k, v in rows[0]["props"].items() if k not in _HIDDEN}
    return {
        **props,
        "role": rows[0]["role"],
        "_goals": rows[0]["goals"],
        "_pains": rows[0]["pain_points"],
    }


def _not_found(persona_id: str) -> EntityNotFound:
    return EntityNotFound(f"id: no persona {persona_id!r}; list them with the `personas` query")


def _check_active(persona_id: str, current: dict[str, Any]) -> None:
    if current.get("is_active") is False:
        raise PersonaDeleted(
            f"id: {persona_id!r} was deleted (isActive: false, version {current.get('version')})"
            " and cannot be changed; to work on it again, copy it with duplicatePersona"
            " (the copy is active)"
        )


def _check_version(persona_id: str, current: dict[str, Any], version: int) -> None:
    if current.get("version") != version:
        raise EditConflict(
            f"version: {persona_id!r} is at version {current.get('version')}, not {version}; "
            "someone changed it since you read it: read it again and re-apply your change"
        )


def _next_version(tx: Transaction, persona_id: str, version: int, props: dict[str, Any]) -> None:
    """Set ``props`` and move the persona from ``version`` to the next, or refuse.

    Under the persona's lock the check before has already settled it; this one makes
    sure the write did what it claims, should a path ever write without the lock.
    """
    rows = tx.run("write/personas/update", id=persona_id, version=version, props=props)
    if [row["version"] for row in rows] != [version + 1]:
        raise EditConflict(
            f"version: {persona_id!r} left version {version} while this edit ran; "
            "read it again and re-apply your change"
        )


def _set_role(tx: Transaction, persona_id: str, role: str | None) -> None:
    if role is not None and not tx.run("write/personas/set_role", id=persona_id, role=role):
        raise EntityNotFound(f"role: no role {role!r}; list them with the `roles` query")


def _infer(tx: Transaction, persona_id: str, actor: Actor) -> dict[str, Any]:
    if _current(tx, persona_id).get("kind") == "assistant":  # no archetype to infer
        return _current(tx, persona_id)
    # Re-inferred in this transaction; a quadrant change is recorded as a migration.
    reinfer_in_transaction(tx, persona_id, actor.name)
    return _current(tx, persona_id)


def _audit(
    tx: Transaction,
    action: str,
    persona_id: str,
    actor: Actor,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
) -> None:
    if after is not None:
        record(tx, actor, [Change(action, persona_id, before, after)])
