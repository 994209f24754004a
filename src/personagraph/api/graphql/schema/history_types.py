"""The GraphQL side of ``Persona.history``: its types and the reader of what the root
statement fetched for it (:mod:`..compile.derived`)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import strawberry
from strawberry.scalars import JSON

from personagraph.admin import history
from personagraph.api.graphql.compile.names import camel


@strawberry.type(description="One field of a change: its value before and after (null: none).")
class FieldChange:
    field: str = strawberry.field(description="The field's GraphQL name (e.g. systemPrompt).")
    before: JSON | None
    after: JSON | None


@strawberry.type(description="One version of a persona: the change that made it.")
class PersonaChange:
    version: int
    changed_at: datetime | None
    actor: str
    action: str
    changes: list[FieldChange]


def history_at(root: Any, key: str) -> list[PersonaChange]:
    """The versions fetched under ``key``, each change with its before and after."""
    fetched = root.get(key) or {}
    current = {**(fetched.get("current") or {}), "role": fetched.get("role")}
    records = [history.record_of(row) for row in fetched.get("versions") or []]
    return [
        PersonaChange(
            version=entry.version,
            changed_at=entry.changed_at,
            actor=entry.actor,
            action=entry.action,
            changes=[
                FieldChange(field=camel(c.field), before=c.before, after=c.after)
                for c in entry.changes
            ],
        )
        for entry in history.entries(records, current)
    ]
