"""The SQLite target: one database file, STRICT tables with primary and foreign keys.

Rows go in within one transaction into a staged file (no journal: the staged file
is thrown away on failure anyway); indexes are built after the load, then
``PRAGMA foreign_key_check`` must come back empty before the file is renamed into
place. Booleans are 0/1, date-times ISO 8601 text in UTC, lists JSON arrays. The table
``_personagraph_export`` marks the file as an export (see :mod:`.ownership`).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

from personagraph.errors import ExportError
from personagraph.export.ddl import quote, sqlite_create_table, sqlite_indexes
from personagraph.export.mapping import Table, Target
from personagraph.export.writers.base import Manifest, Row, kept_positions
from personagraph.export.writers.ownership import MARKER, marker, marker_table
from personagraph.export.writers.staging import Staged
from personagraph.model.ontology import Kind

Encode = Callable[[Any], Any]


def _iso(value: datetime | date) -> str:
    return value.isoformat()


def _json_list(value: list[Any]) -> str:
    return json.dumps(value, ensure_ascii=False)


_ENCODERS: dict[Kind, Encode] = {
    Kind.DATETIME: _iso,
    Kind.DATE: _iso,
    Kind.STRING_LIST: _json_list,
    Kind.INT_LIST: _json_list,
}


class SqliteWriter:
    """Writes every table into one SQLite file at ``destination``."""

    def __init__(self, destination: str) -> None:
        self._staged = Staged(Path(destination), directory=False)
        self._db = sqlite3.connect(self._staged.path, isolation_level=None)
        self._tables: Sequence[Table] = ()
        self._insert = ""
        self._plan: tuple[list[int] | None, list[tuple[int, Encode]]] = (None, [])

    def begin(self, tables: Sequence[Table]) -> None:
        self._tables = tables
        self._db.execute("PRAGMA journal_mode = OFF")
        self._db.execute("PRAGMA synchronous = OFF")
        self._db.execute("BEGIN")
        self._db.execute(marker_table())
        for t in tables:
            self._db.execute(sqlite_create_table(t))

    def start_table(self, table: Table) -> None:
        columns = table.columns_for(Target.SQLITE)
        names = ", ".join(quote(c.name) for c in columns)
        marks = ", ".join("?" for _ in columns)
        self._insert = f"INSERT INTO {quote(table.name)} ({names}) VALUES ({marks})"
        encoders = [(i, _ENCODERS[c.kind]) for i, c in enumerate(columns) if c.kind in _ENCODERS]
        self._plan = (kept_positions(table, Target.SQLITE), encoders)

    def write(self, table: Table, rows: Sequence[Row]) -> None:
        positions, encoders = self._plan
        if positions is not None or encoders:
            rows = [_encoded(row, positions, encoders) for row in rows]
        try:
            self._db.executemany(self._insert, rows)
        except sqlite3.Error as exc:
            raise ExportError(f"SQLite refused a row of {table.name}: {exc}") from exc

    def end_table(self, table: Table) -> None:
        """Nothing to close: the next table reuses the connection."""

    def commit(self, manifest: Manifest) -> None:
        fields = marker(manifest)
        self._db.execute(
            f"INSERT INTO {quote(MARKER)} ({', '.join(fields)}) VALUES "
            f"({', '.join('?' for _ in fields)})",
            tuple(fields.values()),
        )
        for t in self._tables:
            for statement in sqlite_indexes(t):
                self._db.execute(statement)
        self._db.execute("COMMIT")
        broken = self._db.execute("PRAGMA foreign_key_check").fetchall()
        if broken:
            raise ExportError(
                f"{len(broken)} rows break a foreign key, e.g. {broken[:3]} "
                "(table, rowid, referenced table, key index); nothing was published."
            )
        self._db.close()
        self._staged.publish()

    def abort(self) -> None:
        self._db.close()
        self._staged.discard()


def _encoded(row: Row, positions: list[int] | None, encoders: list[tuple[int, Encode]]) -> Row:
    values = [row[i] for i in positions] if positions is not None else list(row)
    for i, encode in encoders:
        if values[i] is not None:
            values[i] = encode(values[i])
    return tuple(values)
