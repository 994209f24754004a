"""Spark for Scala 2.13 and the Neo4j Connector for Apache Spark, assembled from Maven Central.

The pyspark wheel carries Spark's JVM side built for Scala 2.12, but the connector
(``org.neo4j:neo4j-connector-apache-spark_2.13``) is published for Scala 2.13 only since
5.1 (its 2.12 build stops at 5.0.3), and a Scala 2.13 jar cannot run on a 2.12 Spark. So
the JVM a ``personagraph assign --engine spark`` session starts is assembled once per
machine, as the local Neo4j is:

- ``jars/``: Maven resolves ``org.apache.spark:spark-sql_2.13`` at the installed pyspark's
  version; its runtime classpath is what a Spark distribution's ``jars/`` folder holds
  for a driver (local mode and client mode);
- ``connector/``: the connector and its own dependencies (not Spark nor Scala, which it
  declares as provided), handed to the session as ``spark.jars``, as ``--packages``
  would add them: where both ship a class (the connector bundles a newer Netty) Spark's
  own wins, which Spark's Arrow code needs;
- ``bin/``: the launch scripts of the installed pyspark package (pyspark starts the JVM
  through ``$SPARK_HOME/bin/spark-submit``), ``conf/``: our log4j2 settings.

It lives in ``<cache_dir>/spark-<v>-scala2.13-connector-<v>/``. ``personagraph spark
fetch`` builds it (scripts/install runs it); a run never downloads anything, it stops
naming that command when the folder is missing.
"""

from __future__ import annotations

import importlib.util
import json
import shutil
from dataclasses import dataclass
from importlib import metadata, resources
from pathlib import Path
from typing import Final

from personagraph.errors import ConfigurationError
from personagraph.neo4j_local.distribution import Reporter, locked, run_maven, write_pom
from personagraph.neo4j_local.tools import maven_executable

__all__ = [
    "FETCH_COMMAND",
    "SCALA_VERSION",
    "SparkRuntime",
    "fetch_runtime",
    "installed_runtime",
    "pyspark_version",
    "runtime_for",
]

SCALA_VERSION: Final = "2.13"
FETCH_COMMAND: Final = "personagraph spark fetch"
EXTRA: Final = "pip install 'personagraph[spark]'"
_MARKER: Final = "runtime.json"
_PACKAGE: Final = "personagraph.behavioral.spark"
# pyspark's launch path: spark-submit runs spark-class, which reads load-spark-env.sh.
_SCRIPTS: Final = ("spark-submit", "spark-class", "load-spark-env.sh", "find-spark-home")


@dataclass(frozen=True, slots=True)
class SparkRuntime:
    """A Spark home for Scala 2.13 (``bin/``, ``jars/``, ``conf/``) and the connector's jars."""

    root: Path
    spark_version: str
    connector_version: str

    @property
    def home(self) -> Path:
        """Returns: the folder to start Spark from (``SPARK_HOME``)."""
        return self.root

    @property
    def conf_dir(self) -> Path:
        """Returns: ``SPARK_CONF_DIR`` (log4j2.properties)."""
        return self.root / "conf"

    @property
    def connector_jars(self) -> list[Path]:
        """Returns: the connector's jars, for ``spark.jars``."""
        return sorted((self.root / "connector").glob("*.jar"))

    @property
    def is_complete(self) -> bool:
        """Returns: whether the runtime was fetched to the end."""
        return (self.root / _MARKER).is_file()


def pyspark_version() -> str:
    """Returns: the installed pyspark's version.

    Raises:
        ConfigurationError: pyspark is not installed, or it is not a Spark 3.5 release (the
            connector is built for Spark 3).
    """
    try:
        version = metadata.version("pyspark")
    except metadata.PackageNotFoundError:
        raise ConfigurationError(
            f"The Spark engine needs pyspark, which is not installed: {EXTRA}"
        ) from None
    if not version.startswith("3.5."):
        raise ConfigurationError(
            f"pyspark {version} is installed; the Neo4j Connector for Apache Spark is built "
            f"for Spark 3.5 (`_for_spark_3`). Install the matching one: {EXTRA}"
        )
    return version


