"""The outbox on the real database: events commit with their change, or not at all."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from personagraph.admin import persona_edits
from personagraph.admin.changes import Actor
from personagraph.errors import EditConflict
from personagraph.events import outbox
from personagraph.events.outbox import NewEvent
from personagraph.model.persona_edits import PersonaFields
from personagraph.seeding import pipeline
from personagraph.store import Store
from personagraph.store.connection import Transaction

MINIMAL = Path(__file__).resolve().parents[1] / "catalogs" / "minimal"
SKEPTIC = "sales-development-representative-skeptic"


class Abandoned(Exception):
    """Raised inside a transaction to roll it back."""


def test_an_edit_writes_its_event_and_a_refused_one_writes_none(store: Store) -> None:
    pipeline.load(store, pipeline.prepare(MINIMAL))
    before = outbox.last(store)
    actor = Actor("tester", "req-1")
    version = store.read("read/personas/for_edit", id=SKEPTIC)[0]["props"]["version"]

    persona_edits.update_persona(store, SKEPTIC, version, PersonaFields(team_size=9), actor)
    with pytest.raises(EditConflict):
        persona_edits.update_persona(store, SKEPTIC, version, PersonaFields(team_size=10), actor)

    [event] = outbox.after(store, before)
    assert (event.seq, event.type, event.subject) == (before + 1, "persona.update", SKEPTIC)
    assert (event.actor, event.request_id) == ("tester", "req-1")
    assert event.payload["values"]["team_size"] == 9
    assert event.payload["version"] == version + 1


def test_a_rolled_back_transaction_leaves_no_event_and_no_gap(store: Store) -> None:
    def abandon(tx: Transaction) -> None:
        outbox.append(tx, "tester", "-", [NewEvent("persona.update", "p", {})])
        raise Abandoned

    with pytest.raises(Abandoned):
        store.transaction(abandon)
    kept = store.transaction(
        lambda tx: outbox.append(tx, "tester", "-", [NewEvent("persona.update", "q", {})])
    )

    assert kept == [1]
    assert [e.subject for e in outbox.after(store, 0)] == ["q"]


def test_concurrent_writers_get_one_unbroken_sequence(store: Store) -> None:
    def write(writer: int) -> list[int]:
        events = [NewEvent("test.write", f"w{writer}", {"i": i}) for i in range(3)]

        def append(tx: Transaction) -> list[int]:
            return outbox.append(tx, f"w{writer}", "-", events)

        return store.transaction(append)

    with ThreadPoolExecutor(8) as pool:
        numbers = [seq for batch in pool.map(write, range(16)) for seq in batch]

    assert sorted(numbers) == list(range(1, 49))
    found = outbox.after(store, 0, limit=100)
    assert [e.seq for e in found] == list(range(1, 49))
    # Each transaction's events are consecutive: nothing interleaves inside a commit.
    for start in range(0, 48, 3):
        assert len({e.subject for e in found[start : start + 3]}) == 1


def test_pruning_removes_events_older_than_the_age_given(store: Store) -> None:
    store.transaction(
        lambda tx: outbox.append(tx, "tester", "-", [NewEvent("test.write", "a", {})] * 3)
    )

    assert outbox.prune(store, max_age_days=1) == 0
    assert outbox.prune(store, max_age_days=0) == 3
    assert outbox.after(store, 0) == []
    # The sequence goes on: a subscriber that saw 3 never sees a new 1.
    kept = store.transaction(
        lambda tx: outbox.append(tx, "tester", "-", [NewEvent("test.write", "b", {})])
    )
    assert kept == [4]


def test_types_match_exactly_or_by_family() -> None:
    assert outbox.matches("persona.update", None)
    assert outbox.matches("persona.update", ["persona.update"])
    assert outbox.matches("persona.update", ["seed.loaded", "persona.*"])
    assert not outbox.matches("persona.update", ["persona.delete"])
    assert not outbox.matches("personas.update", ["persona.*"])
    assert not outbox.matches("persona.update", [])
