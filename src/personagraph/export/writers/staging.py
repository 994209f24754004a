"""Writing next to the target, then renaming into place: never a half-written target.

The staged file or folder lives in the target's own folder (a rename within one file
system is atomic), named ``.<target>.partial-…`` so that it is plainly not the
export. A file target is replaced in one rename. A folder target takes two (the old
folder aside, the new one in), so for a moment between them the folder is absent,
but it is never partial.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from personagraph.errors import ExportTargetUnavailable

MANIFEST = "manifest.json"
_SQLITE_HEADER = b"SQLite format 3\x00"


def _read_umask() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return umask


# mkstemp and mkdtemp create private (0600 / 0700) paths; a published export gets the
# permissions any new file or folder would. Read once, as os.umask can only be read by
# setting it.
_UMASK = _read_umask()


class Staged:
    """A staged file (``directory=False``) or folder for ``target``.

    Raises:
        ExportTargetUnavailable: the target's folder is missing or not writable, or the
            target exists and is not an earlier export of the same kind.
    """

    def __init__(self, target: Path, *, directory: bool) -> None:
        self.target = target.absolute()
        self.directory = directory
        parent = self.target.parent
        if not parent.is_dir():
            raise ExportTargetUnavailable(
                f"Cannot export to {self.target}: the folder {parent} does not exist. "
                "Create it first or choose another --to."
            )
        self._refuse_foreign_target()
        prefix = f".{self.target.name}.partial-"
        try:
            if directory:
                self.path = Path(tempfile.mkdtemp(dir=parent, prefix=prefix))
            else:
                handle, name = tempfile.mkstemp(dir=parent, prefix=prefix)
                os.close(handle)
                self.path = Path(name)
        except OSError as exc:
            raise ExportTargetUnavailable(
                f"Cannot export to {self.target}: the folder {parent} is not writable "
                f"({exc.strerror}). Choose a folder you can write to."
            ) from exc

    def _refuse_foreign_target(self) -> None:
        target = self.target
        if not (target.exists() or target.is_symlink()):
            return
        if self.directory:
            ours = target.is_dir() and ((target / MANIFEST).is_file() or not any(target.iterdir()))
            what = "a folder holding an earlier export (with its manifest.json)"
        else:
            ours = target.is_file() and _starts_with(target, _SQLITE_HEADER)
            what = "an SQLite database file"
        if not ours:
            raise ExportTargetUnavailable(
                f"Cannot export to {target}: it exists and is not {what}, so it is not "
                "replaced. Delete it or choose another --to."
            )

    def publish(self) -> None:
        """Move the staged output into place."""
        os.chmod(self.path, (0o777 if self.directory else 0o666) & ~_UMASK)
        if not self.directory or not self.target.exists():
            os.replace(self.path, self.target)
            return
        aside = Path(tempfile.mkdtemp(dir=self.target.parent, prefix=f".{self.target.name}.old-"))
        os.replace(self.target, aside / "old")
        os.replace(self.path, self.target)
        shutil.rmtree(aside, ignore_errors=True)

    def discard(self) -> None:
        """Remove the staged output (after a failure)."""
        if self.directory:
            shutil.rmtree(self.path, ignore_errors=True)
        else:
            self.path.unlink(missing_ok=True)


def _starts_with(path: Path, header: bytes) -> bool:
    try:
        with path.open("rb") as handle:
            return handle.read(len(header)) == header
    except OSError:
        return False
