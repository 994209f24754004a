"""Choosing and starting a Neo4j + GDS server: external, Docker, or local.

The order, for ``provisioner = auto``: a server named by ``NEO4J_URI``; a Docker
engine when one answers; otherwise a local server assembled from Maven Central.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Literal

from personagraph.errors import ConfigurationError
from personagraph.neo4j_local.distribution import Reporter, ensure_apoc, ensure_distribution
from personagraph.neo4j_local.docker import docker_engine_answers, start_container
from personagraph.neo4j_local.instance import process_alive, read_state
from personagraph.neo4j_local.local_server import LocalServer, ServerOptions, wait_until_ready
from personagraph.settings import Settings
from personagraph.store import ServerInfo
from personagraph.store.address import Locate
from personagraph.store.connection import ConnectionSpec

Source = Literal["external", "docker", "local"]
COMPOSE_BOLT_URI = "bolt://127.0.0.1:7687"
COMPOSE_DEFAULT_PASSWORD = "personagraph-dev"


@dataclass
class Provisioned:
    """A ready server: how to reach it, what it runs, and how to let it go."""

    spec: ConnectionSpec
    source: Source
    info: ServerInfo
    data_dir: Path | None = None
    log_path: Path | None = None
    release: Callable[[], None] = field(default=lambda: None)


def choose_source(settings: Settings) -> Source:
    """Which kind of server to use (see the module docstring for the order)."""
    if settings.provisioner != "auto":
        return settings.provisioner
    if settings.neo4j_uri:
        return "external"
    if docker_engine_answers():
        return "docker"
    return "local"


def local_server(
    settings: Settings,
    report: Reporter,
    instance_dir: Path | None = None,
    *,
    apoc: bool | None = None,
) -> LocalServer:
    """The local server of ``settings`` (its distribution built if needed).

    ``apoc`` adds APOC core to its plugins (None: ``settings.neo4j_apoc``).
    """
    dist = ensure_distribution(
        settings.cache_dir, settings.neo4j_version, settings.gds_version, report
    )
    apoc = settings.neo4j_apoc if apoc is None else apoc
    options = ServerOptions(
        instance_dir=instance_dir or settings.instance_dir,
        heap=settings.neo4j_heap,
        pagecache=settings.neo4j_pagecache,
        start_timeout=settings.neo4j_start_timeout,
        apoc_dir=ensure_apoc(settings.cache_dir, settings.apoc_version, dist, report)
        if apoc
        else None,
    )
    return LocalServer(dist, options)


def external_spec(settings: Settings) -> ConnectionSpec:
    """The connection named by ``NEO4J_URI`` and friends."""
    if not settings.neo4j_uri:
        raise ConfigurationError(
            "PERSONAGRAPH_PROVISIONER is 'external' but NEO4J_URI is not set. "
            "Set NEO4J_URI (e.g. bolt://localhost:7687) and NEO4J_PASSWORD."
        )
    return _spec(settings, settings.neo4j_uri, settings.neo4j_password)


def provision_external(settings: Settings) -> Provisioned:
    """Check the server named by ``NEO4J_URI`` is ready with GDS 2.13.

    Raises:
        ServerStartFailed: it does not answer or lacks GDS 2.13.
    """
    spec = external_spec(settings)
    info = wait_until_ready(
        spec, timeout=settings.connection_timeout * 3, alive=lambda: True, log_path=None
    )
    return Provisioned(spec=spec, source="external", info=info)


def provision_local(
    settings: Settings,
    report: Reporter,
    instance_dir: Path | None = None,
    *,
    keep: bool = True,
    apoc: bool | None = None,
) -> Provisioned:
    """Start (or reuse) a local server; ``keep=False`` stops it on ``release``.

    ``apoc`` adds APOC core to its plugins (None: ``settings.neo4j_apoc``); a server
    already running keeps the plugins it was started with.
    """
    server = local_server(settings, report, instance_dir, apoc=apoc)
    state, info = server.start(report)
    spec = _spec(settings, state.uri, state.password, user=state.user)
    release: Callable[[], None] = (lambda: None) if keep else (lambda: _stop(server))

    return Provisioned(
        spec=spec,
        source="local",
        info=info,
        data_dir=state.data_dir,
        log_path=state.log_path,
        release=release,
    )


def provision_test_container(settings: Settings) -> Provisioned:
    """A throwaway Neo4j + GDS container for one test session."""
    container = start_container(settings.docker_image)
    spec = _spec(settings, container.uri, container.password)
    try:
        info = wait_until_ready(
            spec, timeout=settings.neo4j_start_timeout, alive=lambda: True, log_path=None
        )
    except BaseException:
        container.stop()
        raise
    return Provisioned(spec=spec, source="docker", info=info, release=container.stop)


def resolve_connection(settings: Settings) -> ConnectionSpec:
    """How commands such as ``db migrate`` reach the database already provisioned.

    Raises:
        ConfigurationError: no server is configured or running.
    """
    if settings.neo4j_uri:
        return external_spec(settings)
    state = read_state(settings.instance_dir)
    if state is not None and process_alive(state.pid, state.instance_dir):
        return _spec(settings, state.uri, state.password, user=state.user)
    if settings.provisioner == "docker" or (
        settings.provisioner == "auto" and docker_engine_answers()
    ):
        password = settings.neo4j_password or COMPOSE_DEFAULT_PASSWORD
        return _spec(settings, COMPOSE_BOLT_URI, password)
    raise ConfigurationError(
        f"No Neo4j to connect to: NEO4J_URI is not set and the local instance "
        f"{settings.instance!r} ({settings.instance_dir}) is not running. "
        "Start it with `personagraph neo4j start`, or set NEO4J_URI."
    )


def follow_local_instance(settings: Settings, spec: ConnectionSpec) -> Locate | None:
    """How a long-running process finds the local instance again after it restarted.

    Returns:
        A function reading the address the instance recorded last (see
        :mod:`personagraph.store.address`), when ``spec`` is that instance's; None
        for a server whose address does not change (``NEO4J_URI``, Docker Compose).
    """
    state = read_state(settings.instance_dir)
    if settings.neo4j_uri or state is None or state.uri != spec.uri:
        return None
    return partial(recorded_spec, settings)


def recorded_spec(settings: Settings) -> ConnectionSpec | None:
    """The address ``instance.json`` records (None while it is missing or being replaced)."""
    try:
        state = read_state(settings.instance_dir)
    except (OSError, ValueError, TypeError):
        return None
    if state is None:
        return None
    return _spec(settings, state.uri, state.password, user=state.user)


def _spec(
    settings: Settings, uri: str, password: str | None, user: str | None = None
) -> ConnectionSpec:
    return ConnectionSpec(
        uri=uri,
        user=user or settings.neo4j_user,
        password=password,
        database=settings.neo4j_database,
        connection_timeout=settings.connection_timeout,
        transaction_retry_seconds=settings.transaction_retry_seconds,
    )


def _stop(server: LocalServer) -> None:
    server.stop()
