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
    given = {d.id: d for d in definitions}
    leaving = (
        [r["id"] for r in tx.run("read/definitions/imported") if r["id"] not in given]
        if retire
        else []
    )
    ids = sorted({*given, *leaving})
    tx.run("write/definitions/lock", ids=ids)
    current = history.states(tx, ids)
    _refuse(given, leaving, current)
    report = ImportReport()
    creates, updates = [], []
    for persona_id in sorted(given):
        props = given[persona_id].graph_properties()
        stored = current.get(persona_id)
        if stored is None:
            creates.append(
                {"id": persona_id, "props": {k: v for k, v in props.items() if v is not None}}
            )
            report.created.append(persona_id)
        elif _same(stored, props):
            report.unchanged.append(persona_id)
        else:
            updates.append({"id": persona_id, "version": stored["version"], "props": props})
            report.updated.append(persona_id)
    retiring = [{"id": i, "version": current[i]["version"]} for i in leaving]
    report.retired.extend(leaving)
    _write(tx, "write/definitions/create", creates, "created")
    _write(tx, "write/definitions/update", updates, "updated")
    _write(tx, "write/definitions/retire", retiring, "retired")
    touched = [*report.created, *report.updated, *report.retired]
    after = history.states(tx, touched)
    changes = [
        Change(
            "retire" if persona_id in leaving else "import",
            persona_id,
            current.get(persona_id),
            after[persona_id],
        )
        for persona_id in touched
    ]
    for batch in _batches(changes):
        record(tx, actor, batch)
    return report


def _refuse(
    given: Mapping[str, Definition], leaving: Sequence[str], current: Mapping[str, history.State]
) -> None:
    problems = []
    for persona_id in sorted(given):
        stored = current.get(persona_id)
        if stored is not None and stored.get("kind") != "assistant":
            problems.append(
                f"{persona_id}: is a {stored.get('kind') or 'workforce'} persona in the graph; "
                "a definitions file holds assistant personas only: pick another key"
            )
    for persona_id in leaving:
        if current[persona_id].get("is_default"):
            problems.append(
                f"{persona_id}: is a default persona, which cannot be deleted, and the file no "
                "longer holds it; keep it in the file, or import it once with is_default: "
                "false before leaving it out"
            )
    if problems:
        raise ValidationFailed(problems)


def _same(stored: Mapping[str, Any], props: Mapping[str, Any]) -> bool:
    if stored.get("is_active") is False:
        return False
    return all(
        _normal(name, stored.get(name)) == _normal(name, value) for name, value in props.items()
    )


def _normal(name: str, value: Any) -> Any:
    if name == "is_default":
        return bool(value)
    if name == "expertise":
        return list(value or [])
    return value


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
