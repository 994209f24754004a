"""Writing next to the target, then renaming into place: never a half-written target.

The staged file or folder lives in the target's own folder (a rename within one file
system is atomic), named ``.<target>.partial-<8 characters>`` so that it is plainly
not the export. A file target is replaced in one rename. A folder target takes two
(the old folder aside into ``.<target>.old-…``, the new one in), so for a moment
between them the folder is absent, but it is never partial.

A process killed mid-export cannot remove what it staged. So a running export holds
an exclusive ``flock`` on its staged file or folder (the kernel drops it when the
process dies), and the next export to the same target removes every
``.<target>.partial-…`` and ``.<target>.old-…`` nobody holds, and refuses to start
while one is held: that is another export to the same target, still running. The
check, the clean-up and the staging, and later the renames, happen under a ``flock``
on the target's folder, so two exports never see each other half-way.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import secrets
import shutil
import stat
from collections.abc import Iterator
from pathlib import Path

from personagraph.errors import ExportTargetUnavailable
from personagraph.export.writers.ownership import refuse_unless_ours

MANIFEST = "manifest.json"


def _read_umask() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return umask


# Staged output is private (0600 / 0700) while it is written; a published export gets
# the permissions any new file or folder would. Read once, as os.umask can only be read
# by setting it.
_UMASK = _read_umask()


class Staged:
    """A staged file (``directory=False``) or folder for ``target``.

    Raises:
        ExportTargetUnavailable: the target's folder is missing or not writable, the
            target exists and is not an earlier export, or another export to the same
            target is running.
    """

    def __init__(self, target: Path, *, directory: bool) -> None:
        self.target = target.absolute()
        self.directory = directory
        parent = self.target.parent
        if not parent.is_dir():
            raise ExportTargetUnavailable(
                f"Cannot export to {self.target}: the folder {parent} does not exist. "
                "Create it first or choose another target."
            )
        with _folder_lock(self.target):
            refuse_unless_ours(self.target, directory=directory)
            remove_leftovers(self.target)
            self.path, self._hold = self._create()

    def _create(self) -> tuple[Path, int]:
        for _ in range(100):
            path = self.target.with_name(f".{self.target.name}.partial-{secrets.token_hex(4)}")
            try:
                if self.directory:
                    os.mkdir(path, 0o700)
                    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
                else:
                    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o600)
            except FileExistsError:
                continue
            except OSError as exc:
                raise ExportTargetUnavailable(
                    f"Cannot export to {self.target}: the folder {self.target.parent} is not "
                    f"writable ({exc.strerror}). Choose a folder you can write to."
                ) from exc
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # new: nobody else holds it
            return path, fd
        raise ExportTargetUnavailable(f"Cannot stage an export beside {self.target}.")

    def publish(self) -> None:
        """Move the staged output into place (if the target is still absent, empty or ours).

        Raises:
            ExportTargetUnavailable: the target was replaced by something else meanwhile.
        """
        os.chmod(self.path, (0o777 if self.directory else 0o666) & ~_UMASK)
        with _folder_lock(self.target):
            refuse_unless_ours(self.target, directory=self.directory)
            if not self.directory or not self.target.exists():
                os.replace(self.path, self.target)
            else:
                aside = self.target.with_name(f".{self.target.name}.old-{secrets.token_hex(4)}")
                os.replace(self.target, aside)
                os.replace(self.path, self.target)
                shutil.rmtree(aside, ignore_errors=True)
        os.close(self._hold)

    def discard(self) -> None:
        """Remove the staged output (after a failure)."""
        _remove(self.path)
        os.close(self._hold)


def leftovers(target: Path) -> list[Path]:
    """What exports to ``target`` staged and did not remove: ``.<name>.partial-…`` and
    ``.<name>.old-…`` beside it (8 characters after the dash, as every version wrote)."""
    pattern = re.compile(rf"\.{re.escape(target.name)}\.(?:partial|old)-[a-z0-9_]{{8}}")
    try:
        names = os.listdir(target.parent)
    except OSError:
        return []
    return sorted(target.parent / name for name in names if pattern.fullmatch(name))


def remove_leftovers(target: Path) -> list[Path]:
    """Remove the leftovers of earlier exports to ``target`` that no process holds.

    Returns:
        What was removed.

    Raises:
        ExportTargetUnavailable: one is held: another export to ``target`` is running.
    """
    stale: list[Path] = []
    with contextlib.ExitStack() as held:
        for path in leftovers(target):
            fd = _open_unfollowed(path)
            if fd is not None:
                held.callback(os.close, fd)
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    raise ExportTargetUnavailable(
                        f"Cannot export to {target}: another export to it is running (it "
                        f"stages into {path.name}). Wait for it to finish, or choose another "
                        "target."
                    ) from None
            stale.append(path)
        for path in stale:
            _remove(path)
    return stale


def _open_unfollowed(path: Path) -> int | None:
    """A descriptor of ``path`` itself to lock, or None for what no export holds (a
    link, a FIFO: nothing an export stages)."""
    try:
        mode = os.lstat(path).st_mode
        if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
            return None
        return os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError:
        return None


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()


@contextlib.contextmanager
def _folder_lock(target: Path) -> Iterator[None]:
    """Exclusive among exports to any target in ``target``'s folder, while held."""
    try:
        fd = os.open(target.parent, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    except OSError as exc:
        raise ExportTargetUnavailable(
            f"Cannot export to {target}: the folder {target.parent} cannot be opened "
            f"({exc.strerror}). Choose a folder you can read and write."
        ) from exc
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)
