"""A throwaway PostgreSQL server from Debian's ``postgresql`` package, for tests and benches.

``initdb`` into a temporary folder, ``pg_ctl start`` on a free loopback port with its
socket in that folder, trust authentication for ``postgres``; :meth:`stop` removes it
all. PostgreSQL refuses to run as root, so under root the server programs run as
``nobody`` (through util-linux's ``setpriv``), in a folder ``nobody`` owns.
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from personagraph.errors import ProvisioningError, ToolMissing

__all__ = ["INSTALL_COMMAND", "LocalPostgres", "find_server_programs", "start_local_postgres"]

INSTALL_COMMAND = "apt-get update && apt-get install -y postgresql"
SEARCH = "/usr/lib/postgresql/*/bin"
UNPRIVILEGED_USER = "nobody"


def find_server_programs() -> Path | None:
    """The newest ``/usr/lib/postgresql/<version>/bin`` that has ``initdb`` and ``pg_ctl``."""
    found = [
        path
        for path in Path("/").glob(SEARCH.lstrip("/"))
        if (path / "initdb").is_file() and (path / "pg_ctl").is_file()
    ]
    return max(found, key=lambda p: int(p.parent.name), default=None)


@dataclass
class LocalPostgres:
    """A running server; ``dsn`` connects as the superuser ``postgres``."""

    dsn: str
    port: int
    folder: Path
    programs: Path
    _run_as: tuple[str, ...]

    def stop(self) -> None:
        """Stop the server and delete its folder."""
        data = str(self.folder / "data")
        subprocess.run(
            [*self._run_as, str(self.programs / "pg_ctl"), "-D", data, "-m", "immediate", "stop"],
            capture_output=True,
            check=False,
        )
        shutil.rmtree(self.folder, ignore_errors=True)


def start_local_postgres() -> LocalPostgres:
    """Start a new empty server.

    Raises:
        ToolMissing: Debian's ``postgresql`` package is not installed.
        ProvisioningError: the server did not start (the message holds its log).
    """
    programs = find_server_programs()
    if programs is None:
        raise ToolMissing(
            f"No PostgreSQL server programs in {SEARCH}. Install Debian's package "
            f"(as root): {INSTALL_COMMAND}"
        )
    folder = Path(tempfile.mkdtemp(prefix="personagraph-postgres-"))
    run_as = _unprivileged(folder)
    port = _free_port()
    data, log = folder / "data", folder / "server.log"
    try:
        initdb = [str(programs / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust"]
        _run([*run_as, *initdb, "-E", "UTF8", "--no-sync"], "initdb")
        options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        pg_ctl = [str(programs / "pg_ctl"), "-D", str(data), "-l", str(log), "-o", options]
        _run([*run_as, *pg_ctl, "-w", "-t", "60", "start"], "pg_ctl start", log)
    except ProvisioningError:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    dsn = f"postgresql://postgres@127.0.0.1:{port}/postgres"
    return LocalPostgres(dsn, port, folder, programs, tuple(run_as))


def _unprivileged(folder: Path) -> list[str]:
    if os.geteuid() != 0:
        return []
    user = pwd.getpwnam(UNPRIVILEGED_USER)
    os.chown(folder, user.pw_uid, user.pw_gid)
    return ["setpriv", f"--reuid={user.pw_uid}", f"--regid={user.pw_gid}", "--clear-groups"]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _run(command: list[str], step: str, log: Path | None = None) -> None:
    done = subprocess.run(command, capture_output=True, text=True, check=False, cwd="/")
    if done.returncode != 0:
        server_log = log.read_text(errors="replace")[-2000:] if log and log.exists() else ""
        raise ProvisioningError(
            f"PostgreSQL {step} failed ({done.returncode}): {done.stderr.strip()[-2000:]}"
            f"{' | server log: ' + server_log if server_log else ''}"
        )
