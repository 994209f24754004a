"""``personagraph db migrate | status``: the database schema."""

from __future__ import annotations

import typer
from rich.table import Table

from personagraph.cli.output import console, friendly_errors
from personagraph.neo4j_local.provision import resolve_connection
from personagraph.settings import get_settings
from personagraph.store import Store, migrations
from personagraph.store.fingerprint import fingerprint
from personagraph.store.wipe import wipe as wipe_database

app = typer.Typer(help="Apply and inspect schema migrations (cypher/schema/NNN_name.cypher).")


@app.command()
def migrate() -> None:
    """Apply pending schema migrations in order; applied ones are skipped."""
    with friendly_errors(), Store.open(resolve_connection(get_settings())) as store:
        applied = migrations.migrate(store)
    if applied:
        for migration_id in applied:
            console.print(f"[green]applied[/green] {migration_id}")
    else:
        console.print("nothing to apply: the schema is up to date")


@app.command()
def status() -> None:
    """List applied and pending migrations."""
    with friendly_errors(), Store.open(resolve_connection(get_settings())) as store:
        rows = migrations.status(store)
    table = Table("migration", "state", "applied at")
    for row in rows:
        state = "[yellow]pending[/yellow]" if row.pending else "[green]applied[/green]"
        applied_at = row.applied_at.isoformat(timespec="seconds") if row.applied_at else ""
        table.add_row(row.id, state, applied_at)
    console.print(table)
    pending = sum(row.pending for row in rows)
    console.print(f"{len(rows) - pending} applied, {pending} pending")


@app.command()
def wipe(yes: bool = typer.Option(False, "--yes", help="Do not ask for confirmation.")) -> None:
    """Delete ALL data, constraints, indexes and GDS projections of the database."""
    spec = resolve_connection(get_settings())
    if not yes:
        typer.confirm(f"Delete everything in database {spec.database!r} at {spec.uri}?", abort=True)
    with friendly_errors(), Store.open(spec) as store:
        report = wipe_database(store)
    console.print(
        f"wiped: all nodes, {report.constraints} constraints, {report.indexes} indexes, "
        f"{report.gds_graphs} GDS projections"
    )


@app.command(name="fingerprint")
def fingerprint_command() -> None:
    """Print a digest of the whole graph and its counts per label and type.

    Two graphs with the same digest hold the same nodes, relationships and properties.
    """
    with friendly_errors(), Store.open(resolve_connection(get_settings())) as store:
        result = fingerprint(store)
    table = Table("label / type", "count")
    for name, count in sorted({**result.labels, **result.types}.items()):
        table.add_row(name, str(count))
    console.print(table)
    console.print(f"digest {result.digest}")
