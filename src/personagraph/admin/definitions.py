"""Importing and exporting assistant personas as a definitions file.

The graph is the one source of truth; the file is a way in and out of it. An import
upserts every persona of the file in **one** transaction, after the whole file passed
:func:`personagraph.model.definitions.parse_definitions`: each persona is created, updated
(a new version, its history kept), or left unchanged, and personas an earlier import
made that the file no longer holds are retired (``is_active: false``, never deleted).
Importing the same file twice changes nothing, and so does importing an export.

Every existing persona the import touches is locked first, in id order, so a
concurrent edit of one of them runs wholly before or after it, and the versions the
import records are the ones it really replaced.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from personagraph.admin import history
from personagraph.admin.changes import Actor, Change, record
from personagraph.errors import ConstraintViolation, EditConflict, ValidationFailed
from personagraph.model.definitions import (
    Definition,
    DefinitionsFormat,
    definition_of,
    parse_definitions,
    render_definitions,
)
from personagraph.regular_files import read_regular
from personagraph.settings import get_settings
from personagraph.store import Store
from personagraph.store.connection import Transaction

T = TypeVar("T")
BATCH = 1_000
LIMIT_SETTING = "PERSONAGRAPH_DEFINITIONS_MAX_FILE_BYTES"


@dataclass(frozen=True)
class ImportReport:
    """Persona ids by what the import did to them (all empty after a dry run's refusal)."""

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    retired: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.retired)


@dataclass(frozen=True)
class ExportResult:
    """The exported definitions, and assistant personas left out (no system prompt)."""

    definitions: list[Definition]
    skipped: list[str]

    def text(self, fmt: DefinitionsFormat) -> str:
        return render_definitions(self.definitions, fmt)


def format_of(path: Path, given: str | None = None) -> DefinitionsFormat:
    """The format ``given``, or the one ``path``'s suffix says.

    Raises:
        ValidationFailed: neither says json or yaml.
    """
    choice = (given or path.suffix.lstrip(".")).lower()
    if choice == "yml":
        choice = "yaml"
    if choice not in ("json", "yaml"):
        raise ValidationFailed(
            [
                f"format: {choice or path.name!r} is neither json nor yaml; name the file "
                ".json, .yaml or .yml, or pass --format"
            ]
        )
    return "json" if choice == "json" else "yaml"


def read_file(path: Path, fmt: DefinitionsFormat | None = None) -> list[Definition]:
    """The definitions in ``path`` (a regular file, up to the size setting), all checked.

    Raises:
        UnreadableFile: not a regular file, or over ``definitions_max_file_bytes``.
        ValidationFailed: every problem of the file.
    """
    limit = get_settings().definitions_max_file_bytes
    data = read_regular(path, limit, setting=LIMIT_SETTING)
    return parse_definitions(data, fmt or format_of(path), source=path.name)


def import_definitions(
    store: Store,
    definitions: Sequence[Definition],
    actor: Actor,
    *,
    retire: bool = True,
    dry_run: bool = False,
) -> ImportReport:
    """Upsert ``definitions`` (already checked) in one transaction.

    Args:
        retire: retire imported personas the definitions no longer hold.
        dry_run: work out and return the report, then roll everything back.

    Raises:
        ValidationFailed: the graph refuses a definition (an id held by a persona that is
            not an assistant, a default persona the file would retire); nothing is written.
        EditConflict: another writer created one of its personas meanwhile; nothing is
            written, and running it again updates or keeps them.
    """

    def work(tx: Transaction) -> ImportReport:
        report = _import(tx, definitions, actor, retire)
        if dry_run:
            raise _DryRun(report)
        return report

    try:
        return store.transaction(work)
    except _DryRun as done:
        return done.report
    except ConstraintViolation as exc:
        raise EditConflict(
            "a persona this import creates was created by another writer while it ran "
            f"(nothing was imported); run the import again ({exc})"
        ) from exc


class _DryRun(Exception):
    """Rolls a dry run's transaction back, carrying what it would have done."""

    def __init__(self, report: ImportReport) -> None:
        super().__init__("dry run")
        self.report = report


