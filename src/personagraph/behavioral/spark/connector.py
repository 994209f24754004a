"""Writing a Spark run's assignments with the Neo4j Connector for Apache Spark.

The connector writes each partition of the rows in batches of ``batch.size`` rows, one
transaction per batch, with the statement of
``cypher/write/behavioral/spark_upsert_assignments.cypher``: the connector runs
``WITH $scriptResult AS scriptResult UNWIND $events AS event <query>``, so that file
holds the whole statement as the server runs it (and passes ``EXPLAIN`` like every
other) and the connector is handed what follows those two lines.

It writes only the assignments. The rest of a run — claiming the as-of date, the
personas with their audit record, deleting the assignments the run replaced, completing
the date — goes through our Store with the local engine's statements
(:func:`~personagraph.behavioral.graph.write_claimed_run`): each is one small
transaction whose result decides what happens next (the claim may be refused, a
persona's version moves only when it changed, the deletion repeats until nothing is
left), which the connector, writing rows and returning nothing, cannot express.
"""

from __future__ import annotations

from typing import Final

from pyspark.sql import DataFrame
from pyspark.sql import functions as F

from personagraph.behavioral.spark.failures import spark_step
from personagraph.errors import ConfigurationError
from personagraph.store.connection import ConnectionSpec
from personagraph.store.queries import CypherRegistry

__all__ = ["CONNECTOR_PREAMBLE", "STATEMENT", "connector_query", "write_rows"]

STATEMENT: Final = "write/behavioral/spark_upsert_assignments"
# What the connector puts in front of a write query (its Neo4jQueryWriteStrategy).
CONNECTOR_PREAMBLE: Final = ("WITH $scriptResult AS scriptResult", "UNWIND $events AS event")
DATA_SOURCE: Final = "org.neo4j.spark.DataSource"


def connector_query(registry: CypherRegistry, name: str = STATEMENT) -> str:
    """Returns: the statement ``name`` without the lines the connector adds itself.

    Raises:
        ConfigurationError: the statement does not begin with those lines.
    """
    lines = registry.statement(name).splitlines()
    if tuple(line.strip() for line in lines[:2]) != CONNECTOR_PREAMBLE:
        raise ConfigurationError(
            f"The Cypher file {name}.cypher must begin with the connector's own lines "
            f"({' / '.join(CONNECTOR_PREAMBLE)}), which are not passed to it."
        )
    return "\n".join(lines[2:])


def write_rows(rows: DataFrame, spec: ConnectionSpec, query: str, run_id: str, batch: int) -> None:
    """Writes ``rows`` (:mod:`personagraph.behavioral.spark.rows`) for run ``run_id``.

    Raises:
        SparkJobFailed: a Spark job failed (evaluating or writing; the reason is quoted).
    """
    options = {
        "url": spec.uri,
        "database": spec.database,
        "query": query,
        "batch.size": str(batch),
    }
    if spec.password is None:
        options["authentication.type"] = "none"
    else:
        options |= {
            "authentication.type": "basic",
            "authentication.basic.username": spec.user,
            "authentication.basic.password": spec.password,
        }
    writer = rows.withColumn("run_id", F.lit(run_id)).write.format(DATA_SOURCE).mode("Append")
    with spark_step("writing the assignments with the Neo4j Connector for Apache Spark"):
        writer.options(**options).save()
