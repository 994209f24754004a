"""A Neo4j + GDS server process on 127.0.0.1, run from the cached distribution.

Each instance has its own folder (config, data, logs, ``instance.json``); the
jars are shared. It listens on the ports of its last start while they are free
(:mod:`~personagraph.neo4j_local.ports`). The server runs in its own process
group so it outlives the command that started it, and stops with SIGTERM (a clean
shutdown).
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import signal
import string
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from personagraph.errors import AuthenticationFailed, ServerStartFailed, StoreError
from personagraph.neo4j_local.distribution import Distribution, Reporter
from personagraph.neo4j_local.instance import (
    InstanceState,
    process_alive,
    read_state,
    write_state,
)
from personagraph.neo4j_local.ports import choose_ports
from personagraph.neo4j_local.tools import java_executable
from personagraph.store import ServerInfo, Store, probe
from personagraph.store.connection import ConnectionSpec

ENTRY_POINT = "org.neo4j.server.CommunityEntryPoint"
# Runs "$@" in the background with output appended to the log "$1"; prints its pid.
_BACKGROUND = 'log="$1"; shift; "$@" </dev/null >>"$log" 2>&1 & echo $!'
ADMIN_TOOL = "org.neo4j.cli.AdminTool"
_JVM_FLAGS = [
    # Neo4j's own launcher opens these modules; the kernel uses them for off-heap I/O.
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-opens=java.base/java.lang=ALL-UNNAMED",
    "-XX:+UseG1GC",
    "-XX:+ExitOnOutOfMemoryError",
    "-Dfile.encoding=UTF-8",
]


@dataclass(frozen=True)
class ServerOptions:
    """How to run one local instance."""

    instance_dir: Path
    heap: str = "1g"
    pagecache: str = "512m"
    start_timeout: float = 180.0
    # APOC core's jars (distribution.ensure_apoc), or None for a server without APOC.
    apoc_dir: Path | None = None

    @property
    def own_plugins_dir(self) -> Path:
        """The instance's own plugins folder, used when it has plugins beyond GDS."""
        return self.instance_dir / "plugins"


def plugins_dir(distribution: Distribution, options: ServerOptions) -> Path:
    """Where the server loads procedures from: the shared GDS folder, or the
    instance's own folder when APOC joins GDS (the cached distribution stays as built)."""
    return options.own_plugins_dir if options.apoc_dir else distribution.plugins_dir


def server_config(
    distribution: Distribution, options: ServerOptions, bolt_port: int, http_port: int
) -> list[str]:
    """The lines of the instance's ``neo4j.conf``."""
    home = options.instance_dir
    procedures = "gds.*,apoc.*" if options.apoc_dir else "gds.*"
    return [
        "server.default_listen_address=127.0.0.1",
        f"server.bolt.listen_address=127.0.0.1:{bolt_port}",
        # What a routing driver (neo4j://) is told to connect to: this port, not 7687.
        f"server.bolt.advertised_address=127.0.0.1:{bolt_port}",
        "server.bolt.tls_level=DISABLED",
        f"server.http.listen_address=127.0.0.1:{http_port}",
        "server.https.enabled=false",
        "dbms.security.auth_enabled=true",
        f"server.directories.plugins={plugins_dir(distribution, options)}",
        f"server.directories.data={home / 'data'}",
        f"server.directories.logs={home / 'logs'}",
        f"server.directories.run={home / 'run'}",
        # LOAD CSV reads only from here (file:///name.csv).
        f"server.directories.import={home / 'import'}",
        f"dbms.security.procedures.unrestricted={procedures}",
        f"server.memory.pagecache.size={options.pagecache}",
        "dbms.usage_report.enabled=false",
    ]


