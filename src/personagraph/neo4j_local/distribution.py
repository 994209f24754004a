"""Neo4j Community + the open-source GDS plugin, assembled from Maven Central.

There is no Neo4j server tarball on Maven Central, but the server is made of
ordinary jars: resolving ``org.neo4j:neo4j`` gives its classpath. GDS is
published as modules, which we shade into one plugin jar as upstream does. The
result is cached once per machine under ``<cache_dir>/neo4j-<v>-gds-<v>/`` and
shared by every instance. APOC core, when asked for, is cached beside it under
``<cache_dir>/apoc-core-<v>/``.
"""

from __future__ import annotations

import fcntl
import json
import re
import shutil
import subprocess
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from personagraph.errors import BuildFailed
from personagraph.neo4j_local.tools import maven_executable

Reporter = Callable[[str], None]
_MARKER = "distribution.json"


@dataclass(frozen=True)
class Distribution:
    """A ready server classpath (``lib/``) and GDS plugin (``plugins/``)."""

    root: Path
    neo4j_version: str
    gds_version: str

    @property
    def lib_dir(self) -> Path:
        return self.root / "lib"

    @property
    def plugins_dir(self) -> Path:
        return self.root / "plugins"

    @property
    def is_complete(self) -> bool:
        return (self.root / _MARKER).is_file()


def distribution_for(cache_dir: Path, neo4j_version: str, gds_version: str) -> Distribution:
    """Where the distribution for this version pair lives (built or not)."""
    root = cache_dir / f"neo4j-{neo4j_version}-gds-{gds_version}"
    return Distribution(root=root, neo4j_version=neo4j_version, gds_version=gds_version)


def ensure_distribution(
    cache_dir: Path, neo4j_version: str, gds_version: str, report: Reporter
) -> Distribution:
    """The cached distribution, assembled first if this machine has none yet.

    Concurrent callers wait on a file lock, so the build runs once.

    Raises:
        ToolMissing: Maven is needed and absent.
        BuildFailed: Maven could not resolve or package the artifacts.
    """
    dist = distribution_for(cache_dir, neo4j_version, gds_version)
    if dist.is_complete:
        return dist
    cache_dir.mkdir(parents=True, exist_ok=True)
    with locked(cache_dir / f".{dist.root.name}.lock"):
        if dist.is_complete:
            return dist
        _build(dist, report)
    return dist


@contextmanager
def locked(lock_path: Path) -> Iterator[None]:
    """Holds an exclusive lock on ``lock_path`` (created if missing) while in the block."""
    with lock_path.open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def ensure_apoc(cache_dir: Path, apoc_version: str, dist: Distribution, report: Reporter) -> Path:
    """The folder of APOC core's jars for ``dist``, resolved first if not cached.

    Only jars the server's own classpath lacks are kept: Neo4j already ships newer
    versions of some APOC dependencies (commons-lang3, commons-text), and two
    versions of one library on a classpath is a lottery.

    Raises:
        ToolMissing: Maven is needed and absent.
        BuildFailed: Maven could not resolve APOC core ``apoc_version``.
    """
    folder = cache_dir / f"apoc-core-{apoc_version}"
    if (folder / _MARKER).is_file():
        return folder
    cache_dir.mkdir(parents=True, exist_ok=True)
    with locked(cache_dir / f".{folder.name}.lock"):
        if (folder / _MARKER).is_file():
            return folder
        report(f"Resolving APOC core {apoc_version} from Maven Central (first run only)")
        staging = folder.with_name(folder.name + ".partial")
        shutil.rmtree(staging, ignore_errors=True)
        jars = staging / "jars"
        project = write_pom(staging / "build", "apoc-pom.xml", {"@APOC_VERSION@": apoc_version})
        run_maven(
            maven_executable(),
            project,
            ["dependency:copy-dependencies", "-DincludeScope=runtime", f"-DoutputDirectory={jars}"],
            f"APOC core {apoc_version} is not on Maven Central (or could not be downloaded)",
        )
        shipped = {artifact_name(jar.name) for jar in dist.lib_dir.glob("*.jar")}
        for jar in sorted(jars.glob("*.jar")):
            if artifact_name(jar.name) not in shipped:
                shutil.move(jar, staging / jar.name)
        shutil.rmtree(jars)
        shutil.rmtree(staging / "build")
        marker = {
            "apoc_version": apoc_version,
            "jars": sorted(j.name for j in staging.glob("*.jar")),
        }
        (staging / _MARKER).write_text(json.dumps(marker, indent=2), encoding="utf-8")
        shutil.rmtree(folder, ignore_errors=True)
        staging.rename(folder)
    return folder


