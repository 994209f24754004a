"""The ``personagraph`` command line."""

from __future__ import annotations

import os
from pathlib import Path

import typer

from personagraph import __version__
from personagraph.cli import (
    analyze_commands,
    analyze_patterns,
    apikey_commands,
    assign_commands,
    assistant_commands,
    cache_commands,
    db_commands,
    docs_commands,
    export_commands,
    metrics_commands,
    neo4j_commands,
    persona_commands,
    route_commands,
    schema_command,
    seed_commands,
    serve_command,
    spark_commands,
    template_commands,
)
from personagraph.cli.output import console, friendly_errors
from personagraph.neo4j_local.provision import resolve_connection
from personagraph.seeding import pipeline
from personagraph.settings import get_settings
from personagraph.store import Store, migrations

app = typer.Typer(
    name="personagraph",
    help="A graph-first persona knowledge service on Neo4j + Graph Data Science.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
app.add_typer(neo4j_commands.app, name="neo4j")
app.add_typer(db_commands.app, name="db")
app.add_typer(seed_commands.app, name="seed")
assistant_commands.register(persona_commands.app)
app.add_typer(persona_commands.app, name="personas")
app.add_typer(docs_commands.app, name="docs")
app.add_typer(template_commands.app, name="templates")
app.add_typer(metrics_commands.app, name="metrics")
app.add_typer(cache_commands.app, name="cache")
analyze_patterns.register(analyze_commands.app)
app.add_typer(analyze_commands.app, name="analyze")
app.add_typer(apikey_commands.app, name="apikey")
app.add_typer(route_commands.app, name="route")
app.add_typer(spark_commands.app, name="spark")
app.command()(serve_command.serve)
app.command()(schema_command.schema)
assign_commands.register(app)
app.command()(export_commands.export)


def _version(value: bool) -> None:
    if value:
        console.print(f"personagraph {__version__}")
        raise typer.Exit


@app.callback()
def root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    """A graph-first persona knowledge service on Neo4j + Graph Data Science."""


@app.command()
def up(
    catalog: Path = typer.Option(Path("seeds"), help="The persona catalog to load."),
    serve: bool = typer.Option(True, "--serve/--no-serve", help="Serve the API once ready."),
) -> None:
    """Set everything up and run: start Neo4j + GDS, migrate, load the catalog, serve the API."""
    settings = get_settings()
    with friendly_errors():
        prepared = pipeline.prepare(catalog)
        provisioned = neo4j_commands.start_server(settings)
        with Store.open(resolve_connection(settings)) as store:
            applied = migrations.migrate(store)
            console.print(f"migrations applied: {len(applied)} (the rest were already in place)")
            report = pipeline.load(store, prepared)
    seed_commands.print_report(report)
    console.print(
        f"[bold green]personagraph is ready[/bold green]: Neo4j {provisioned.info.neo4j_version} "
        f"+ GDS {provisioned.info.gds_version} at {provisioned.spec.uri}"
    )
    if serve:
        # Local development: reads without a key and GraphiQL, unless configured otherwise.
        given = os.environ.keys()
        development = settings.model_copy(
            update={
                "anonymous_reads": settings.anonymous_reads
                or "PERSONAGRAPH_ANONYMOUS_READS" not in given,
                "graphiql": settings.graphiql or "PERSONAGRAPH_GRAPHIQL" not in given,
            }
        )
        serve_command.serve_forever(
            development, development.host, development.port, development.graphiql
        )


def main() -> None:
    """Entry point of the ``personagraph`` console script."""
    app()
