"""``personagraph export``: the graph as normalized tables in SQLite, Parquet, CSV or PostgreSQL."""

from __future__ import annotations

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn

from personagraph.cli.output import console, friendly_errors
from personagraph.export.mapping import Target
from personagraph.export.run import DEFAULT_PG_SCHEMA, ExportRequest, ExportResult, run_export
from personagraph.neo4j_local.provision import resolve_connection
from personagraph.settings import get_settings
from personagraph.store import Store


class _Bar:
    """One progress bar over every row of the export."""

    def __init__(self, progress: Progress) -> None:
        self._progress = progress
        self._task: TaskID | None = None

    def tables(self, totals: dict[str, int | None]) -> None:
        total = sum(count or 0 for count in totals.values())
        if self._task is None:
            self._task = self._progress.add_task("exporting", total=total or None, table="")
        else:  # a table ended with another count than expected: the bar stays exact
            self._progress.update(self._task, total=total or None)

    def rows(self, table: str, count: int) -> None:
        if self._task is not None:
            self._progress.update(self._task, advance=count, table=table)


def export(
    format: Target = typer.Option(..., "--format", case_sensitive=False, help="Target kind."),
    to: str = typer.Option(
        ..., "--to", help="SQLite file, Parquet or CSV folder, or PostgreSQL DSN."
    ),
    function: str = typer.Option(
        None, "--function", help="Only this business function (e.g. SALES) and its personas."
    ),
    only: str = typer.Option(
        None, "--only", help="Only these tables, comma-separated (e.g. personas,jtbds)."
    ),
    pg_schema: str = typer.Option(
        DEFAULT_PG_SCHEMA, "--pg-schema", help="PostgreSQL schema to create or replace."
    ),
) -> None:
    """Write the graph as normalized tables: one per entity, one per relationship type.

    The graph is read in one read transaction and streamed in batches; the target is
    written beside its final place and moved there only when complete (PostgreSQL: one
    transaction), so a failed export leaves it as it was.
    """
    tables = tuple(name.strip() for name in only.split(",") if name.strip()) if only else ()
    request = ExportRequest(Target(format), to, function=function, only=tables, pg_schema=pg_schema)
    columns = (
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[table]}"),
    )
    with friendly_errors():
        spec = resolve_connection(get_settings())
        with Store.open(spec) as store, Progress(*columns, console=console) as progress:
            result = run_export(store, request, _Bar(progress))
    _summary(result)


def _summary(result: ExportResult) -> None:
    tables = sum(1 for count in result.rows.values() if count)
    console.print(
        f"[bold green]exported[/bold green] {result.total_rows:,} rows in {len(result.rows)} "
        f"tables ({tables} non-empty) to {result.request.to} in {result.seconds:.1f} s"
    )
    for table, count in sorted(result.unexported.items()):
        console.print(
            f"[yellow]left out[/yellow] {count} rows of {table}'s relationship: they link "
            'personas of a kind it has no table for (docs/relational-export.md, "Personas")'
        )
    for table, count in sorted(result.dropped.items()):
        console.print(
            f"[yellow]left out[/yellow] {count} rows of {table}: an end was not exported "
            "(written to the graph while the export read it?)"
        )
