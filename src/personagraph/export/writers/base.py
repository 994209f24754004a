"""What every writer does, and choosing the writer of a target.

The exporter calls ``begin`` with every table, then ``start_table`` / ``write`` … /
``end_table`` per table in order, then ``commit``. Anything raised in between is
followed by ``abort``, which discards what was staged: a target is either the
complete new export or what it was before.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from personagraph.export.mapping import Table, Target

Row = tuple[Any, ...]


@dataclass(frozen=True)
class Manifest:
    """What an export holds: written beside file targets, returned by every export.

    Attributes:
        id: the export's own id, written into its marker (a job's id from the API).
    """

    target: Target
    rows: Mapping[str, int]
    function: str | None
    exported_at: str
    id: str


class TableWriter(Protocol):
    """Receives the tables of one export."""

    def begin(self, tables: Sequence[Table]) -> None: ...

    def start_table(self, table: Table) -> None: ...

    def write(self, table: Table, rows: Sequence[Row]) -> None: ...

    def end_table(self, table: Table) -> None: ...

    def commit(self, manifest: Manifest) -> None: ...

    def abort(self) -> None: ...


def kept_positions(table: Table, target: Target) -> list[int] | None:
    """Positions of the columns ``target`` keeps, or None when it keeps them all."""
    positions = [i for i, c in enumerate(table.columns) if target in c.targets]
    return None if len(positions) == len(table.columns) else positions


def open_writer(target: Target, destination: str, *, pg_schema: str) -> TableWriter:
    """The writer for ``target``, already checked to be able to write ``destination``.

    Raises:
        ExportTargetUnavailable: the destination cannot be written (read-only folder,
            a file, folder or schema that is not an earlier export, another export
            running to it, a refused database connection).
    """
    # Imported here so that an export to one format never loads another's library.
    if target is Target.SQLITE:
        from personagraph.export.writers.sqlite import SqliteWriter

        return SqliteWriter(destination)
    if target is Target.PARQUET:
        from personagraph.export.writers.files import ParquetWriter

        return ParquetWriter(destination)
    if target is Target.CSV:
        from personagraph.export.writers.files import CsvWriter

        return CsvWriter(destination)
    from personagraph.export.writers.postgres import PostgresWriter

    return PostgresWriter(destination, pg_schema)
