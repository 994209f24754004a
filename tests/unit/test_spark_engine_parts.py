"""The Spark engine's parts that need neither Spark running nor a database: its statement,
its rows, its runtime's place in the cache."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from personagraph.behavioral.graph import columnar_assignment_rows
from personagraph.behavioral.spark.connector import CONNECTOR_PREAMBLE, STATEMENT, connector_query
from personagraph.behavioral.spark.rows import CONTROL_COLUMNS, row_columns
from personagraph.behavioral.spark.runtime import FETCH_COMMAND, installed_runtime
from personagraph.errors import ConfigurationError
from personagraph.inference.behavioral import SubjectFeatures
from personagraph.inference.behavioral_columnar import assign_table, features_table
from personagraph.inference.behavioral_rules import DEFAULT_RULES
from personagraph.store.queries import CypherRegistry, default_registry

pytestmark = pytest.mark.unit
AS_OF = date(2025, 11, 4)


def _local_rows() -> list[dict[str, Any]]:
    subjects = [
        SubjectFeatures("u1", 30, AS_OF, {"max_utilization": 0.7, "is_overdue": True}),
        SubjectFeatures("u2", 180, AS_OF, {}),
    ]
    table = features_table(subjects)
    return columnar_assignment_rows(assign_table(table, DEFAULT_RULES, AS_OF), table, "x")


def test_the_connector_statement_sets_every_property_the_local_engine_sets() -> None:
    query = connector_query(default_registry())
    projected = re.search(r"SET a \+= row \{(?P<keys>[^}]*)\}", query)

    assert projected is not None
    keys = {key.strip().removeprefix(".") for key in projected["keys"].split(",")}
    for row in _local_rows():
        assert keys == set(row["props"])


def test_the_rows_have_a_column_for_every_control_value_and_property() -> None:
    columns = [name for name, _ in row_columns({})]

    assert len(columns) == len(set(columns))
    for row in _local_rows():
        assert set(columns) == {name for name, _ in CONTROL_COLUMNS} | set(row["props"])


def test_the_connector_is_handed_the_statement_without_the_lines_it_adds(tmp_path: Path) -> None:
    query = connector_query(default_registry())
    text = default_registry().statement(STATEMENT)
    (tmp_path / "write").mkdir()
    (tmp_path / "write" / "plain.cypher").write_text("UNWIND $rows AS row RETURN row\n")

    assert text.startswith("\n".join(CONNECTOR_PREAMBLE))
    assert not query.lstrip().startswith("WITH $scriptResult")
    assert query.lstrip().startswith("WITH collect(event) AS rows")
    with pytest.raises(ConfigurationError, match="must begin with the connector's own lines"):
        connector_query(CypherRegistry(tmp_path), "write/plain")


def test_a_run_without_the_fetched_runtime_names_the_command_that_fetches_it(
    tmp_path: Path,
) -> None:
    with pytest.raises(ConfigurationError) as caught:
        installed_runtime(tmp_path, "5.3.8_for_spark_3")

    message = str(caught.value)
    assert f"`{FETCH_COMMAND}`" in message
    assert str(tmp_path) in message
    assert "a run never downloads it" in message
