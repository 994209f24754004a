"""The graph rows of a Spark run, made on the executors by the local engine's own code.

Spark SQL evaluates the rules (:mod:`personagraph.behavioral.spark.expressions`); the
rows the graph receives — the audit trace as JSON text, the persona names, the missing
features — are then made from the evaluated columns, batch by batch in the executors'
Python (``mapInArrow``), by the functions the local engine uses
(:class:`~personagraph.inference.behavioral_columnar.ColumnarAssignments` and
:func:`~personagraph.behavioral.graph.columnar_assignment_rows`). The trace is text that
must match the per-subject evaluator's byte for byte: numbers as Python's ``repr`` writes
them (Java writes ``1.0E-5`` where Python writes ``1e-05``), reasoning sentences formatted
by Python, so it is not rebuilt in SQL.

The rows are flat (:data:`ROW_COLUMNS`): the Neo4j Connector for Apache Spark spreads a
nested map into ``props.x`` keys, so each property is its own column and the connector's
statement (``cypher/write/behavioral/spark_upsert_assignments.cypher``) names each.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, Final

import pyarrow as pa

from personagraph.behavioral.graph import columnar_assignment_rows
from personagraph.behavioral.spark.expressions import SPARK_TYPE
from personagraph.inference.behavioral_columnar import ColumnarAssignments
from personagraph.inference.behavioral_plan import FEATURE_KIND, Kind
from personagraph.inference.behavioral_rules import FEATURES, RuleSet

__all__ = ["CONTROL_COLUMNS", "GraphRows", "row_columns"]

_ARROW: Final = {
    "string": pa.string(),
    "bigint": pa.int64(),
    "double": pa.float64(),
    "boolean": pa.bool_(),
    "array<bigint>": pa.list_(pa.int64()),
    "array<string>": pa.list_(pa.string()),
}
# What the statement reads besides the assignment's properties.
CONTROL_COLUMNS: Final = (
    ("id", "string"),
    ("as_of", "string"),
    ("primary", "string"),
    ("primary_severity", "double"),
    ("secondary", "string"),
    ("secondary_severity", "double"),
)
_RESULT_COLUMNS: Final = (
    ("user_id", "string"),
    ("window_days", "bigint"),
    ("status", "string"),
    ("primary_persona_id", "bigint"),
    ("primary_persona_name", "string"),
    ("secondary_persona_id", "bigint"),
    ("secondary_persona_name", "string"),
    ("matched_persona_ids", "array<bigint>"),
    ("missing_features", "array<string>"),
    ("trace", "string"),
    ("rules_hash", "string"),
)


def row_columns(kinds: Mapping[str, Kind]) -> tuple[tuple[str, str], ...]:
    """Returns: each column of the rows and its Spark SQL type: the control columns, then
    the assignment's properties, features typed as the run's feature columns."""
    features = tuple(
        (name, SPARK_TYPE[kinds.get(name, FEATURE_KIND[spec.kind])])
        for name, spec in FEATURES.items()
    )
    return (*CONTROL_COLUMNS, *_RESULT_COLUMNS, *features)


@dataclass(frozen=True)
class GraphRows:
    """The ``mapInArrow`` function: evaluated batches in, flat graph rows out."""

    rules: RuleSet
    as_of: date
    rules_digest: str
    columns: tuple[tuple[str, str], ...]

    @property
    def schema(self) -> str:
        """Returns: the rows' schema as Spark SQL DDL."""
        return ", ".join(f"{name} {kind}" for name, kind in self.columns)

    def __call__(self, batches: Iterable[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        schema = pa.schema([(name, _ARROW[kind]) for name, kind in self.columns])
        for batch in batches:
            table = pa.Table.from_batches([batch])
            result = ColumnarAssignments(self.rules, self.as_of, table)
            rows = columnar_assignment_rows(result, table, self.rules_digest)
            yield pa.RecordBatch.from_pylist([_flat(row) for row in rows], schema=schema)


def _flat(row: Mapping[str, Any]) -> dict[str, Any]:
    flat = {name: row[name] for name, _ in CONTROL_COLUMNS}
    flat.update(row["props"])
    return flat
