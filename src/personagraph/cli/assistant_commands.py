"""``personagraph personas new | duplicate | delete | favourite | categories | history |
restore | import | export``: the assistant persona lifecycle from the command line.

Every change goes through the same functions as the GraphQL mutations (one transaction,
an audit event, a version in the history, the serving caches told); the actor recorded
is ``cli:<user>``.
"""

from __future__ import annotations

import getpass
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import typer
from rich.table import Table

from personagraph.admin import definitions, favourites, history, persona_edits, restore, templates
from personagraph.admin.changes import Actor
from personagraph.cli.output import console, friendly_errors
from personagraph.errors import ValidationFailed
from personagraph.model.archetype import Archetype
from personagraph.model.persona_edits import FromTemplate, NewAssistant, NewPersonaId, parse
from personagraph.neo4j_local.provision import resolve_connection
from personagraph.settings import get_settings
from personagraph.store import Store
from personagraph.store.connection import Transaction

T = TypeVar("T")


def actor() -> Actor:
    """Who the command line acts as."""
    return Actor(f"cli:{getpass.getuser()}")


def with_store(work: Callable[[Store], T]) -> T:
    with Store.open(resolve_connection(get_settings())) as store:
        return work(store)


def register(app: typer.Typer) -> None:
    """Add this module's commands to the ``personas`` group."""
    for command in (
        new,
        duplicate,
        delete,
        favourite,
        categories,
        history_command,
        restore_command,
        import_command,
        export_command,
    ):
        app.command(name=_NAMES.get(command.__name__, command.__name__))(command)


_NAMES = {
    "history_command": "history",
    "restore_command": "restore",
    "import_command": "import",
    "export_command": "export",
}


def new(
    persona_id: str = typer.Option(..., "--id", help="The new persona's id (a slug)."),
    template: str | None = typer.Option(
        None, "--template", help="Start from this template (see `personagraph templates list`)."
    ),
    name: str | None = typer.Option(None, help="Display name (default: the template's)."),
    archetype: Archetype | None = typer.Option(
        None, help="Workforce templates: which archetype of the role."
    ),
    system_prompt: str | None = typer.Option(None, help="Replaces the template's prompt."),
    context: str | None = typer.Option(None, help="Background context."),
    description: str | None = typer.Option(None),
    category: str | None = typer.Option(None),
    specialty: str | None = typer.Option(None),
    icon: str | None = typer.Option(None),
    tag: list[str] = typer.Option([], help="A tag (repeat for several); replaces the template's."),
    expertise: list[str] = typer.Option([], help="An area of expertise (repeatable)."),
    setting: list[str] = typer.Option(
        [], help="A model setting as KEY=VALUE (repeatable), e.g. temperature=0.6."
    ),
) -> None:
    """Make a persona from a template, or an assistant persona from scratch (no --template:
    --name and --system-prompt are then needed)."""
    with friendly_errors():
        fields: dict[str, Any] = {
            "id": persona_id,
            "name": name,
            "system_prompt": system_prompt,
            "context": context,
            "description": description,
            "category": category,
            "specialty": specialty,
            "icon": icon,
            "tags": tag or None,
            "expertise": expertise or None,
            "settings": _settings(setting),
        }
        given = {k: v for k, v in fields.items() if v is not None}
        if template is not None:
            wanted = parse(FromTemplate, {**given, "archetype": archetype}, "option")
            made = with_store(
                lambda s: templates.create_from_template(s, template, wanted, actor())
            )
        else:
            assistant = parse(NewAssistant, given, "option")
            made = with_store(lambda s: templates.create_assistant(s, assistant, actor()))
    console.print(f"created [bold]{made}[/bold]" + (f" from {template}" if template else ""))


def duplicate(
    source: str = typer.Argument(..., help="The persona to copy."),
    new_id: str = typer.Argument(..., help="The copy's id (a slug)."),
    name: str | None = typer.Option(None, help="The copy's name (default: '<name> (copy)')."),
) -> None:
    """Copy a persona (an assistant or a workforce one) with its links, as origin: duplicate."""
    with friendly_errors():
        copy_id = parse(NewPersonaId, {"id": new_id}, "new_id").id
        made = with_store(
            lambda s: persona_edits.duplicate_persona(s, source, copy_id, name, actor())
        )
    console.print(f"created [bold]{made}[/bold] from {source}")


def delete(
    persona_id: str = typer.Argument(...),
    version: int = typer.Option(..., help="The version you read (`personas show`)."),
) -> None:
    """Soft-delete a persona (it stays, inactive); default personas cannot be deleted."""
    with friendly_errors():
        with_store(lambda s: persona_edits.delete_persona(s, persona_id, version, actor()))
    console.print(f"deleted {persona_id} (version {version + 1}, inactive)")


