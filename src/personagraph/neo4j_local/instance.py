"""The on-disk record of a local server instance: ``<instance_dir>/instance.json``.

It holds what ``personagraph neo4j status`` shows and what other commands need
to connect: address, generated password, process id, versions and folders. The
file is readable by its owner only, because it holds the password.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

STATE_FILE = "instance.json"


@dataclass(frozen=True)
class InstanceState:
    """What a local instance recorded when it last started."""

    instance_dir: str
    uri: str
    user: str
    password: str = field(repr=False)
    bolt_port: int
    http_port: int
    neo4j_version: str
    gds_version: str
    pid: int | None

    @property
    def data_dir(self) -> Path:
        return Path(self.instance_dir) / "data"

    @property
    def log_path(self) -> Path:
        return Path(self.instance_dir) / "logs" / "console.log"

    def stopped(self) -> InstanceState:
        """The same record with no running process."""
        return replace(self, pid=None)


def read_state(instance_dir: Path) -> InstanceState | None:
    """The recorded state, or None for an instance never started."""
    path = instance_dir / STATE_FILE
    if not path.is_file():
        return None
    return InstanceState(**json.loads(path.read_text(encoding="utf-8")))


def write_state(instance_dir: Path, state: InstanceState) -> None:
    """Record ``state`` atomically, readable by the owner only."""
    path = instance_dir / STATE_FILE
    partial = path.with_suffix(".json.partial")
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(asdict(state), handle, indent=2)
    partial.replace(path)


def process_alive(pid: int | None, marker: str) -> bool:
    """Whether ``pid`` is a live (not zombie) process whose command line has ``marker``.

    The marker guards against a recycled pid that now belongs to something else.
    """
    if pid is None:
        return False
    proc = Path("/proc") / str(pid)
    try:
        status = (proc / "stat").read_text().rsplit(")", 1)[1].split()[0]
        cmdline = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return False
    return status != "Z" and marker in cmdline