class LocalServer:
    """One local instance: start (or reuse), status, stop."""

    def __init__(self, distribution: Distribution, options: ServerOptions) -> None:
        self.distribution = distribution
        self.options = options
        self.dir = options.instance_dir

    def state(self) -> InstanceState | None:
        """The recorded state, with ``pid`` cleared if that process is gone."""
        state = read_state(self.dir)
        if state is not None and not process_alive(state.pid, str(self.dir)):
            return state.stopped()
        return state

    def is_running(self) -> bool:
        state = self.state()
        return state is not None and state.pid is not None

    def start(self, report: Reporter) -> tuple[InstanceState, ServerInfo]:
        """Start the instance, or reuse it when it already runs; wait until ready.

        Raises:
            ToolMissing: no Java 17+.
            ServerStartFailed: the server exited or was not ready in time
                (the message names the log).
        """
        running = self.state()
        if running is not None and running.pid is not None:
            report(f"Reusing the Neo4j already running at {running.uri}")
            return running, self._wait_ready(running)
        state = self._prepare(running)
        report(f"Starting Neo4j {state.neo4j_version} + GDS {state.gds_version} at {state.uri}")
        state = self._launch(state)
        try:
            return state, self._wait_ready(state)
        except ServerStartFailed:
            self.stop()
            raise

    def stop(self, timeout: float = 60.0) -> bool:
        """Stop the instance cleanly (SIGTERM, then SIGKILL after ``timeout``).

        Returns:
            Whether a running server was stopped.
        """
        state = self.state()
        if state is None or state.pid is None:
            return False
        _signal(state.pid, signal.SIGTERM)
        if not self._wait_gone(state.pid, timeout):
            _signal(state.pid, signal.SIGKILL)
            self._wait_gone(state.pid, 10.0)
        write_state(self.dir, state.stopped())
        return True

    def _prepare(self, previous: InstanceState | None) -> InstanceState:
        for sub in ("conf", "data", "logs", "run", "import"):
            (self.dir / sub).mkdir(parents=True, exist_ok=True)
        # The ports of the last start while they are free: clients keep their address.
        bolt_port, http_port = choose_ports(
            (previous.bolt_port, previous.http_port) if previous else None
        )
        self._write_config(bolt_port, http_port)
        password = previous.password if previous else generate_password()
        # The initial password can only be set before the system database exists.
        if not (self.dir / "data" / "databases" / "system").exists():
            self._set_initial_password(password)
        return InstanceState(
            instance_dir=str(self.dir),
            uri=f"bolt://127.0.0.1:{bolt_port}",
            user="neo4j",
            password=password,
            bolt_port=bolt_port,
            http_port=http_port,
            neo4j_version=self.distribution.neo4j_version,
            gds_version=self.distribution.gds_version,
            pid=None,
        )

    def _write_config(self, bolt_port: int, http_port: int) -> None:
        if self.options.apoc_dir is not None:
            self._link_plugins(self.options.apoc_dir)
        lines = server_config(self.distribution, self.options, bolt_port, http_port)
        (self.dir / "conf" / "neo4j.conf").write_text("\n".join(lines) + "\n", encoding="utf-8")

    def _link_plugins(self, apoc_dir: Path) -> None:
        # Links, not copies: the GDS jar is large and shared by every instance.
        folder = self.options.own_plugins_dir
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        for jar in [*self.distribution.plugins_dir.glob("*.jar"), *apoc_dir.glob("*.jar")]:
            (folder / jar.name).symlink_to(jar)

    def _set_initial_password(self, password: str) -> None:
        env = {**os.environ, "NEO4J_HOME": str(self.dir), "NEO4J_CONF": str(self.dir / "conf")}
        command = [str(java_executable()), "-cp", f"{self.distribution.lib_dir}/*", ADMIN_TOOL]
        command += ["dbms", "set-initial-password", password]
        completed = subprocess.run(
            command, env=env, capture_output=True, text=True, check=False, timeout=120
        )
        if completed.returncode != 0:
            raise ServerStartFailed(
                f"setting the initial password failed: {completed.stderr.strip()}", None
            )

    def _launch(self, state: InstanceState) -> InstanceState:
        classpath = ":".join(
            f"{folder}/*"
            for folder in (
                plugins_dir(self.distribution, self.options),
                self.dir / "conf",
                self.distribution.lib_dir,
            )
        )
        heap = self.options.heap
        command = [str(java_executable()), f"-Xms{heap}", f"-Xmx{heap}", *_JVM_FLAGS]
        command += ["-cp", classpath, ENTRY_POINT, f"--home-dir={self.dir}"]
        command += [f"--config-dir={self.dir / 'conf'}", "--console-mode"]
        # A shell puts java in the background and exits at once, so the server is
        # nobody's child: it outlives this process and never lingers as a zombie.
        launcher = subprocess.run(
            ["sh", "-c", _BACKGROUND, "sh", str(state.log_path), *command],
            cwd=self.dir,
            capture_output=True,
            text=True,
            check=True,
            start_new_session=True,
        )
        pid = int(launcher.stdout.strip())
        started = replace(state, pid=pid)
        write_state(self.dir, started)
        return started

    def _wait_ready(self, state: InstanceState) -> ServerInfo:
        spec = ConnectionSpec(uri=state.uri, user=state.user, password=state.password)
        return wait_until_ready(
            spec,
            timeout=self.options.start_timeout,
            alive=lambda: process_alive(state.pid, str(self.dir)),
            log_path=state.log_path,
        )

    def _wait_gone(self, pid: int, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not process_alive(pid, str(self.dir)):
                return True
            time.sleep(0.2)
        return False


def wait_until_ready(
    spec: ConnectionSpec,
    timeout: float,
    alive: Callable[[], bool],
    log_path: Path | None,
) -> ServerInfo:
    """Poll until Bolt answers and GDS reports 2.13.x.

    Raises:
        ServerStartFailed: the process died, GDS is missing, or time ran out.
    """
    deadline = time.monotonic() + timeout
    last_error = "no answer yet"
    while time.monotonic() < deadline:
        if not alive():
            raise ServerStartFailed(f"the process exited ({_log_tail(log_path)})", log_path)
        try:
            with Store.open(spec) as store:
                info = probe(store)
        except AuthenticationFailed as exc:
            # Waiting will not fix a wrong password.
            raise ServerStartFailed(
                f"{exc} For a local server whose instance.json was lost, "
                "`personagraph neo4j reset` starts afresh",
                log_path,
            ) from exc
        except StoreError as exc:
            last_error = str(exc)
            time.sleep(0.5)
            continue
        if info.gds_version is None or not info.gds_version.startswith("2.13."):
            raise ServerStartFailed(
                f"GDS 2.13.x expected, the server reports {info.gds_version!r}", log_path
            )
        return info
    raise ServerStartFailed(f"not ready after {timeout:.0f}s; last error: {last_error}", log_path)


def generate_password(length: int = 24) -> str:
    """A random password of letters and digits.

    ``token_urlsafe`` can start with "-", which neo4j-admin reads as an option.
    """
    alphabet = string.ascii_letters + string.digits
    return "".join(secrets.choice(alphabet) for _ in range(length))


def _log_tail(log_path: Path | None, lines: int = 5) -> str:
    if log_path is None or not log_path.exists():
        return "no log written"
    tail = log_path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:]
    return "last log lines: " + " | ".join(line.strip() for line in tail)


def _signal(pid: int, sig: signal.Signals) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, sig)