def _import(
    tx: Transaction, definitions: Sequence[Definition], actor: Actor, retire: bool
) -> ImportReport:
    given = {d.id: d.graph_properties() for d in definitions}
    leaving = (
        [r["id"] for r in tx.run("read/definitions/imported") if r["id"] not in given]
        if retire
        else []
    )
    tx.run("write/definitions/lock", ids=sorted({*given, *leaving}))
    rows = [{"id": persona_id, "props": props} for persona_id, props in sorted(given.items())]
    stored = {
        found["id"]: found
        for batch in _batches(rows)
        for found in tx.run("read/definitions/compare", rows=batch)
    }
    changing = sorted(i for i, found in stored.items() if _changes(found))
    before = history.states(tx, [*changing, *leaving])
    _refuse(stored, leaving, before)
    report = ImportReport(
        created=sorted(set(given) - set(stored)),
        updated=changing,
        unchanged=sorted(set(stored) - set(changing)),
        retired=list(leaving),
    )
    creates: list[dict[str, Any]] = [
        {"id": i, "props": {k: v for k, v in given[i].items() if v is not None}}
        for i in report.created
    ]
    updates = [{"id": i, "version": before[i]["version"], "props": given[i]} for i in changing]
    retiring = [{"id": i, "version": before[i]["version"]} for i in leaving]
    _write(tx, "write/definitions/create", creates, "created")
    _write(tx, "write/definitions/update", updates, "updated")
    _write(tx, "write/definitions/retire", retiring, "retired")
    changes = [Change("import", row["id"], None, _created(row["props"])) for row in creates]
    changes += [Change("import", i, before[i], _updated(before[i], given[i])) for i in changing]
    changes += [Change("retire", i, before[i], _retired(before[i])) for i in leaving]
    for batch in _batches(changes):
        record(tx, actor, batch)
    return report


def _changes(found: Mapping[str, Any]) -> bool:
    return bool(found["differing"]) or found["is_active"] is False


def _created(props: Mapping[str, Any]) -> history.State:
    """The state ``write/definitions/create`` gives a persona (no need to read it back)."""
    return {**props, "version": 1, "origin": "import", "is_active": True, "role": None}


def _updated(stored: Mapping[str, Any], props: Mapping[str, Any]) -> history.State:
    """The state ``write/definitions/update`` gives a persona (null values remove)."""
    state = {**stored, **props, "is_active": True, "version": stored["version"] + 1}
    return {name: value for name, value in state.items() if value is not None or name == "role"}


def _retired(stored: Mapping[str, Any]) -> history.State:
    return {**stored, "is_active": False, "version": stored["version"] + 1}


def _refuse(
    stored: Mapping[str, Mapping[str, Any]],
    leaving: Sequence[str],
    before: Mapping[str, history.State],
) -> None:
    problems = []
    for persona_id in sorted(stored):
        kind = stored[persona_id]["kind"]
        if kind != "assistant":
            problems.append(
                f"{persona_id}: is a {kind or 'workforce'} persona in the graph; "
                "a definitions file holds assistant personas only: pick another key"
            )
    for persona_id in leaving:
        if before[persona_id].get("is_default"):
            problems.append(
                f"{persona_id}: is a default persona, which cannot be deleted, and the file no "
                "longer holds it; keep it in the file, or import it once with is_default: "
                "false before leaving it out"
            )
    if problems:
        raise ValidationFailed(problems)


def _write(tx: Transaction, statement: str, rows: list[dict[str, Any]], counted: str) -> None:
    for batch in _batches(rows):
        done = tx.run(statement, rows=batch)[0][counted]
        if done != len(batch):  # under the locks this cannot happen; say so if it does
            raise ValidationFailed(
                [f"{len(batch) - done} personas changed while the import ran; run it again"]
            )


def _batches(rows: Sequence[T]) -> Iterator[Sequence[T]]:
    for start in range(0, len(rows), BATCH):
        yield rows[start : start + BATCH]


def export_definitions(store: Store) -> ExportResult:
    """Every active assistant persona as a definition, in id order.

    A persona without a system prompt cannot be a definition (the file requires one): it
    is left out and named in :attr:`ExportResult.skipped`.
    """
    definitions, skipped = [], []
    for row in store.read("read/definitions/assistants"):
        props = row["props"]
        if not props.get("system_prompt") or not props.get("name"):
            skipped.append(row["id"])
            continue
        definitions.append(definition_of(row["id"], props))
    return ExportResult(definitions, skipped)
