"""Exports are staged beside their target and published whole, or not at all."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from personagraph.errors import ExportTargetUnavailable
from personagraph.export.writers.staging import MANIFEST, Staged


def test_a_published_folder_replaces_the_previous_export_and_leaves_nothing_else(
    tmp_path: Path,
) -> None:
    target = tmp_path / "export"
    target.mkdir()
    (target / MANIFEST).write_text("{}")
    (target / "old.csv").write_text("old")
    staged = Staged(target, directory=True)
    (staged.path / "new.csv").write_text("new")

    staged.publish()

    assert sorted(p.name for p in target.iterdir()) == ["new.csv"]
    assert [p.name for p in tmp_path.iterdir()] == ["export"]
    assert stat.S_IMODE(target.stat().st_mode) & 0o055  # readable by others, as mkdir makes


def test_a_discarded_file_leaves_the_folder_as_it_was(tmp_path: Path) -> None:
    staged = Staged(tmp_path / "x.sqlite", directory=False)
    staged.path.write_bytes(b"partial")

    staged.discard()

    assert list(tmp_path.iterdir()) == []


def test_a_folder_that_is_not_an_export_is_not_replaced(tmp_path: Path) -> None:
    (tmp_path / "photos").mkdir()
    (tmp_path / "photos" / "cat.jpg").write_bytes(b"\xff\xd8")

    with pytest.raises(ExportTargetUnavailable, match="not a folder holding an earlier export"):
        Staged(tmp_path / "photos", directory=True)


def test_a_missing_folder_is_named(tmp_path: Path) -> None:
    with pytest.raises(ExportTargetUnavailable, match="does not exist"):
        Staged(tmp_path / "nowhere" / "x.sqlite", directory=False)
