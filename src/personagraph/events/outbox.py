"""The events outbox: one ``Event`` node per change users care about.

An event is written by :func:`append` inside the transaction of the change it describes,
so a committed change always has its event and a rolled-back one never does. Events are
numbered by one counter node (``write/events/append``); the counter's lock serialises
the transactions that write events, which makes sequence order commit order: a reader
that has seen event N will never later find an event below N appear, so resuming "after
N" misses nothing. The price is that event-writing transactions commit one at a time
through that node (a few hundred microseconds each; bench/events.py measures it).

Types are dotted names: ``persona.<action>`` for every persona change recorded by
:func:`personagraph.admin.changes.record` (``persona.update``, ``persona.delete``, …),
``seed.loaded`` for a catalog or rules load, ``scoring_run.finished``, ``webhook.test``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from personagraph.store import Store
from personagraph.store.connection import Transaction

PAGE = 500
PRUNE_BATCH = 10_000


@dataclass(frozen=True)
class NewEvent:
    """An event about to be written: its type, the key of what it is about, a payload."""

    type: str
    subject: str
    payload: Mapping[str, Any]


@dataclass(frozen=True)
class Event:
    """An event as committed."""

    seq: int
    type: str
    subject: str
    actor: str
    request_id: str
    occurred_at: datetime
    payload: dict[str, Any]


def append(tx: Transaction, actor: str, request_id: str, events: Sequence[NewEvent]) -> list[int]:
    """Write ``events`` in ``tx``; returns their sequence numbers (empty: nothing written)."""
    if not events:
        return []
    rows = [
        {
            "type": event.type,
            "subject": event.subject,
            "payload": json.dumps(event.payload, sort_keys=True, default=str),
        }
        for event in events
    ]
    found = tx.run("write/events/append", events=rows, actor=actor, request_id=request_id)
    return [int(row["seq"]) for row in found]


def event_of(row: Mapping[str, Any]) -> Event:
    """A ``read/events/after`` row as an :class:`Event`."""
    occurred = row["occurred_at"]
    return Event(
        seq=int(row["seq"]),
        type=str(row["type"]),
        subject=str(row["subject"]),
        actor=str(row["actor"]),
        request_id=str(row["request_id"]),
        occurred_at=occurred.to_native() if hasattr(occurred, "to_native") else occurred,
        payload=json.loads(row["payload"]) if row["payload"] else {},
    )


def after(store: Store, seq: int, limit: int = PAGE) -> list[Event]:
    """Committed events numbered above ``seq``, oldest first, at most ``limit``."""
    return [event_of(row) for row in store.read("read/events/after", after=seq, limit=limit)]


def last(store: Store) -> int:
    """The number of the newest event (0: none yet)."""
    return int(store.read("read/events/last")[0]["seq"])


def prune(store: Store, max_age_days: int) -> int:
    """Delete events older than ``max_age_days`` days; returns how many went."""
    total = 0
    while True:
        rows = store.write("write/events/prune", max_age_days=max_age_days, batch=PRUNE_BATCH)
        pruned = int(rows[0]["pruned"])
        total += pruned
        if pruned < PRUNE_BATCH:
            return total


def matches(event_type: str, wanted: Iterable[str] | None) -> bool:
    """Whether ``event_type`` is one of ``wanted`` (None: every type).

    A wanted name ending in ``.*`` takes every type under it: ``persona.*`` takes
    ``persona.update`` and ``persona.delete``.
    """
    if wanted is None:
        return True
    for name in wanted:
        if name == event_type:
            return True
        if name.endswith(".*") and event_type.startswith(name[:-1]):
            return True
    return False
