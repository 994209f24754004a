"""The change sequence in the graph that keeps every serving cache coherent.

One ``(:ServingSequence {id: 'serving'})`` node carries a number that every transaction
changing a persona's or a template's properties moves, as its last statement (persona
edits through :func:`personagraph.admin.changes.record`, seed and behavioral loads,
imports, metrics that move usage fields). A cache compares the number with the one it
last saw: equal, what it holds is current; different, it starts again. No second store
is needed, and a worker learns of a write from any process, the CLI included.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from personagraph.store import Store
from personagraph.store.connection import Transaction


@dataclass(frozen=True)
class SequenceState:
    """The sequence number, the epoch it counts in (None: no change yet), and when it
    last moved (None: never)."""

    seq: int
    epoch: str | None
    changed_at: datetime | None

    @property
    def position(self) -> tuple[str | None, int]:
        """What a cache compares: the same position means nothing changed."""
        return self.epoch, self.seq


def bump(tx: Transaction) -> int:
    """Move the sequence in ``tx`` (call it last in the transaction); returns the new value."""
    return int(tx.run("write/serving/bump")[0]["seq"])


def read(store: Store) -> SequenceState:
    """The sequence as committed now."""
    return state_of(store.read("read/serving/sequence")[0])


def state_of(row: dict[str, Any]) -> SequenceState:
    """A ``read/serving/sequence`` row as a :class:`SequenceState`."""
    changed = row["changed_at"]
    return SequenceState(
        int(row["seq"]), row["epoch"], changed.to_native() if changed is not None else None
    )
