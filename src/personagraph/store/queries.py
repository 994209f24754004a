"""Cypher statements kept as ``.cypher`` files under ``cypher/``, loaded by name.

A statement's name is its path below the ``cypher/`` folder without the suffix,
e.g. ``read/persona_by_id`` for ``cypher/read/persona_by_id.cypher``. Values go
in as ``$parameters`` only; nothing here assembles Cypher from input.

The folder ships inside the package as ``personagraph.cypher`` (setup.py maps the
repository's ``cypher/`` to it): an editable install reads the checkout's files, a wheel
its own copy.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

from personagraph.errors import ConfigurationError, QueryNotFound

_STATEMENT_END = re.compile(r";\s*$", re.MULTILINE)
_LINE_COMMENT = re.compile(r"^\s*//.*$", re.MULTILINE)


@dataclass(frozen=True)
class CypherFile:
    """One ``.cypher`` file: its name, location, text and the statements it holds."""

    name: str
    path: Path
    text: str

    @property
    def statements(self) -> list[str]:
        """The statements in the file, split on a ``;`` that ends a line."""
        body = _LINE_COMMENT.sub("", self.text)
        return [part.strip() for part in _STATEMENT_END.split(body) if part.strip()]

    @property
    def statement(self) -> str:
        """The file's single statement; files used as queries hold exactly one."""
        statements = self.statements
        if len(statements) != 1:
            raise QueryNotFound(
                f"Cypher file {self.path} holds {len(statements)} statements; "
                "a query file must hold exactly one."
            )
        return statements[0]


class CypherRegistry:
    """Every ``.cypher`` file below one root folder, looked up by name."""

    def __init__(self, root: Path) -> None:
        if not root.is_dir():
            raise ConfigurationError(
                f"Cypher folder {str(root)!r} does not exist. Set PERSONAGRAPH_CYPHER_DIR "
                "to a folder of .cypher files (the repository's cypher/), or unset it to use "
                "the statements installed with personagraph."
            )
        self.root = root
        self._files = {
            path.relative_to(root).with_suffix("").as_posix(): path
            for path in sorted(root.rglob("*.cypher"))
        }

    def names(self, prefix: str = "") -> list[str]:
        """All statement names, sorted, optionally only those under ``prefix``."""
        return [name for name in self._files if name.startswith(prefix)]

    def file(self, name: str) -> CypherFile:
        """The file named ``name``.

        Raises:
            QueryNotFound: no file has that name.
        """
        try:
            path = self._files[name]
        except KeyError:
            raise QueryNotFound(
                f"No Cypher file named {name!r} under {self.root}; "
                f"expected {self.root / name}.cypher"
            ) from None
        return CypherFile(name=name, path=path, text=path.read_text(encoding="utf-8"))

    def statement(self, name: str) -> str:
        """The single statement of the file named ``name``."""
        return self.file(name).statement


def cypher_root() -> Path:
    """Where the statements are: ``PERSONAGRAPH_CYPHER_DIR``, else those installed with
    the package (``personagraph.cypher``).

    Raises:
        ConfigurationError: the package is installed where its files are not a folder
            (e.g. inside a zip archive) and no ``PERSONAGRAPH_CYPHER_DIR`` says where they are.
    """
    configured = os.environ.get("PERSONAGRAPH_CYPHER_DIR")
    if configured:
        return Path(configured)
    shipped = files("personagraph.cypher")
    if not isinstance(shipped, Path):
        raise ConfigurationError(
            f"personagraph's Cypher statements are installed at {shipped}, which is not a "
            "folder; install personagraph unpacked, or set PERSONAGRAPH_CYPHER_DIR to a copy "
            "of its cypher/ folder."
        )
    return shipped


@lru_cache(maxsize=8)
def registry_at(root: Path) -> CypherRegistry:
    """The registry over ``root``, built once per process."""
    return CypherRegistry(root)


def default_registry() -> CypherRegistry:
    """The registry over :func:`cypher_root`."""
    return registry_at(cypher_root())
