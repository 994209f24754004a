"""``personagraph spark fetch``: the JVM side of ``assign --engine spark``, fetched once."""

from __future__ import annotations

import typer

from personagraph.cli.output import console, friendly_errors, report
from personagraph.settings import get_settings

app = typer.Typer(help="The Spark engine of `personagraph assign --engine spark`.")


@app.callback()
def spark() -> None:
    """The Spark engine of `personagraph assign --engine spark`."""


@app.command()
def fetch() -> None:
    """Fetch Spark for Scala 2.13 and the Neo4j Connector for Apache Spark from Maven
    Central into the cache (once; runs never download them).

    Needs the spark extra (pip install 'personagraph[spark]'), Maven and the network;
    scripts/install runs it. Does nothing when they are cached already.
    """
    # Imported here: the command line starts without the optional pyspark.
    from personagraph.behavioral.spark.runtime import fetch_runtime

    settings = get_settings()
    with friendly_errors():
        runtime = fetch_runtime(settings.cache_dir, settings.spark_connector_version, report)
    console.print(
        f"Spark {runtime.spark_version} (Scala 2.13) and the Neo4j Connector for Apache Spark "
        f"{runtime.connector_version}: {runtime.root}"
    )
