"""``personagraph apikey``: create, list and revoke the API keys the service accepts."""

from __future__ import annotations

import typer
from rich.table import Table

from personagraph.api.api_keys import create_key, list_keys, revoke_key
from personagraph.api.graphql.runtime.context import Role
from personagraph.cli.output import console, errors, friendly_errors
from personagraph.neo4j_local.provision import resolve_connection
from personagraph.settings import get_settings
from personagraph.store import Store

app = typer.Typer(help="Manage API keys (reader, editor, admin).", no_args_is_help=True)


@app.command()
def create(
    role: Role = typer.Option(..., help="What the key may do: reader, editor or admin."),
    name: str = typer.Option(..., help="Who or what uses the key (shown in audit events)."),
) -> None:
    """Create a key and print it once: it is stored only as a hash."""
    with friendly_errors(), Store.open(resolve_connection(get_settings())) as store:
        key = create_key(store, name, role)
    console.print(f"API key [bold]{key.name}[/bold] ({key.role.value}), id {key.id}:")
    # Plain print: the key must be copyable as one line, whatever the terminal width.
    print(key.secret)
    console.print("It is shown only this once. Send it as `Authorization: Bearer <key>`.")


@app.command("list")
def list_() -> None:
    """List keys (never their secrets)."""
    with friendly_errors(), Store.open(resolve_connection(get_settings())) as store:
        rows = list_keys(store)
    table = Table("id", "name", "role", "created", "state")
    for row in rows:
        state = "revoked" if row["revoked"] else "active"
        table.add_row(
            str(row["id"]), str(row["name"]), str(row["role"]), str(row["created_at"]), state
        )
    console.print(table)


@app.command()
def revoke(key: str = typer.Argument(..., help="The key's id or name.")) -> None:
    """Revoke a key; the service stops accepting it within a minute."""
    with friendly_errors(), Store.open(resolve_connection(get_settings())) as store:
        names = revoke_key(store, key)
    if not names:
        errors.print(f"[bold red]error:[/bold red] no API key with id or name {key!r}")
        raise typer.Exit(code=1)
    console.print(f"revoked: {', '.join(names)}")
