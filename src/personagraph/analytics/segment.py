"""Whom an analysis is about: one function, one archetype, both, or everyone."""

from __future__ import annotations

from dataclasses import dataclass

from personagraph.model.archetype import Archetype


@dataclass(frozen=True)
class Segment:
    """Whom a run is about: one function (by key) and/or one archetype; None = everyone.

    A segment is true when it restricts anything.
    """

    function: str | None = None
    archetype: Archetype | None = None

    def __bool__(self) -> bool:
        return self.function is not None or self.archetype is not None

    @property
    def archetype_name(self) -> str | None:
        """The archetype as stored on the graph (``AUTOMATOR``, …), or None."""
        return self.archetype.value if self.archetype else None
