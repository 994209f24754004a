"""Finding the programs a local server needs: a Java 17+ runtime and Maven."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

from personagraph.errors import ToolMissing

MINIMUM_JAVA = 17
_JAVA_VERSION = re.compile(r'version "(?P<major>\d+)(?:\.(?P<minor>\d+))?')


def java_executable() -> Path:
    """The ``java`` to run Neo4j with: ``$JAVA_HOME/bin/java`` or the one on PATH.

    Raises:
        ToolMissing: no java, or one older than 17.
    """
    java_home = os.environ.get("JAVA_HOME")
    candidate = Path(java_home) / "bin" / "java" if java_home else None
    if candidate is None or not candidate.exists():
        found = shutil.which("java")
        candidate = Path(found) if found else None
    if candidate is None:
        raise ToolMissing(
            "No Java runtime found. Neo4j 5.26 needs Java 17 or 21: install one "
            "(Debian: `apt-get install openjdk-17-jre-headless`) or set JAVA_HOME."
        )
    major = java_major_version(candidate)
    if major < MINIMUM_JAVA:
        raise ToolMissing(
            f"{candidate} is Java {major}; Neo4j 5.26 needs Java 17 or 21. "
            "Install a newer JDK or point JAVA_HOME at one."
        )
    return candidate


def java_major_version(java: Path) -> int:
    """The major version ``java -version`` reports (1.8 counts as 8)."""
    completed = subprocess.run(
        [str(java), "-version"], capture_output=True, text=True, check=False, timeout=30
    )
    major = parse_java_version(completed.stderr + completed.stdout)
    if major is None:
        raise ToolMissing(f"Could not read the version of {java}: {completed.stderr.strip()!r}")
    return major


def parse_java_version(text: str) -> int | None:
    """The major version in ``java -version`` output (``1.8.0`` is 8), or None."""
    match = _JAVA_VERSION.search(text)
    if match is None:
        return None
    major = int(match["major"])
    return int(match["minor"] or 0) if major == 1 else major


def maven_executable(needed_for: str | None = None) -> Path:
    """The ``mvn`` on PATH; ``needed_for`` says in the error what it is needed for (by
    default, the local Neo4j).

    Raises:
        ToolMissing: Maven is not installed.
    """
    found = shutil.which("mvn")
    if found is None and needed_for is not None:
        raise ToolMissing(
            f"Maven (mvn) is needed once to {needed_for}. "
            "Install it (Debian: `apt-get install maven`)."
        )
    if found is None:
        raise ToolMissing(
            "Maven (mvn) is needed once to assemble Neo4j + GDS from Maven Central. "
            "Install it (Debian: `apt-get install maven`), or use Docker, or set NEO4J_URI."
        )
    return Path(found)