# Maven names a copied jar <artifactId>-<version>[-<classifier>].jar; ids do not
# contain "-<digit>".
_VERSION_SUFFIX = re.compile(r"-\d.*\.jar$")


def artifact_name(jar_name: str) -> str:
    """``commons-lang3-3.12.0.jar`` → ``commons-lang3``: a jar's name without its version."""
    return _VERSION_SUFFIX.sub("", jar_name)


def _build(dist: Distribution, report: Reporter) -> None:
    mvn = maven_executable()
    staging = dist.root.with_name(dist.root.name + ".partial")
    shutil.rmtree(staging, ignore_errors=True)
    (staging / "lib").mkdir(parents=True)
    (staging / "plugins").mkdir()
    versions = {"@NEO4J_VERSION@": dist.neo4j_version, "@GDS_VERSION@": dist.gds_version}

    report(f"Resolving Neo4j {dist.neo4j_version} from Maven Central (first run only)")
    server = write_pom(staging / "build" / "server", "server-pom.xml", versions)
    run_maven(
        mvn,
        server,
        [
            "dependency:copy-dependencies",
            "-DincludeScope=runtime",
            f"-DoutputDirectory={staging / 'lib'}",
        ],
        f"Neo4j {dist.neo4j_version} is not on Maven Central (or could not be downloaded)",
    )

    report(f"Building the GDS {dist.gds_version} plugin jar (first run only)")
    gds = write_pom(staging / "build" / "gds", "gds-pom.xml", versions)
    run_maven(mvn, gds, ["package"], f"GDS {dist.gds_version} could not be built")
    shutil.copy2(
        gds / "target" / f"gds-{dist.gds_version}.jar",
        staging / "plugins" / f"gds-{dist.gds_version}.jar",
    )

    shutil.rmtree(staging / "build")
    marker = {"neo4j_version": dist.neo4j_version, "gds_version": dist.gds_version}
    (staging / _MARKER).write_text(json.dumps(marker, indent=2), encoding="utf-8")
    shutil.rmtree(dist.root, ignore_errors=True)
    staging.rename(dist.root)
    report(f"Cached Neo4j {dist.neo4j_version} + GDS {dist.gds_version} in {dist.root}")


def write_pom(
    folder: Path, template: str, versions: dict[str, str], package: str = "personagraph.neo4j_local"
) -> Path:
    """Writes ``<folder>/pom.xml`` from the template ``maven/<template>`` of ``package``
    (this one's by default), each ``@PLACEHOLDER@`` of ``versions`` filled in.

    Returns:
        ``folder``, the Maven project.
    """
    text = resources.files(package).joinpath("maven", template).read_text()
    for placeholder, value in versions.items():
        text = text.replace(placeholder, value)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "pom.xml").write_text(text, encoding="utf-8")
    return folder


def run_maven(mvn: Path, project: Path, goals: list[str], failure: str) -> None:
    """Runs Maven's ``goals`` in ``project`` (``<cache>/<staging>/build/<name>``).

    Raises:
        BuildFailed: Maven failed; its log is kept in ``<cache>`` and named.
    """
    log_path = project / "maven.log"
    with log_path.open("w", encoding="utf-8") as log:
        completed = subprocess.run(
            [str(mvn), "-B", "-q", *goals],
            cwd=project,
            stdout=log,
            stderr=subprocess.STDOUT,
            check=False,
        )
    if completed.returncode != 0:
        # Keep the log where the user can read it: the staging folder is discarded.
        kept = project.parents[2] / f"maven-failure-{project.name}.log"
        shutil.copy2(log_path, kept)
        raise BuildFailed(f"{failure}; Maven exited with {completed.returncode}", kept)
