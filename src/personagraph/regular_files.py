"""Opening only regular files, and naming any other kind of file in the refusal.

A catalog folder can hold anything a file system can: a FIFO, whose ``open`` waits
for a writer that never comes; a symbolic link to ``/dev/zero``, which never ends; a
folder named ``x.yaml``. So a file is checked with ``os.stat`` (following links)
before it is opened, opened with ``O_NONBLOCK`` (opening a FIFO then returns at
once) and checked again on the open descriptor (the path may have been swapped in
between), and read only up to its limit plus one byte (it may be growing).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import BinaryIO, Final

from personagraph.errors import UnreadableFile

__all__ = ["describe", "file_kind", "open_regular", "read_regular"]

_KINDS: Final = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISLNK, "a symbolic link"),
    (stat.S_ISREG, "a regular file"),
)
_CHUNK: Final = 1 << 20


def file_kind(mode: int) -> str:
    """``mode``'s kind of file in words: "a FIFO (named pipe)", "a directory", …"""
    return next((name for test, name in _KINDS if test(mode)), "an unknown kind of file")


def describe(path: Path, mode: int) -> str:
    """What ``path`` is, through its links: "a FIFO (named pipe)", "a symbolic link to
    /dev/zero, a character device"."""
    if path.is_symlink():
        return f"a symbolic link to {os.path.realpath(path)}, {file_kind(mode)}"
    return file_kind(mode)


def open_regular(path: Path) -> BinaryIO:
    """``path`` opened for reading, once it is known to be a regular file.

    Raises:
        UnreadableFile: ``path`` is missing, not a regular file (named), or cannot be opened.
    """
    try:
        before = os.stat(path)
    except OSError as exc:
        raise UnreadableFile(path, f"cannot be read ({exc.strerror or exc})") from exc
    _require_regular(path, before.st_mode)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC)
    except OSError as exc:
        raise UnreadableFile(path, f"cannot be read ({exc.strerror or exc})") from exc
    handle = os.fdopen(fd, "rb")
    try:
        _require_regular(path, os.fstat(fd).st_mode)
    except UnreadableFile:
        handle.close()
        raise
    return handle


def read_regular(path: Path, limit: int, *, setting: str = "") -> bytes:
    """The bytes of the regular file ``path``, refusing it when it holds more than ``limit``.

    Args:
        setting: the environment variable that sets ``limit``, named when it is exceeded.

    Raises:
        UnreadableFile: ``path`` is missing, not a regular file, over ``limit`` bytes, or
            cannot be read; the message says which.
    """
    with open_regular(path) as handle:
        size = os.fstat(handle.fileno()).st_size
        if size > limit:
            raise UnreadableFile(path, _over(size, limit, setting))
        data = bytearray()
        try:
            # Never more than limit + 1 bytes, however long the file turns out to be.
            while len(data) <= limit:
                chunk = handle.read(min(_CHUNK, limit + 1 - len(data)))
                if not chunk:
                    break
                data += chunk
        except OSError as exc:
            raise UnreadableFile(path, f"cannot be read ({exc.strerror or exc})") from exc
    if len(data) > limit:
        raise UnreadableFile(path, _over(len(data), limit, setting))
    return bytes(data)


def _require_regular(path: Path, mode: int) -> None:
    if not stat.S_ISREG(mode):
        raise UnreadableFile(path, f"is {describe(path, mode)}, not a regular file")


def _over(size: int, limit: int, setting: str) -> str:
    more = f" (raise {setting} if the file is meant to be this large)" if setting else ""
    return f"is {size:,} bytes or more, over the limit of {limit:,} bytes{more}"