def favourite(
    persona_id: str = typer.Argument(...),
    off: bool = typer.Option(False, "--off", help="Unmark it instead."),
) -> None:
    """Mark a persona as a favourite (or unmark it with --off)."""
    with friendly_errors():
        with_store(lambda s: favourites.set_favourite(s, persona_id, not off, actor()))
    console.print(f"{persona_id} is {'no longer ' if off else ''}a favourite")


def categories(kind: str = typer.Option("assistant", help="Which kind of persona.")) -> None:
    """Active personas per category and per specialty, with counts."""
    with friendly_errors():
        by_category, by_specialty = with_store(
            lambda s: (
                s.read("read/assistants/categories", kind=kind),
                s.read("read/assistants/specialties", kind=kind),
            )
        )
    for title, rows, field in (
        ("category", by_category, "category"),
        ("specialty", by_specialty, "specialty"),
    ):
        table = Table(title, "personas")
        for row in rows:
            table.add_row(row[field] or "(none)", str(row["count"]))
        console.print(table)


def history_command(
    persona_id: str = typer.Argument(...),
    first: int = typer.Option(10, min=1, help="How many versions, newest first."),
) -> None:
    """A persona's versions: who changed which fields, from what to what."""

    def read(tx: Transaction) -> tuple[history.State, list[history.VersionRecord]]:
        state = history.states(tx, [persona_id]).get(persona_id)
        if state is None:
            raise ValidationFailed([f"id: no persona {persona_id!r}"])
        now = int(state["version"])
        return state, history.records(tx, persona_id, now, max(now - first + 1, 1))

    with friendly_errors():
        state, records = with_store(lambda s: s.transaction(read))
    table = Table("version", "when", "actor", "action", "field", "before", "after")
    for entry in history.entries(records, state):
        when = entry.changed_at.isoformat(timespec="seconds") if entry.changed_at else ""
        for i, change in enumerate(entry.changes or ()):
            lead = (str(entry.version), when, entry.actor, entry.action) if i == 0 else ("",) * 4
            table.add_row(*lead, change.field, _short(change.before), _short(change.after))
    console.print(table)


def restore_command(
    persona_id: str = typer.Argument(...),
    version: int = typer.Option(..., help="The version to bring back."),
    expected_version: int = typer.Option(..., help="The version the persona is at now."),
) -> None:
    """Give a persona the state of an earlier version, as a new version."""
    with friendly_errors():
        with_store(
            lambda s: restore.restore_version(s, persona_id, version, expected_version, actor())
        )
    console.print(f"restored {persona_id} to the state of version {version}")


def import_command(
    path: Path = typer.Argument(..., help="A definitions file (.json, .yaml or .yml)."),
    fmt: str | None = typer.Option(None, "--format", help="json or yaml (default: the suffix)."),
    retire: bool = typer.Option(
        True, "--retire/--keep", help="Retire imported personas the file no longer holds."
    ),
    dry_run: bool = typer.Option(False, help="Check and report, write nothing."),
) -> None:
    """Upsert assistant personas from a definitions file: checked whole first, then all
    of it in one transaction, or nothing."""
    with friendly_errors():
        found = definitions.read_file(path, definitions.format_of(path, fmt))
        report = with_store(
            lambda s: definitions.import_definitions(
                s, found, actor(), retire=retire, dry_run=dry_run
            )
        )
    table = Table("outcome", "personas", "ids")
    for outcome in ("created", "updated", "unchanged", "retired"):
        ids: list[str] = getattr(report, outcome)
        shown = ", ".join(ids[:8]) + (f", … ({len(ids) - 8} more)" if len(ids) > 8 else "")
        table.add_row(outcome, str(len(ids)), shown)
    console.print(table)
    if dry_run:
        console.print("dry run: nothing was written")


def export_command(
    to: Path = typer.Option(..., "--to", help="The file to write."),
    fmt: str | None = typer.Option(None, "--format", help="json or yaml (default: the suffix)."),
) -> None:
    """Write every active assistant persona to a definitions file (import it back: no change)."""
    with friendly_errors():
        chosen = definitions.format_of(to, fmt)
        result = with_store(definitions.export_definitions)
        to.write_text(result.text(chosen), encoding="utf-8")
    console.print(f"wrote {len(result.definitions)} personas to {to}")
    if result.skipped:
        console.print(f"left out (no system prompt): {', '.join(result.skipped)}")


def _settings(pairs: list[str]) -> dict[str, Any] | None:
    if not pairs:
        return None
    settings: dict[str, Any] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep:
            raise ValidationFailed([f"--setting: {pair!r} is not KEY=VALUE (e.g. temperature=0.6)"])
        try:
            settings[key.strip()] = json.loads(value)
        except json.JSONDecodeError:
            settings[key.strip()] = value
    return settings


def _short(value: Any) -> str:
    text = "" if value is None else str(value)
    return text if len(text) <= 60 else text[:57] + "..."