def runtime_for(cache_dir: Path, connector_version: str) -> SparkRuntime:
    """Returns: where the runtime for the installed pyspark and ``connector_version`` lives
    (fetched or not).

    Raises:
        ConfigurationError: pyspark is missing or not 3.5.
    """
    spark = pyspark_version()
    name = f"spark-{spark}-scala{SCALA_VERSION}-connector-{connector_version}"
    return SparkRuntime(cache_dir / name, spark, connector_version)


def installed_runtime(cache_dir: Path, connector_version: str) -> SparkRuntime:
    """Returns: the fetched runtime; nothing is downloaded.

    Raises:
        ConfigurationError: it has not been fetched (the message names the command).
    """
    runtime = runtime_for(cache_dir, connector_version)
    if not runtime.is_complete:
        raise ConfigurationError(
            f"The Spark runtime (Spark {runtime.spark_version} for Scala {SCALA_VERSION} and "
            f"the Neo4j Connector for Apache Spark {connector_version}) is not in "
            f"{runtime.root}. Fetch it once from Maven Central with `{FETCH_COMMAND}` "
            "(scripts/install does); a run never downloads it."
        )
    return runtime


def fetch_runtime(cache_dir: Path, connector_version: str, report: Reporter) -> SparkRuntime:
    """Resolves the runtime from Maven Central into the cache, unless it is there already.

    Concurrent callers wait on a file lock, so it is built once.

    Raises:
        ConfigurationError: pyspark is missing or not 3.5.
        ToolMissing: Maven is not installed.
        BuildFailed: Maven could not resolve Spark or the connector (its log is named).
    """
    runtime = runtime_for(cache_dir, connector_version)
    if runtime.is_complete:
        return runtime
    cache_dir.mkdir(parents=True, exist_ok=True)
    with locked(cache_dir / f".{runtime.root.name}.lock"):
        if not runtime.is_complete:
            _build(runtime, report)
    return runtime


def _build(runtime: SparkRuntime, report: Reporter) -> None:
    mvn = maven_executable(
        "fetch Spark for Scala 2.13 and the Neo4j Connector for Apache Spark from Maven Central"
    )
    staging = runtime.root.with_name(runtime.root.name + ".partial")
    shutil.rmtree(staging, ignore_errors=True)
    versions = {
        "@SPARK_VERSION@": runtime.spark_version,
        "@CONNECTOR_VERSION@": runtime.connector_version,
    }
    for folder, template, what in (
        ("jars", "spark-pom.xml", f"Spark {runtime.spark_version} for Scala {SCALA_VERSION}"),
        ("connector", "connector-pom.xml", f"Neo4j Connector {runtime.connector_version}"),
    ):
        report(f"Resolving {what} from Maven Central (first run only)")
        project = write_pom(staging / "build" / folder, template, versions, _PACKAGE)
        run_maven(
            mvn,
            project,
            [
                "dependency:copy-dependencies",
                "-DincludeScope=runtime",
                f"-DoutputDirectory={staging / folder}",
            ],
            f"{what} is not on Maven Central (or could not be downloaded)",
        )
    shutil.rmtree(staging / "build")
    _copy_launch_scripts(staging / "bin")
    (staging / "conf").mkdir()
    log4j = resources.files(_PACKAGE).joinpath("conf", "log4j2.properties")
    (staging / "conf" / "log4j2.properties").write_text(log4j.read_text(), encoding="utf-8")
    marker = {
        "spark_version": runtime.spark_version,
        "scala_version": SCALA_VERSION,
        "connector_version": runtime.connector_version,
        "connector_jars": sorted(p.name for p in (staging / "connector").glob("*.jar")),
    }
    (staging / _MARKER).write_text(json.dumps(marker, indent=2), encoding="utf-8")
    shutil.rmtree(runtime.root, ignore_errors=True)
    staging.rename(runtime.root)
    report(f"Cached the Spark runtime in {runtime.root}")


def _copy_launch_scripts(target: Path) -> None:
    spec = importlib.util.find_spec("pyspark")
    if spec is None or not spec.submodule_search_locations:
        raise ConfigurationError(f"The Spark engine needs pyspark, which is not installed: {EXTRA}")
    source = Path(next(iter(spec.submodule_search_locations))) / "bin"
    target.mkdir(parents=True)
    for script in _SCRIPTS:
        shutil.copy2(source / script, target / script)
