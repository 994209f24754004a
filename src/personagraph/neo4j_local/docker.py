"""Neo4j 5.26 + GDS 2.13 in Docker: testcontainers for tests, compose for users."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from personagraph.errors import ServerStartFailed, ToolMissing
from personagraph.neo4j_local.local_server import generate_password

# The official image downloads the GDS plugin matching its Neo4j version on first start.
_GDS_ENVIRONMENT = {
    "NEO4J_PLUGINS": '["graph-data-science"]',
    "NEO4J_dbms_security_procedures_unrestricted": "gds.*",
    "NEO4J_server_memory_heap_max__size": "1g",
    "NEO4J_server_memory_pagecache_size": "512m",
}


def docker_engine_answers(timeout: float = 3.0) -> bool:
    """Whether a Docker engine responds to ``GET /_ping`` (the client alone is not enough).

    Talks to the engine's socket directly: asking through docker-py would leave
    a socket open when no engine listens.
    """
    host = os.environ.get("DOCKER_HOST", "unix:///var/run/docker.sock")
    try:
        with _engine_socket(host, timeout) as sock:
            sock.sendall(b"GET /_ping HTTP/1.0\r\nHost: docker\r\n\r\n")
            reply = sock.recv(256)
    except OSError:
        return False
    return reply.startswith(b"HTTP/1.") and b" 200 " in reply.split(b"\r\n", 1)[0]


def _engine_socket(host: str, timeout: float) -> socket.socket:
    parsed = urlparse(host)
    if parsed.scheme == "unix":
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.settimeout(timeout)
        try:
            sock.connect(parsed.path)
        except OSError:
            sock.close()
            raise
        return sock
    if parsed.scheme in ("tcp", "http") and parsed.hostname:
        return socket.create_connection((parsed.hostname, parsed.port or 2375), timeout=timeout)
    raise OSError(f"unsupported DOCKER_HOST {host!r}")


@dataclass
class DockerNeo4j:
    """A Neo4j container started for a test session."""

    uri: str
    password: str
    container: Any

    def stop(self) -> None:
        self.container.stop()


def start_container(image: str) -> DockerNeo4j:
    """Start Neo4j + GDS with testcontainers and wait until Bolt answers.

    Raises:
        ServerStartFailed: the container did not come up.
    """
    from testcontainers.community.neo4j import Neo4jContainer

    password = generate_password()
    container = Neo4jContainer(image, password=password)
    for key, value in _GDS_ENVIRONMENT.items():
        container.with_env(key, value)
    try:
        container.start()
    except Exception as exc:
        raise ServerStartFailed(f"the Docker container {image} failed: {exc}", None) from exc
    return DockerNeo4j(uri=container.get_connection_url(), password=password, container=container)


def compose(project_dir: Path, *arguments: str) -> None:
    """Run ``docker compose`` with the repository's ``docker-compose.yml``.

    Raises:
        ToolMissing: no docker client.
        ServerStartFailed: compose exited with an error.
    """
    docker_cli = shutil.which("docker")
    if docker_cli is None:
        raise ToolMissing("The docker command is not installed.")
    command = [docker_cli, "compose", "-f", str(project_dir / "docker-compose.yml"), *arguments]
    completed = subprocess.run(command, check=False)
    if completed.returncode != 0:
        raise ServerStartFailed(
            f"`{' '.join(command)}` exited with {completed.returncode}",
            None,
        )
