"""Running one export: read the graph in one transaction, stream each table to a writer.

The target is checked before the graph is read (a read-only folder or a refused DSN
fails at once); every table is then read and written batch by batch, entity tables
before the link tables that reference them, and the writer publishes the result
only when all of it is written. Any failure, including one raised by a progress
callback (a cancel), discards what was staged.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Protocol

from personagraph.errors import ExportInterrupted, PersonagraphError
from personagraph.export.mapping import Table, Target
from personagraph.export.reader import BATCH, GraphSource
from personagraph.export.selection import select_tables
from personagraph.export.writers import TableWriter, open_writer
from personagraph.export.writers.base import Manifest
from personagraph.store import Store

__all__ = ["ExportRequest", "ExportResult", "Progress", "run_export"]

DEFAULT_PG_SCHEMA = "personagraph"


@dataclass(frozen=True)
class ExportRequest:
    """What to export, and where.

    Attributes:
        format: the target kind.
        to: a file (SQLite), a folder (Parquet, CSV) or a DSN (PostgreSQL).
        function: keep one business function (its ``Function.key``) and what hangs off it.
        only: keep these tables (and what they reference; see :mod:`.selection`).
        pg_schema: the PostgreSQL schema the export replaces.
        batch_size: rows read and written at a time.
    """

    format: Target
    to: str
    function: str | None = None
    only: tuple[str, ...] = ()
    pg_schema: str = DEFAULT_PG_SCHEMA
    batch_size: int = BATCH


@dataclass(frozen=True)
class ExportResult:
    """A finished export: rows per table, link rows left out because an end they should
    have had was not exported (written to the graph while the export read it), and link
    rows of a persona kind the relationship has no table for (``unexported``)."""

    request: ExportRequest
    rows: dict[str, int]
    dropped: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    unexported: dict[str, int] = field(default_factory=dict)

    @property
    def total_rows(self) -> int:
        return sum(self.rows.values())


class Progress(Protocol):
    """Told what happens; raising from a method interrupts the export. ``tables`` is told
    the expected rows per table first, and again whenever a finished table's count
    differs from what it expected."""

    def tables(self, totals: dict[str, int | None]) -> None: ...

    def rows(self, table: str, count: int) -> None: ...


class _Silent:
    def tables(self, totals: dict[str, int | None]) -> None:
        pass

    def rows(self, table: str, count: int) -> None:
        pass


def run_export(
    store: Store,
    request: ExportRequest,
    progress: Progress | None = None,
    *,
    export_id: str | None = None,
) -> ExportResult:
    """Export the graph as ``request`` says.

    Args:
        export_id: written into the target's marker (a new one by default).

    Raises:
        ExportTargetUnavailable: the target cannot be written, or exists and is not an
            earlier export, or another export to it is running; nothing was read.
        ExportError: the export failed; the target is as it was before.
        ExportInterrupted: the export was stopped part-way (an unexpected error, or
            ``progress`` raised); the target is as it was before.
    """
    began = time.perf_counter()
    tables = select_tables(request.only)
    report = progress or _Silent()
    writer = open_writer(request.format, request.to, pg_schema=request.pg_schema)
    rows: dict[str, int] = {}
    try:
        with store.read_transaction() as tx:
            source = GraphSource(tx, tables, request.function, request.batch_size)
            totals = source.totals()
            report.tables(dict(totals))
            writer.begin(tables)
            for t in tables:
                rows[t.name] = _copy_table(source, writer, t, report)
                if rows[t.name] != totals[t.name]:
                    # An upper bound (a subset's links) or a write committed meanwhile:
                    # the totals become what was written, so progress ends exactly full.
                    totals[t.name] = rows[t.name]
                    report.tables(dict(totals))
            manifest = Manifest(
                request.format, rows, request.function, _now(), export_id or uuid.uuid4().hex
            )
            writer.commit(manifest)
    except PersonagraphError:
        writer.abort()
        raise
    except BaseException as exc:
        writer.abort()
        if isinstance(exc, Exception):
            raise ExportInterrupted(
                f"The export stopped while writing {_last(rows, tables)}: {exc!r}. "
                "Nothing was published; the target is as it was."
            ) from exc
        raise
    return ExportResult(
        request, rows, dict(source.dropped), time.perf_counter() - began, dict(source.unexported)
    )


def _copy_table(source: GraphSource, writer: TableWriter, table: Table, progress: Progress) -> int:
    count = 0
    writer.start_table(table)
    for batch in source.batches(table):
        writer.write(table, batch)
        count += len(batch)
        progress.rows(table.name, len(batch))
    writer.end_table(table)
    return count


def _last(rows: dict[str, int], tables: Sequence[Table]) -> str:
    pending = [t.name for t in tables if t.name not in rows]
    return pending[0] if pending else "the last step"


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
