"""The built wheel works outside the checkout: its Cypher statements ship inside it.

The wheel is built from the files git tracks (what a fresh clone holds) and installed
into a new virtual environment in a temporary folder, and its command runs from there
with no ``PERSONAGRAPH_CYPHER_DIR``. Its dependencies are not downloaded again: one
``.pth`` line puts this environment's site-packages on the new one's path. A path line
runs none of the ``.pth`` files in that folder, so this checkout's editable install of
personagraph stays inert, and the test checks that the package and every statement it
loads come from the wheel's own install location.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import sysconfig
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from personagraph.neo4j_local.provision import Provisioned

ROOT = Path(__file__).resolve().parents[2]
STATEMENTS = sorted(path.relative_to(ROOT / "cypher") for path in ROOT.rglob("cypher/**/*.cypher"))
MIGRATIONS = sorted(path.stem for path in (ROOT / "cypher" / "schema").glob("*.cypher"))


@dataclass(frozen=True)
class Installed:
    """The wheel installed in its own environment, and where to run it from."""

    python: Path
    command: Path
    site_packages: Path
    elsewhere: Path  # a working directory outside the checkout

    def run(self, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(self.command), *args],
            cwd=self.elsewhere,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )


def _run(command: list[str], cwd: Path) -> str:
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    assert done.returncode == 0, f"{' '.join(command)} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


def _fresh_clone(into: Path) -> Path:
    """The files git tracks, as they are in the working tree (what a clone would hold)."""
    listed = _run(["git", "ls-files", "-z"], ROOT).split("\0")
    for name in filter(None, listed):
        source = ROOT / name
        if source.is_file():  # a tracked file deleted in the working tree is left out
            target = into / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    return into


def _clean_env(**extra: str) -> dict[str, str]:
    unset = {"PERSONAGRAPH_CYPHER_DIR", "PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME"}
    return {**{k: v for k, v in os.environ.items() if k not in unset}, **extra}


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    work = tmp_path_factory.mktemp("wheel")
    clone = _fresh_clone(work / "clone")
    # Built with this environment's setuptools (a dev dependency): no isolated build
    # environment to download.
    _run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
         "--wheel-dir", str(work / "dist"), str(clone)],
        work,
    )  # fmt: skip
    (wheel,) = (work / "dist").glob("personagraph-*.whl")
    venv = work / "venv"
    _run([sys.executable, "-m", "venv", "--without-pip", str(venv)], work)
    python = venv / "bin" / "python"
    site_packages = Path(
        _run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], work
        ).strip()
    )
    (site_packages / "dependencies-of-the-checkout.pth").write_text(
        sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8"
    )
    _run(
        [sys.executable, "-m", "pip", "--python", str(python), "install",
         "--no-deps", "--no-index", str(wheel)],
        work,
    )  # fmt: skip
    elsewhere = work / "elsewhere"
    elsewhere.mkdir()
    return Installed(python, venv / "bin" / "personagraph", site_packages, elsewhere)


def test_the_package_and_its_statements_come_from_the_wheel(installed: Installed) -> None:
    probe = (
        "import json, personagraph\n"
        "from personagraph.store.queries import cypher_root, default_registry\n"
        "print(json.dumps({'package': personagraph.__file__, 'cypher': str(cypher_root()),"
        " 'names': default_registry().names()}))"
    )
    done = subprocess.run(
        [str(installed.python), "-c", probe],
        cwd=installed.elsewhere,
        env=_clean_env(),
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout)
    assert Path(found["package"]).is_relative_to(installed.site_packages / "personagraph")
    assert Path(found["cypher"]) == installed.site_packages / "personagraph" / "cypher"
    assert found["names"] == sorted(path.with_suffix("").as_posix() for path in STATEMENTS)


def test_the_installed_command_runs_without_the_checkout(
    installed: Installed, neo4j_server: Provisioned
) -> None:
    helped = installed.run("--help", env=_clean_env())
    assert helped.returncode == 0, helped.stderr
    assert "Usage: personagraph" in helped.stdout

    # `db status` reads every migration file, and the database's record of them.
    status = installed.run("db", "status", env=_clean_env(**_neo4j(neo4j_server)))
    assert status.returncode == 0, status.stdout + status.stderr
    for migration in MIGRATIONS:
        assert migration in status.stdout
    counted = re.search(r"(\d+) applied, (\d+) pending", status.stdout)
    assert counted, status.stdout
    assert int(counted[1]) + int(counted[2]) == len(MIGRATIONS)


def test_the_installed_service_answers_graphql(
    installed: Installed, neo4j_server: Provisioned
) -> None:
    # A named statement (the review queue's, read from the wheel's cypher/) and a compiled one.
    query = "{ archetypeReviewQueue(limit: 3) { id } personas(limit: 3) { id } }"
    with _served(installed, neo4j_server) as url:
        answer = httpx.post(f"{url}/graphql", json={"query": query}, timeout=30)
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert "errors" not in body, body
    assert set(body["data"]) == {"archetypeReviewQueue", "personas"}


def _neo4j(server: Provisioned) -> dict[str, str]:
    return {
        "NEO4J_URI": server.spec.uri,
        "NEO4J_USER": server.spec.user,
        "NEO4J_PASSWORD": server.spec.password or "",
        "PERSONAGRAPH_PROVISIONER": "external",
    }


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def _served(installed: Installed, server: Provisioned) -> Iterator[str]:
    port = _free_port()
    env = _clean_env(**_neo4j(server), PERSONAGRAPH_ANONYMOUS_READS="true")
    process = subprocess.Popen(
        [str(installed.command), "serve", "--host", "127.0.0.1", "--port", str(port)],
        cwd=installed.elsewhere,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            assert process.poll() is None, process.stdout.read() if process.stdout else ""
            try:
                if httpx.get(f"{url}/readyz", timeout=5).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, f"the installed service did not get ready at {url}"
            time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
        if process.stdout:
            process.stdout.close()
