"""``personagraph personas …``: review archetypes, show a persona, list archetype
migration paths, match a request."""

from __future__ import annotations

import json

import typer
from rich.table import Table

from personagraph.admin.migration_paths import migration_paths, path_query
from personagraph.admin.review_queue import review_queue
from personagraph.cli.output import console, errors, friendly_errors
from personagraph.embedding import default_embedder
from personagraph.matching import PERSONA_KINDS, TOP_K, match_personas
from personagraph.neo4j_local.provision import resolve_connection
from personagraph.settings import get_settings
from personagraph.store import Store

app = typer.Typer(help="Inspect personas.")


@app.command()
def review(
    limit: int = typer.Option(50, min=1, help="Show at most this many personas."),
) -> None:
    """List the personas whose archetype a person should decide, the ones that matter most
    first (mismatches, then the least confident, then those more opportunities reach),
    each with the reason it is there."""
    with friendly_errors(), Store.open(resolve_connection(get_settings())) as store:
        page = review_queue(store, limit=limit)
    table = Table("persona", "declared", "inferred", "confidence", "opportunities", "why")
    for item in page.items:
        table.add_row(
            item.id,
            item.declared,
            item.inferred,
            "" if item.confidence is None else f"{item.confidence:.2f}",
            str(item.opportunities),
            item.reason,
        )
    console.print(table)
    console.print(f"{page.total} personas need review; showing {len(page.items)}")


@app.command()
def show(
    persona_id: str = typer.Argument(..., help="The persona's id, e.g. medical-director-skeptic."),
) -> None:
    """Show a persona's version, state, and declared and inferred archetypes."""
    with friendly_errors(), Store.open(resolve_connection(get_settings())) as store:
        rows = store.read("read/persona_versions", ids=[persona_id])
        links = store.read("read/persona_archetypes", id=persona_id)
    if not rows:
        errors.print(
            f"[bold red]error:[/bold red] no persona with id {persona_id!r}", soft_wrap=True
        )
        raise typer.Exit(code=1)
    row = rows[0]
    state = "active" if row["is_active"] else "inactive"
    console.print(
        f"[bold]{row['id']}[/bold] — {row['tagline']} (version {row['version']}, {state})"
    )
    table = Table("archetype", "declared", "inferred", "confidence", "overridden")
    for link in links:
        confidence = "" if link["confidence"] is None else f"{link['confidence']:.2f}"
        table.add_row(
            link["archetype"],
            "yes" if link["declared"] else "",
            "yes" if link["inferred"] else "",
            confidence,
            "yes" if link["overridden"] else "",
        )
    console.print(table)


@app.command()
def migrations(
    start: str = typer.Option(None, "--from", help="First day, YYYY-MM-DD (included)."),
    end: str = typer.Option(None, "--to", help="Last day, YYYY-MM-DD (included)."),
    function: str = typer.Option(None, "--function", help="Only this function, e.g. SALES."),
    kind: str = typer.Option(None, "--kind", help="inferred or override."),
    from_archetype: str = typer.Option(None, "--from-archetype", help="e.g. LEARNER."),
    to_archetype: str = typer.Option(None, "--to-archetype", help="e.g. AUTOMATOR."),
) -> None:
    """Which archetype migration paths happened, how often, and in which functions:
    overrides by a person, and re-inferences that moved personas after their attributes
    changed."""
    with friendly_errors():
        query = path_query(start, end, function, kind, from_archetype, to_archetype)
        with Store.open(resolve_connection(get_settings())) as store:
            paths = migration_paths(store, query)
    table = Table("from", "to", "kind", "migrations", "functions", "first", "last")
    for path in paths:
        table.add_row(
            path.from_archetype or "(none)",
            path.to_archetype,
            path.kind,
            str(path.count),
            ", ".join(f"{f.key or '(none)'} {f.count}" for f in path.functions),
            f"{path.first_at:%Y-%m-%d %H:%M}",
            f"{path.last_at:%Y-%m-%d %H:%M}",
        )
    console.print(table)
    console.print(f"{sum(p.count for p in paths)} migrations on {len(paths)} paths")


@app.command()
def match(
    text: str = typer.Argument(..., help="The request, in words."),
    kind: str | None = typer.Option(None, help=f"Only personas of this kind: {PERSONA_KINDS}."),
    top: int = typer.Option(TOP_K, min=1, max=100, help="How many personas."),
    as_json_output: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """The personas whose characteristics are closest to a request, with their scores."""
    settings = get_settings()
    with friendly_errors(), Store.open(resolve_connection(settings)) as store:
        matches = match_personas(
            store, default_embedder(), text, top, kind, max_chars=settings.max_query_chars
        )
    if as_json_output:
        rows = [{"id": m.id, "name": m.name, "score": m.score} for m in matches]
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    table = Table("persona", "name", "kind", "score")
    for found in matches:
        table.add_row(found.id, found.name or "", found.kind or "", f"{found.score:.3f}")
    console.print(table)
