"""Exports are staged beside their target and published whole, or not at all; they replace
only targets that are their own, and clear away what killed exports left behind."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from personagraph.errors import ExportTargetUnavailable
from personagraph.export.writers.ownership import KIND, MARKER, MARKER_FILE, marker_table
from personagraph.export.writers.staging import MANIFEST, Staged, leftovers

OURS = {"kind": KIND, "id": "0" * 32, "format": "csv", "exported_at": "2026-01-01T00:00:00+00:00"}


def earlier_folder_export(folder: Path) -> None:
    folder.mkdir()
    (folder / MARKER_FILE).write_text(json.dumps(OURS))
    (folder / MANIFEST).write_text("{}")
    (folder / "old.csv").write_text("old")


def earlier_sqlite_export(path: Path) -> None:
    with sqlite3.connect(path) as db:
        db.execute(marker_table())
        db.execute(
            f'INSERT INTO "{MARKER}" (kind, id, format, exported_at) VALUES (?, ?, ?, ?)',
            (KIND, "1", "sqlite", "now"),
        )
        db.execute("CREATE TABLE personas (id TEXT PRIMARY KEY)")
    db.close()


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {
        str(p.relative_to(folder)): (p.read_bytes() if p.is_file() else b"", p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
    }


def test_a_published_folder_replaces_the_previous_export_and_leaves_nothing_else(
    tmp_path: Path,
) -> None:
    target = tmp_path / "export"
    earlier_folder_export(target)
    staged = Staged(target, directory=True)
    (staged.path / "new.csv").write_text("new")

    staged.publish()

    assert sorted(p.name for p in target.iterdir()) == ["new.csv"]
    assert [p.name for p in tmp_path.iterdir()] == ["export"]
    assert stat.S_IMODE(target.stat().st_mode) & 0o055  # readable by others, as mkdir makes


def test_an_earlier_sqlite_export_is_replaced(tmp_path: Path) -> None:
    target = tmp_path / "graph.sqlite"
    earlier_sqlite_export(target)
    staged = Staged(target, directory=False)
    staged.path.write_bytes(b"new")

    staged.publish()

    assert target.read_bytes() == b"new"


@pytest.mark.parametrize("directory", [True, False])
def test_an_empty_target_is_replaced(tmp_path: Path, directory: bool) -> None:
    target = tmp_path / "target"
    target.mkdir() if directory else target.touch()

    Staged(target, directory=directory).publish()

    assert target.exists()


def test_a_discarded_file_leaves_the_folder_as_it_was(tmp_path: Path) -> None:
    staged = Staged(tmp_path / "x.sqlite", directory=False)
    staged.path.write_bytes(b"partial")

    staged.discard()

    assert list(tmp_path.iterdir()) == []


def test_an_applications_sqlite_database_is_refused_and_untouched(tmp_path: Path) -> None:
    app = tmp_path / "app.db"
    with sqlite3.connect(app) as db:
        db.execute("CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT)")
        db.execute("INSERT INTO users (email) VALUES ('ada@example.org')")
    db.close()
    before = snapshot(tmp_path)

    with pytest.raises(ExportTargetUnavailable) as refused:
        Staged(app, directory=False)

    assert str(refused.value).startswith(
        f"Cannot export to {app}: it is an SQLite database with 1 table (users) and no "
        f"{MARKER} table, so it is not an earlier personagraph export"
    )
    assert "Choose another target" in str(refused.value)
    assert snapshot(tmp_path) == before


def test_a_site_folder_with_its_own_manifest_is_refused_and_untouched(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "manifest.json").write_text('{"name": "My site"}')
    (site / "index.html").write_text("<h1>hello</h1>")
    before = snapshot(tmp_path)

    with pytest.raises(ExportTargetUnavailable) as refused:
        Staged(site, directory=True)

    assert (
        f"it is a folder holding 2 entries (index.html, manifest.json) and no {MARKER_FILE}"
        in str(refused.value)
    )
    assert snapshot(tmp_path) == before


def test_a_marker_of_another_kind_is_not_ours(tmp_path: Path) -> None:
    folder = tmp_path / "export"
    folder.mkdir()
    (folder / MARKER_FILE).write_text(json.dumps({**OURS, "kind": "something else"}))

    with pytest.raises(ExportTargetUnavailable, match="does not name a personagraph export"):
        Staged(folder, directory=True)


def test_a_fifo_as_the_marker_is_refused_without_waiting_on_it(tmp_path: Path) -> None:
    folder = tmp_path / "export"
    folder.mkdir()
    os.mkfifo(folder / MARKER_FILE)

    with pytest.raises(ExportTargetUnavailable, match=r"is a FIFO \(named pipe\)"):
        Staged(folder, directory=True)


@pytest.mark.parametrize("directory", [True, False])
def test_a_symbolic_link_is_refused_naming_where_it_points(tmp_path: Path, directory: bool) -> None:
    real = tmp_path / "real"
    earlier_folder_export(real) if directory else earlier_sqlite_export(real)
    (tmp_path / "link").symlink_to(real)

    with pytest.raises(ExportTargetUnavailable, match=f"it is a symbolic link \\(to {real}\\)"):
        Staged(tmp_path / "link", directory=directory)


def test_a_folder_where_a_file_goes_is_refused(tmp_path: Path) -> None:
    (tmp_path / "x.sqlite").mkdir()

    with pytest.raises(ExportTargetUnavailable, match="it is a directory, not a file"):
        Staged(tmp_path / "x.sqlite", directory=False)


def test_a_missing_folder_is_named(tmp_path: Path) -> None:
    with pytest.raises(ExportTargetUnavailable, match="does not exist"):
        Staged(tmp_path / "nowhere" / "x.sqlite", directory=False)


STAGE_AND_DIE = textwrap.dedent(
    """
    import os, signal, sys
    from pathlib import Path
    from personagraph.export.writers.staging import Staged

    staged = Staged(Path(sys.argv[1]), directory=sys.argv[2] == "folder")
    (staged.path / "half.csv" if staged.directory else staged.path).write_bytes(b"half")
    os.kill(os.getpid(), signal.SIGKILL)
    """
)


@pytest.mark.parametrize("shape", ["folder", "file"])
def test_what_a_killed_export_staged_is_removed_by_the_next_export_to_its_target(
    tmp_path: Path, shape: str
) -> None:
    target = tmp_path / "export"
    killed = subprocess.run([sys.executable, "-c", STAGE_AND_DIE, str(target), shape], check=False)
    assert killed.returncode == -signal.SIGKILL
    left = leftovers(target)
    assert len(left) == 1
    others = [tmp_path / ".other.partial-abcd1234", tmp_path / ".export.partial-notes.txt"]
    for path in others:
        path.write_text("not this export's")

    Staged(target, directory=shape == "folder").discard()

    assert not left[0].exists()
    assert sorted(tmp_path.iterdir()) == sorted(others)


def test_while_one_export_stages_another_to_the_same_target_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "graph.sqlite"
    running = Staged(target, directory=False)

    with pytest.raises(ExportTargetUnavailable, match="another export to it is running"):
        Staged(target, directory=False)

    assert running.path.exists()
    running.discard()
    Staged(target, directory=False).discard()
    assert list(tmp_path.iterdir()) == []
