"""Arrow schemas and record batches of the mapping's tables (Parquet and CSV targets).

Parquet keeps every kind natively (lists as ``list<string>``, date-times as UTC
microsecond timestamps, Neo4j's nanoseconds truncated). CSV has no lists, so there
lists become JSON arrays, as in the SQLite target. Each field carries its ontology
kind and description, and the schema the table's keys, as metadata.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any, Final

import pyarrow as pa

from personagraph.errors import ExportError
from personagraph.export.mapping import Table, Target
from personagraph.model.ontology import Kind

Row = tuple[Any, ...]

ARROW_TYPES: Final[dict[Kind, pa.DataType]] = {
    Kind.STRING: pa.string(),
    Kind.INT: pa.int32(),
    Kind.LONG: pa.int64(),
    Kind.FLOAT: pa.float64(),
    Kind.BOOLEAN: pa.bool_(),
    Kind.DATETIME: pa.timestamp("us", tz="UTC"),
    Kind.DATE: pa.date32(),
    Kind.STRING_LIST: pa.list_(pa.string()),
    Kind.INT_LIST: pa.list_(pa.int64()),
    Kind.JSON: pa.string(),
}


LISTS: Final = (Kind.STRING_LIST, Kind.INT_LIST)


def arrow_type(kind: Kind, target: Target) -> pa.DataType:
    if kind in LISTS and target is Target.CSV:
        return pa.string()
    return ARROW_TYPES[kind]


def schema(table: Table, target: Target) -> pa.Schema:
    """The Arrow schema of ``table`` as written to ``target``."""
    fields = [
        pa.field(
            c.name,
            arrow_type(c.kind, target),
            nullable=c.nullable,
            metadata={"kind": c.kind.value, "description": c.description},
        )
        for c in table.columns_for(target)
    ]
    keys = {
        "table": table.name,
        "description": table.description,
        "primary_key": json.dumps(list(table.primary_key)),
        "foreign_keys": json.dumps(
            [
                {"columns": list(fk.columns), "table": fk.ref_table, "ref": list(fk.ref_columns)}
                for fk in table.foreign_keys
            ]
        ),
    }
    return pa.schema(fields, metadata={f"personagraph.{k}": v for k, v in keys.items()})


def record_batch(table: Table, target: Target, rows: Sequence[Row]) -> pa.RecordBatch:
    """``rows`` (in the table's full column order) as a batch of ``schema(table, target)``.

    Raises:
        ExportError: a value does not fit its column's type.
    """
    arrays = []
    for i, column in enumerate(table.columns):
        if target not in column.targets:
            continue
        values = [row[i] for row in rows]
        if column.kind in LISTS and target is Target.CSV:
            values = [None if v is None else json.dumps(v, ensure_ascii=False) for v in values]
        try:
            arrays.append(pa.array(values, type=arrow_type(column.kind, target)))
        except (pa.ArrowInvalid, pa.ArrowTypeError, OverflowError) as exc:
            raise ExportError(
                f"{table.name}.{column.name} holds a value that is not {column.kind.value}: {exc}"
            ) from exc
    return pa.RecordBatch.from_arrays(arrays, schema=schema(table, target))
