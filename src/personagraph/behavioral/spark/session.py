"""Starting the Spark session of an assignment run, on the fetched Scala 2.13 runtime.

pyspark starts its JVM through ``$SPARK_HOME/bin/spark-submit``, so the session is
started with ``SPARK_HOME`` pointing at the runtime of
:mod:`personagraph.behavioral.spark.runtime` and the connector's jars in ``spark.jars``.
Java 17 needs ``--add-opens`` options for Spark's reflective access to JDK internals
(``sun.nio.ch``, ``java.nio``, ...; Spark's docs, "Downloading": Java 17 is supported);
Spark 3.5's launcher adds the whole list (``JavaModuleOptions``) to the driver's and the
executors' JVM options itself, so nothing is added here.

A local master (``local``, ``local[N]``, ``local[*]``) binds the driver to 127.0.0.1
and runs the Python code of the rows (the audit traces) with this interpreter; a cluster
master needs personagraph installed in its executors' Python (docs/behavioral-batch.md).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Final

from pyspark.errors import PySparkException
from pyspark.sql import SparkSession

from personagraph.behavioral.spark.runtime import SparkRuntime, installed_runtime
from personagraph.errors import ConfigurationError, SparkJobFailed
from personagraph.neo4j_local.tools import java_executable
from personagraph.settings import Settings

__all__ = ["session_for", "start_session"]

APP_NAME: Final = "personagraph assign"


def start_session(runtime: SparkRuntime, master: str, driver_memory: str) -> SparkSession:
    """Starts a Spark session on ``runtime``; the caller stops it.

    Raises:
        ToolMissing: no Java 17 or newer.
        SparkJobFailed: the JVM did not start (Spark's reason is quoted).
    """
    java_executable()  # Java 17+, or a message saying how to get it
    os.environ["SPARK_HOME"] = str(runtime.home)
    os.environ["SPARK_CONF_DIR"] = str(runtime.conf_dir)
    config = {
        "spark.jars": ",".join(str(jar) for jar in runtime.connector_jars),
        "spark.driver.memory": driver_memory,
        "spark.ui.enabled": "false",
        "spark.ui.showConsoleProgress": "false",
        # Dates of the feature files are days; Spark reads timestamps as UTC, as pyarrow does.
        "spark.sql.session.timeZone": "UTC",
        # Non-ANSI SQL, whatever a cluster's defaults say: the plan's semantics (IEEE
        # overflow to infinity, NULL in, NULL out) are those of the other evaluators.
        "spark.sql.ansi.enabled": "false",
    }
    if master.startswith("local"):
        # pyspark starts the Python of local executors from PYSPARK_PYTHON (else python3
        # on PATH, which may lack personagraph): this interpreter.
        os.environ["PYSPARK_PYTHON"] = sys.executable
        config |= {
            "spark.driver.host": "127.0.0.1",
            "spark.driver.bindAddress": "127.0.0.1",
        }
    builder = SparkSession.builder.master(master).appName(APP_NAME)
    for key, value in config.items():
        builder = builder.config(key, value)
    try:
        session = builder.getOrCreate()
    except PySparkException as exc:
        raise SparkJobFailed(
            f"Spark did not start (master {master!r}, runtime {runtime.home}): {exc}. "
            "Check the master URL and that Java 17 runs Spark."
        ) from exc
    session.sparkContext.setLogLevel("ERROR")
    if master.startswith("local"):
        # Shuffles (grouping the five files by subject) on one partition per core rather
        # than Spark's 200, which pay off on a cluster only.
        parallelism = session.sparkContext.defaultParallelism
        session.conf.set("spark.sql.shuffle.partitions", str(parallelism))
    return session


@contextmanager
def session_for(settings: Settings, master: str | None = None) -> Iterator[SparkSession]:
    """The session a run uses: the one this process already runs with ``master``, or a new
    one on the fetched runtime, stopped at the end.

    Raises:
        ConfigurationError: the runtime has not been fetched, or this process already runs
            a session with another master.
        ToolMissing: no Java 17 or newer.
        SparkJobFailed: Spark did not start.
    """
    wanted = master or settings.spark_master
    running = SparkSession.getActiveSession()
    if running is not None:
        if running.sparkContext.master != wanted:
            raise ConfigurationError(
                f"This process already runs a Spark session with master "
                f"{running.sparkContext.master!r}; it cannot start one with {wanted!r}. "
                "Run the assignment in a new process."
            )
        yield running
        return
    runtime = installed_runtime(settings.cache_dir, settings.spark_connector_version)
    session = start_session(runtime, wanted, settings.spark_driver_memory)
    try:
        yield session
    finally:
        session.stop()
