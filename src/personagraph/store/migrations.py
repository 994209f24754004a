"""Schema migrations: ``cypher/schema/NNN_name.cypher`` applied in order, once each.

Each applied file is recorded as ``(:SchemaMigration {id, checksum, applied_at})``.
Schema statements cannot share a transaction with data writes in Neo4j, so a
migration's statements run one by one and must be idempotent (``IF NOT EXISTS``):
a migration interrupted half-way is simply applied again.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import datetime

from personagraph.errors import MigrationChecksumMismatch, MigrationError
from personagraph.store.connection import Store
from personagraph.store.queries import CypherFile, CypherRegistry

PREFIX = "schema/"
INDEX_WAIT_SECONDS = 600
_NAME = re.compile(r"^schema/(?P<number>\d{3})_[a-z0-9_]+$")


@dataclass(frozen=True)
class Migration:
    """One migration file."""

    id: str
    number: int
    file: CypherFile

    @property
    def checksum(self) -> str:
        return hashlib.sha256(self.file.text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class MigrationStatus:
    """A migration and whether (and when) it was applied."""

    id: str
    applied_at: datetime | None

    @property
    def pending(self) -> bool:
        return self.applied_at is None


def discover(registry: CypherRegistry) -> list[Migration]:
    """Every migration file, in order.

    Raises:
        MigrationError: a file is misnamed or two share a number.
    """
    migrations: list[Migration] = []
    for name in registry.names(PREFIX):
        match = _NAME.match(name)
        if match is None:
            raise MigrationError(
                f"Migration file {name}.cypher is misnamed: use schema/NNN_snake_case.cypher, "
                "e.g. schema/004_add_template_index.cypher."
            )
        number = int(match["number"])
        if migrations and migrations[-1].number == number:
            raise MigrationError(
                f"Migrations {migrations[-1].id} and {name} share the number {number:03d}; "
                "give the newer one the next free number."
            )
        migration_id = name.removeprefix(PREFIX)
        migrations.append(Migration(id=migration_id, number=number, file=registry.file(name)))
    return migrations


def applied(store: Store) -> dict[str, tuple[str, datetime]]:
    """Applied migrations: id → (checksum, applied_at)."""
    rows = store.read("read/schema_migrations")
    return {row["id"]: (row["checksum"], row["applied_at"].to_native()) for row in rows}


def verify(migrations: list[Migration], done: dict[str, tuple[str, datetime]]) -> None:
    """Refuse to go on when an applied migration's file has changed.

    Raises:
        MigrationChecksumMismatch: names each edited file.
    """
    edited = [m for m in migrations if m.id in done and done[m.id][0] != m.checksum]
    if edited:
        files = ", ".join(str(m.file.path) for m in edited)
        raise MigrationChecksumMismatch(
            f"Applied migration file(s) changed since they ran: {files}. "
            "Restore the original text and put the change in a new migration file."
        )


def status(store: Store) -> list[MigrationStatus]:
    """Each migration with its applied time (None when pending)."""
    migrations = discover(store.registry)
    done = applied(store)
    return [
        MigrationStatus(id=m.id, applied_at=done[m.id][1] if m.id in done else None)
        for m in migrations
    ]


def migrate(store: Store) -> list[str]:
    """Apply the pending migrations in order.

    Returns:
        The ids of the migrations applied now (empty when none were pending).

    Raises:
        MigrationChecksumMismatch: an applied migration was edited.
    """
    migrations = discover(store.registry)
    done = applied(store)
    verify(migrations, done)
    applied_now: list[str] = []
    for migration in migrations:
        if migration.id in done:
            continue
        for statement in migration.file.statements:
            store.run_raw(statement)
        store.write("write/record_schema_migration", id=migration.id, checksum=migration.checksum)
        applied_now.append(migration.id)
    if applied_now:
        # A new index on a populated graph fills in the background; until it is online
        # the planner cannot use it, so reads right after an upgrade would scan instead.
        store.write("admin/await_indexes", seconds=INDEX_WAIT_SECONDS)
    return applied_now
