"""``personagraph neo4j start | stop | status | reset``: the database server."""

from __future__ import annotations

import shutil
from pathlib import Path

import typer
from rich.table import Table

from personagraph.cli.output import console, friendly_errors, report
from personagraph.errors import PersonagraphError
from personagraph.neo4j_local import docker
from personagraph.neo4j_local.distribution import distribution_for
from personagraph.neo4j_local.local_server import LocalServer, ServerOptions
from personagraph.neo4j_local.provision import (
    Provisioned,
    choose_source,
    provision_external,
    provision_local,
    resolve_connection,
)
from personagraph.settings import Settings, get_settings
from personagraph.store import Store, probe

app = typer.Typer(help="Start, stop and inspect the Neo4j + GDS server personagraph uses.")
REPOSITORY = Path(__file__).resolve().parents[3]


def start_server(settings: Settings) -> Provisioned:
    """Provision a server as the settings say (shared with ``personagraph up``)."""
    source = choose_source(settings)
    if source == "external":
        return provision_external(settings)
    if source == "docker":
        report("Docker answers: starting the neo4j service of docker-compose.yml")
        docker.compose(REPOSITORY, "up", "--detach", "--wait", "neo4j")
        spec = resolve_connection(settings)
        with Store.open(spec) as store:
            return Provisioned(spec=spec, source="docker", info=probe(store))
    return provision_local(settings, report)


@app.command()
def start() -> None:
    """Start Neo4j 5.26 + GDS 2.13 (or reuse the running one) and wait until it is ready.

    Uses NEO4J_URI when set, else Docker when an engine answers, else a local
    server assembled once from Maven Central and cached.
    """
    settings = get_settings()
    with friendly_errors():
        provisioned = start_server(settings)
    console.print(
        f"[green]ready[/green] Neo4j {provisioned.info.neo4j_version} + "
        f"GDS {provisioned.info.gds_version} at {provisioned.spec.uri} ({provisioned.source})"
    )


@app.command()
def stop() -> None:
    """Stop the local server, or the Docker Compose neo4j service (an external server
    named by NEO4J_URI is left alone)."""
    settings = get_settings()
    with friendly_errors():
        if choose_source(settings) == "docker":
            docker.compose(REPOSITORY, "stop", "neo4j")
            return
        server = _local(settings)
        stopped = server.stop()
    console.print("stopped" if stopped else f"not running ({settings.instance_dir})")


@app.command()
def status(
    show_password: bool = typer.Option(
        False, "--show-password", help="Print the local server's password (hidden by default)."
    ),
) -> None:
    """Show where the server is, its versions, data folder, log, and whether it runs."""
    settings = get_settings()
    table = Table(show_header=False, box=None)
    source = choose_source(settings)
    table.add_row("source", source)
    if source == "local":
        state = _local(settings).state()
        table.add_row("instance", settings.instance)
        table.add_row("data directory", str(settings.instance_dir / "data"))
        table.add_row("log", str(settings.instance_dir / "logs" / "console.log"))
        if state is not None:
            table.add_row("uri", state.uri)
            table.add_row("user", state.user)
            password = state.password if show_password else "(hidden; --show-password prints it)"
            table.add_row("password", password)
    running, versions = _probe(settings)
    table.add_row("running", "[green]yes[/green]" if running else "[red]no[/red]")
    if versions:
        table.add_row("versions", versions)
    console.print(table)


@app.command()
def reset(yes: bool = typer.Option(False, "--yes", help="Do not ask for confirmation.")) -> None:
    """Stop the local server and delete its data directory (a fresh, empty database)."""
    settings = get_settings()
    if not yes:
        typer.confirm(f"Delete every database in {settings.instance_dir}?", abort=True)
    with friendly_errors():
        _local(settings).stop()
    shutil.rmtree(settings.instance_dir, ignore_errors=True)
    console.print(f"removed {settings.instance_dir}")


def _local(settings: Settings) -> LocalServer:
    dist = distribution_for(settings.cache_dir, settings.neo4j_version, settings.gds_version)
    return LocalServer(dist, ServerOptions(instance_dir=settings.instance_dir))


def _probe(settings: Settings) -> tuple[bool, str | None]:
    try:
        spec = resolve_connection(settings)
        with Store.open(spec) as store:
            info = probe(store)
    except PersonagraphError:
        return False, None
    return True, f"Neo4j {info.neo4j_version} ({info.edition}), GDS {info.gds_version}"
