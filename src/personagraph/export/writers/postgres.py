"""The PostgreSQL target: a schema replaced in one transaction, loaded with COPY.

The tables are created in a staging schema, filled with ``COPY … FROM STDIN``, given
their primary keys, foreign keys and indexes (so every reference is checked by the
server), and only then is the old schema dropped and the staging one renamed to it,
all in the same transaction: readers see the previous export until the commit and
the complete new one after it. A failure anywhere rolls everything back.

The target is the schema. It is replaced only when it does not exist, is empty, or
holds the table ``_personagraph_export`` of an earlier export (see :mod:`.ownership`):
checked before anything is read, and again in the transaction that drops it. An
empty schema is dropped with ``RESTRICT``, so one that gains an object meanwhile is
not dropped either.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Sequence
from contextlib import AbstractContextManager
from typing import Any, Literal

import psycopg
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict

from personagraph.errors import ExportError, ExportTargetUnavailable
from personagraph.export.ddl import postgres_constraints, postgres_create_table
from personagraph.export.mapping import Table, Target
from personagraph.export.writers.base import Manifest, Row, kept_positions
from personagraph.export.writers.ownership import (
    KIND,
    MARKER,
    listing,
    marker,
    marker_table,
    refusal,
)
from personagraph.model.ontology import Kind

CONNECT_TIMEOUT = 10
SchemaState = Literal["absent", "empty", "ours"]


def describe(dsn: str) -> str:
    """The DSN without its password, for messages."""
    try:
        parts = conninfo_to_dict(dsn)
    except psycopg.ProgrammingError:
        return "(an unparsable DSN)"
    parts.pop("password", None)
    return " ".join(f"{key}={value}" for key, value in sorted(parts.items()))


class PostgresWriter:
    """Writes every table into the schema ``schema`` of the database at ``dsn``."""

    def __init__(self, dsn: str, schema: str) -> None:
        self.schema = schema
        self._staging = f"{schema}__export_staging"
        try:
            self._db = psycopg.connect(dsn, connect_timeout=CONNECT_TIMEOUT)
        except psycopg.Error as exc:
            raise ExportTargetUnavailable(
                f"Cannot connect to PostgreSQL ({describe(dsn)}): {str(exc).strip()}. "
                "Check the DSN, e.g. postgresql://user:password@host:5432/database."
            ) from exc
        self._dsn = describe(dsn)
        try:
            self._inspect()
        except ExportError:
            self._db.close()
            raise
        self._tables: Sequence[Table] = ()
        self._copy: AbstractContextManager[Any] | None = None
        self._sink: Any = None
        self._plan: tuple[list[int] | None, list[int]] = (None, [])

    def begin(self, tables: Sequence[Table]) -> None:
        self._tables = tables
        with self._failures("creating the tables"):
            self._db.execute(
                sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(self._staging))
            )
            self._db.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(self._staging)))
            self._db.execute(marker_table(self._staging).encode())
            for t in tables:
                self._db.execute(postgres_create_table(self._staging, t).encode())

    def start_table(self, table: Table) -> None:
        columns = table.columns_for(Target.POSTGRES)
        statement = sql.SQL("COPY {}.{} ({}) FROM STDIN").format(
            sql.Identifier(self._staging),
            sql.Identifier(table.name),
            sql.SQL(", ").join(sql.Identifier(c.name) for c in columns),
        )
        lists = [i for i, c in enumerate(columns) if c.kind in (Kind.STRING_LIST, Kind.INT_LIST)]
        self._plan = (kept_positions(table, Target.POSTGRES), lists)
        with self._failures(f"loading {table.name}"):
            self._copy = self._db.cursor().copy(statement)
            self._sink = self._copy.__enter__()

    def write(self, table: Table, rows: Sequence[Row]) -> None:
        positions, lists = self._plan
        with self._failures(f"loading {table.name}"):
            for row in rows:
                values = [row[i] for i in positions] if positions is not None else list(row)
                for i in lists:
                    if values[i] is not None:
                        values[i] = json.dumps(values[i], ensure_ascii=False)
                self._sink.write_row(values)

    def end_table(self, table: Table) -> None:
        copy, self._copy = self._copy, None
        if copy is not None:
            with self._failures(f"loading {table.name}"):
                copy.__exit__(None, None, None)

    def commit(self, manifest: Manifest) -> None:
        fields = marker(manifest)
        with self._failures("marking the export"):
            self._db.execute(
                sql.SQL("INSERT INTO {}.{} ({}) VALUES ({})").format(
                    sql.Identifier(self._staging),
                    sql.Identifier(MARKER),
                    sql.SQL(", ").join(map(sql.Identifier, fields)),
                    sql.SQL(", ").join(sql.Placeholder() for _ in fields),
                ),
                tuple(fields.values()),
            )
        with self._failures("checking keys and references"):
            for statement in postgres_constraints(self._staging, tuple(self._tables)):
                self._db.execute(statement.encode())
        # Only our own schema goes with what it holds; an empty one must still be empty.
        how = sql.SQL("CASCADE" if self._inspect() == "ours" else "RESTRICT")
        with self._failures("replacing the schema"):
            self._db.execute(
                sql.SQL("DROP SCHEMA IF EXISTS {} {}").format(sql.Identifier(self.schema), how)
            )
            self._db.execute(
                sql.SQL("ALTER SCHEMA {} RENAME TO {}").format(
                    sql.Identifier(self._staging), sql.Identifier(self.schema)
                )
            )
            self._db.commit()
        self._db.close()

    def _inspect(self) -> SchemaState:
        """What the schema the export replaces is now.

        Raises:
            ExportTargetUnavailable: it holds objects and no marker of an export.
        """
        with self._failures("inspecting the schema"):
            found = self._db.execute(
                "SELECT oid FROM pg_namespace WHERE nspname = %s", (self.schema,)
            ).fetchone()
            if found is None:
                return "absent"
            relations = [
                name
                for (name,) in self._db.execute(
                    "SELECT relname FROM pg_class WHERE relnamespace = %s "
                    "AND relkind IN ('r', 'p', 'v', 'm', 'f', 'S') ORDER BY relname",
                    found,
                )
            ]
            if MARKER in relations:
                if self._marked():
                    return "ours"
                reason = f"its {MARKER} table does not name a personagraph export"
            elif not self._holds_anything(found[0]):
                return "empty"
            else:
                what = listing(relations, "relation", "relations") if relations else "objects"
                reason = f"it holds {what} and no {MARKER} table"
        raise refusal(
            f"the schema {self.schema!r} of PostgreSQL ({self._dsn})",
            reason,
            "--pg-schema: a schema that does not exist yet or is empty",
        )

    def _marked(self) -> bool:
        kinds = self._db.execute(
            sql.SQL("SELECT kind FROM {}.{}").format(
                sql.Identifier(self.schema), sql.Identifier(MARKER)
            )
        ).fetchall()
        return kinds == [(KIND,)]

    def _holds_anything(self, oid: int) -> bool:
        # Every object in a schema (table, view, function, type…) depends on it; this is
        # what DROP SCHEMA … RESTRICT looks at.
        row = self._db.execute(
            "SELECT EXISTS (SELECT 1 FROM pg_depend "
            "WHERE refclassid = 'pg_namespace'::regclass AND refobjid = %s)",
            (oid,),
        ).fetchone()
        return bool(row and row[0])

    def abort(self) -> None:
        if self._copy is not None:
            # The transaction is rolled back below whatever this says.
            with contextlib.suppress(psycopg.Error):
                self._copy.__exit__(ExportError, ExportError("aborted"), None)
            self._copy = None
        with contextlib.suppress(psycopg.Error):  # a broken connection has nothing to undo
            self._db.rollback()
        self._db.close()

    def _failures(self, step: str) -> _Failures:
        return _Failures(step)


class _Failures:
    """Turns a PostgreSQL error into an ExportError that says which step failed."""

    def __init__(self, step: str) -> None:
        self.step = step

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: object, exc: BaseException | None, _: object) -> None:
        if isinstance(exc, psycopg.Error):
            detail = str(exc).strip().replace("\n", " ")
            raise ExportError(
                f"PostgreSQL failed while {self.step}: {detail}; nothing was changed."
            ) from exc
