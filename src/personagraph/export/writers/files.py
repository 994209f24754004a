"""The folder targets: one Parquet file, or one CSV file, per table.

Both stage a folder beside the target and rename it into place when every table is
written, with a ``manifest.json`` (format, row counts, time, export id) and the marker
``_personagraph_export.json`` (see :mod:`.ownership`). The CSV folder also
holds ``schema.sql``, PostgreSQL DDL its files load into with ``COPY … CSV HEADER``:
an unquoted empty field is NULL, a quoted one an empty string; lists and JSON are
JSON text, booleans ``true``/``false``, date-times ISO 8601 in UTC.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

from personagraph.errors import ExportError
from personagraph.export.ddl import postgres_schema
from personagraph.export.mapping import Table, Target
from personagraph.export.writers.arrow import Row, record_batch, schema
from personagraph.export.writers.base import Manifest
from personagraph.export.writers.ownership import MARKER_FILE, marker
from personagraph.export.writers.staging import MANIFEST, Staged


class _FolderWriter:
    target: Target
    suffix: str

    def __init__(self, destination: str) -> None:
        self._staged = Staged(Path(destination), directory=True)
        self._tables: Sequence[Table] = ()
        self._file: Any = None

    def begin(self, tables: Sequence[Table]) -> None:
        self._tables = tables

    def write(self, table: Table, rows: Sequence[Row]) -> None:
        self._file.write_batch(record_batch(table, self.target, rows))

    def end_table(self, table: Table) -> None:
        self._file.close()
        self._file = None

    def commit(self, manifest: Manifest) -> None:
        self._extras()
        document = {"personagraph_export": 1, **asdict(manifest)}
        (self._staged.path / MANIFEST).write_text(json.dumps(document, indent=2) + "\n")
        (self._staged.path / MARKER_FILE).write_text(json.dumps(marker(manifest)) + "\n")
        self._staged.publish()

    def abort(self) -> None:
        if self._file is not None:
            # The folder is discarded below anyway.
            with contextlib.suppress(OSError, ValueError):
                self._file.close()
        self._staged.discard()

    def _path(self, table: Table) -> Path:
        return self._staged.path / f"{table.name}.{self.suffix}"

    def _extras(self) -> None:
        """Files beside the tables."""


class ParquetWriter(_FolderWriter):
    """One Parquet file per table, its Arrow schema carrying types and keys."""

    target = Target.PARQUET
    suffix = "parquet"

    def start_table(self, table: Table) -> None:
        try:
            self._file = pq.ParquetWriter(
                self._path(table), schema(table, self.target), compression="zstd"
            )
        except OSError as exc:
            raise ExportError(f"Cannot write {self._path(table)}: {exc}") from exc


class CsvWriter(_FolderWriter):
    """One CSV file per table with a header row, and ``schema.sql``."""

    target = Target.CSV
    suffix = "csv"

    def start_table(self, table: Table) -> None:
        try:
            self._file = pa_csv.CSVWriter(self._path(table), schema(table, self.target))
        except OSError as exc:
            raise ExportError(f"Cannot write {self._path(table)}: {exc}") from exc

    def _extras(self) -> None:
        ddl = postgres_schema(None, tuple(self._tables))
        header = (
            "-- The tables of this folder, for PostgreSQL. Load each file with\n"
            "--   \\copy <table> FROM '<table>.csv' WITH (FORMAT csv, HEADER true)\n"
            "-- in the order of manifest.json's rows (entities before links).\n\n"
        )
        (self._staged.path / "schema.sql").write_text(header + ddl, encoding="utf-8")
