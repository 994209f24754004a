"""Which targets an export may replace: only its own, known by the marker it leaves.

Every export writes a marker that names it a personagraph export, with its id: the
table ``_personagraph_export`` in an SQLite file or a PostgreSQL schema, the file
``_personagraph_export.json`` in a Parquet or CSV folder (a leading ``_`` keeps
dataset readers such as pyarrow's from taking it for data). An existing target is
replaced only when it carries that marker or is empty (a zero-byte file, an empty
folder or schema); anything else, an application's SQLite database or a web site's
folder with its own ``manifest.json``, is refused and left untouched.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import stat
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Final

from personagraph.errors import ExportTargetUnavailable, UnreadableFile
from personagraph.export.ddl import quote
from personagraph.export.writers.base import Manifest
from personagraph.regular_files import file_kind, open_regular, read_regular

__all__ = [
    "KIND",
    "MARKER",
    "MARKER_COLUMNS",
    "MARKER_FILE",
    "listing",
    "marker",
    "marker_table",
    "refusal",
    "refuse_unless_ours",
]

MARKER: Final = "_personagraph_export"
MARKER_FILE: Final = f"{MARKER}.json"
KIND: Final = "personagraph relational export"
MARKER_COLUMNS: Final = ("kind", "id", "format", "exported_at", "function")
# A marker file is a few hundred bytes; a big one is not ours.
_MARKER_LIMIT: Final = 64 * 1024
_SQLITE_HEADER: Final = b"SQLite format 3\x00"
_FILES: Final = "a path that does not exist yet, or an empty folder"


def marker(manifest: Manifest) -> dict[str, str | None]:
    """The marker's fields for the export ``manifest`` describes, in ``MARKER_COLUMNS`` order."""
    values = (KIND, manifest.id, manifest.target.value, manifest.exported_at, manifest.function)
    return dict(zip(MARKER_COLUMNS, values, strict=True))


def marker_table(schema: str | None = None) -> str:
    """``CREATE TABLE`` of the marker (SQLite and PostgreSQL alike)."""
    name = f"{quote(schema)}.{quote(MARKER)}" if schema else quote(MARKER)
    columns = ", ".join(
        f"{quote(c)} TEXT{'' if c == 'function' else ' NOT NULL'}" for c in MARKER_COLUMNS
    )
    return f"CREATE TABLE {name} ({columns})"


def refusal(target: str, reason: str, instead: str = _FILES) -> ExportTargetUnavailable:
    """The error for a target that exists and is not an earlier export."""
    return ExportTargetUnavailable(
        f"Cannot export to {target}: {reason}, so it is not an earlier personagraph export "
        f"(those are marked by {MARKER}) and is left untouched. Choose another target "
        f"({instead}), or remove this one yourself if it is no longer needed."
    )


def listing(names: Sequence[str], one: str, many: str) -> str:
    """``3 tables (a, b, c)``, naming the first five."""
    shown = ", ".join(names[:5]) + (", …" if len(names) > 5 else "")
    return f"{len(names)} {one if len(names) == 1 else many} ({shown})"


def refuse_unless_ours(target: Path, *, directory: bool) -> None:
    """Pass when ``target`` is absent, empty or an earlier export of the same shape.

    Raises:
        ExportTargetUnavailable: anything else; the message names it and says what to do.
    """
    try:
        mode = os.lstat(target).st_mode
    except FileNotFoundError:
        return
    except OSError as exc:
        raise refusal(str(target), f"it cannot be inspected ({exc.strerror})") from exc
    if stat.S_ISLNK(mode):
        real = os.path.realpath(target)
        raise ExportTargetUnavailable(
            f"Cannot export to {target}: it is a symbolic link (to {real}), and publishing "
            f"an export would replace the link, not what it points to. Export to {real} "
            "itself, or choose another target."
        )
    reason = _folder_reason(target, mode) if directory else _file_reason(target, mode)
    if reason is not None:
        raise refusal(str(target), reason)


def _folder_reason(target: Path, mode: int) -> str | None:
    if not stat.S_ISDIR(mode):
        return f"it is {file_kind(mode)}, not a folder"
    try:
        names = sorted(os.listdir(target))
    except OSError as exc:
        return f"its entries cannot be listed ({exc.strerror})"
    if not names:
        return None
    if MARKER_FILE not in names:
        return f"it is a folder holding {listing(names, 'entry', 'entries')} and no {MARKER_FILE}"
    try:
        document = json.loads(read_regular(target / MARKER_FILE, _MARKER_LIMIT))
    except (UnreadableFile, ValueError) as exc:
        return f"its {MARKER_FILE} cannot be read ({exc})"
    return _kind_reason(document, MARKER_FILE)


def _file_reason(target: Path, mode: int) -> str | None:
    if not stat.S_ISREG(mode):
        return f"it is {file_kind(mode)}, not a file"
    try:
        with open_regular(target) as handle:
            header = handle.read(len(_SQLITE_HEADER))
    except UnreadableFile as exc:
        return f"it cannot be read ({exc.reason})"
    if not header:
        return None  # an empty file: nothing to lose
    if header != _SQLITE_HEADER:
        return "it is not an SQLite database"
    return _sqlite_reason(target)


def _sqlite_reason(target: Path) -> str | None:
    try:
        with contextlib.closing(sqlite3.connect(f"{target.as_uri()}?mode=ro", uri=True)) as db:
            tables = [
                name
                for (name,) in db.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
                )
            ]
            if MARKER not in tables:
                held = listing(tables, "table", "tables") if tables else "no tables"
                return f"it is an SQLite database with {held} and no {MARKER} table"
            rows = db.execute(f"SELECT kind FROM {quote(MARKER)}").fetchall()
    except sqlite3.Error as exc:
        return f"it cannot be read as an SQLite database ({exc})"
    return _kind_reason({"kind": rows[0][0]} if len(rows) == 1 else {}, f"{MARKER} table")


def _kind_reason(document: object, where: str) -> str | None:
    if isinstance(document, Mapping) and document.get("kind") == KIND:
        return None
    return f"its {where} does not name a personagraph export (kind {KIND!r})"
