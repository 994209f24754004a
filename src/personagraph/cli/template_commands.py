"""``personagraph templates list | show``: the templates personas are made from."""

from __future__ import annotations

import json

import typer
from rich.table import Table

from personagraph.cli.assistant_commands import with_store
from personagraph.cli.output import console, errors, friendly_errors

app = typer.Typer(help="List and show persona templates (loaded with the catalog).")


@app.command(name="list")
def list_templates(
    category: str | None = typer.Option(None, help="Only this category (e.g. therapy)."),
    specialty: str | None = typer.Option(None, help="Only this specialty."),
    tag: str | None = typer.Option(None, help="Only templates with this tag."),
    kind: str | None = typer.Option(None, help="assistant or workforce."),
) -> None:
    """Active templates, by name."""
    with friendly_errors():
        rows = with_store(
            lambda s: s.read(
                "read/templates/list", category=category, specialty=specialty, tag=tag, kind=kind
            )
        )
    table = Table("key", "kind", "name", "specialty", "category", "tags")
    for row in rows:
        table.add_row(
            row["key"],
            row["kind"],
            f"{row['icon'] or ''} {row['name']}".strip(),
            row["specialty"] or "",
            row["category"] or "",
            ", ".join(row["tags"] or []),
        )
    console.print(table)
    console.print(f"{len(rows)} templates")


@app.command()
def show(key: str = typer.Argument(..., help="The template's key, e.g. cbt-therapist.")) -> None:
    """One template: its card, prompt and default settings."""
    with friendly_errors():
        rows = with_store(lambda s: s.read("read/templates/for_create", key=key))
    if not rows:
        errors.print(f"[bold red]error:[/bold red] no template {key!r}", soft_wrap=True)
        raise typer.Exit(code=1)
    props = rows[0]["props"]
    state = "" if props.get("is_active", True) else " (retired)"
    console.print(
        f"[bold]{props.get('icon', '')} {props['name']}[/bold]{state} — {props.get('specialty')}"
    )
    for field in (
        "description",
        "best_for",
        "prompt_template",
        "context",
        "response_format",
        "role",
    ):
        if props.get(field):
            console.print(f"[dim]{field}:[/dim] {props[field]}")
    for field in ("tags", "key_features", "expertise"):
        if props.get(field):
            console.print(f"[dim]{field}:[/dim] {', '.join(props[field])}")
    if props.get("default_settings"):
        console.print(f"[dim]default_settings:[/dim] {json.loads(props['default_settings'])}")
    if props.get("blueprints"):
        console.print(
            f"[dim]archetypes:[/dim] {', '.join(sorted(json.loads(props['blueprints'])))}"
        )
