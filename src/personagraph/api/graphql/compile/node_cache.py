"""What was derived from a document's field nodes, found again by their identity.

The document cache hands a repeated document back as the same node objects, so the
identity of a field's nodes (with whatever else the result depends on) keys what was
planned, compiled or shaped for it the first time. The nodes are held weakly: an entry
must not keep a document alive after the document cache let it go (a 10 MB document
would stay in memory for as long as its entry did), and an entry whose nodes are gone
is never found again, even when new nodes come to have their ids.
"""

from __future__ import annotations

import weakref
from collections import OrderedDict
from collections.abc import Hashable, Sequence
from typing import Generic, TypeVar

from graphql import Node

__all__ = ["NodeCache"]

V = TypeVar("V")
_Key = tuple[tuple[int, ...], Hashable]


class NodeCache(Generic[V]):
    """The last ``size`` values put, by nodes (their identity) and a key of their own."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._entries: OrderedDict[_Key, tuple[tuple[weakref.ref[Node], ...], V]] = OrderedDict()

    def get(self, nodes: Sequence[Node], key: Hashable) -> V | None:
        """The value put for these very ``nodes`` and ``key``, if it is still here."""
        entry = (tuple(map(id, nodes)), key)
        found = self._entries.get(entry)
        if found is None:
            return None
        refs, value = found
        if any(ref() is not node for ref, node in zip(refs, nodes, strict=True)):
            del self._entries[entry]  # its nodes are gone; these only have their ids
            return None
        self._entries.move_to_end(entry)
        return value

    def put(self, nodes: Sequence[Node], key: Hashable, value: V) -> None:
        """Keep ``value`` for ``nodes`` and ``key``, dropping the least recently used."""
        entry = (tuple(map(id, nodes)), key)
        self._entries[entry] = (tuple(map(weakref.ref, nodes)), value)
        self._entries.move_to_end(entry)
        if len(self._entries) > self.size:
            self._entries.popitem(last=False)

    def __len__(self) -> int:
        return len(self._entries)
