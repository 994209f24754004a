"""Versioned configuration documents per persona and type (``persona_configurations`` of
``seed-docs/003``): JSON objects such as a persona's metric definitions or routing hints.

Each write adds a version (1, 2, ...) and makes it the current one; earlier versions stay.
The caller names the version it read (0 before the first), like every persona edit,
and the write is refused if another came first. Types are short lower-case names.
"""

from __future__ import annotations

import json
import re
from typing import Any

from personagraph.admin.changes import Actor
from personagraph.admin.guards import editable_state
from personagraph.errors import EditConflict, ValidationFailed
from personagraph.store import Store
from personagraph.store.connection import Transaction

MAX_DOCUMENT_BYTES = 256 * 1024
_TYPE = re.compile(r"^[a-z][a-z0-9_]{0,39}$")


def configuration_id(persona_id: str, kind: str, version: int) -> str:
    """``<persona id>|<type>|<version>``: the key of one version."""
    return f"{persona_id}|{kind}|{version}"


def set_configuration(
    store: Store,
    persona_id: str,
    kind: str,
    document: Any,
    expected_version: int,
    actor: Actor,
) -> str:
    """Add version ``expected_version + 1`` of the persona's ``kind`` configuration.

    Returns:
        The new version's id.

    Raises:
        ValidationFailed: a bad type name, or a document that is not a JSON object or is
            over 256 KiB.
        EntityNotFound: no such persona.
        PersonaDeleted: it is soft-deleted.
        EditConflict: the current version is not ``expected_version``.
    """
    text = _document_text(kind, document)

    def work(tx: Transaction) -> str:
        editable_state(tx, persona_id, None)
        current = tx.run("read/configurations/current", persona_id=persona_id, type=kind)
        version = int(current[0]["version"])
        if version != expected_version:
            raise EditConflict(
                f"expectedVersion: the {kind!r} configuration of {persona_id!r} is at version "
                f"{version}, not {expected_version}; read it again and re-apply your change"
            )
        rows = tx.run(
            "write/configurations/add_version",
            persona_id=persona_id,
            type=kind,
            version=version + 1,
            document=text,
            actor=actor.name,
        )
        return str(rows[0]["id"])

    return store.transaction(work)


def _document_text(kind: str, document: Any) -> str:
    problems = []
    if not _TYPE.match(kind):
        problems.append(
            f"type: {kind!r} is not a type name: lower-case letters, digits and _ "
            "(e.g. metrics, routing), up to 40 characters"
        )
    if not isinstance(document, dict):
        problems.append(f"document: must be a JSON object, not {type(document).__name__}")
    text = json.dumps(document, sort_keys=True, ensure_ascii=False)
    if len(text.encode("utf-8")) > MAX_DOCUMENT_BYTES:
        problems.append(
            f"document: {len(text.encode('utf-8')):,} bytes of JSON; at most {MAX_DOCUMENT_BYTES:,}"
        )
    if problems:
        raise ValidationFailed(problems)
    return text
