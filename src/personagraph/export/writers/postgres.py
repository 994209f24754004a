"""The PostgreSQL target: a schema replaced in one transaction, loaded with COPY.

The tables are created in a staging schema, filled with ``COPY … FROM STDIN``, given
their primary keys, foreign keys and indexes (so every reference is checked by the
server), and only then is the old schema dropped and the staging one renamed to it,
all in the same transaction: readers see the previous export until the commit and
the complete new one after it. A failure anywhere rolls everything back.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Sequence
from contextlib import AbstractContextManager
from typing import Any

import psycopg
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict

from personagraph.errors import ExportError, ExportTargetUnavailable
from personagraph.export.ddl import postgres_constraints, postgres_create_table
from personagraph.export.mapping import Table, Target
from personagraph.export.writers.base import Manifest, Row, kept_positions
from personagraph.model.ontology import Kind

CONNECT_TIMEOUT = 10


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
        with self._failures("checking keys and references"):
            for statement in postgres_constraints(self._staging, tuple(self._tables)):
                self._db.execute(statement.encode())
        with self._failures("replacing the schema"):
            self._db.execute(
                sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(self.schema))
            )
            self._db.execute(
                sql.SQL("ALTER SCHEMA {} RENAME TO {}").format(
                    sql.Identifier(self._staging), sql.Identifier(self.schema)
                )
            )
            self._db.commit()
        self._db.close()

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
