"""``personagraph personas …``: review archetypes, show a persona, match a request."""

from __future__ import annotations

import json

import typer
from rich.table import Table

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
    """List active personas that need review (low confidence) or whose declared and
    inferred archetypes differ, least confident first."""
    with friendly_errors(), Store.open(resolve_connection(get_settings())) as store:
        rows = store.read("read/domain/review_queue", limit=limit, offset=0)
        total = store.read("read/persona_review_count")[0]["total"]
    table = Table("persona", "declared", "inferred", "confidence", "complexity", "maturity", "why")
    for row in rows:
        reasons = [
            reason
            for reason, flagged in (
                ("mismatch", row["mismatch"]),
                ("low confidence", row["low_confidence"]),
            )
            if flagged
        ]
        table.add_row(
            row["id"],
            row["declared"],
            row["inferred"],
            f"{row['confidence']:.2f}",
            f"{row['work_complexity']:g}",
            f"{row['ai_maturity']:g}",
            ", ".join(reasons),
        )
    console.print(table)
    console.print(f"{total} personas need review; showing {len(rows)}")


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
