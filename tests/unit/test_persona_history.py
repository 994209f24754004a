"""Version history, pure: what a change replaced, each version's before and after, and
any earlier state rebuilt from the current one."""

from __future__ import annotations

import json

import pytest

from personagraph.admin import history
from personagraph.errors import ValidationFailed

pytestmark = pytest.mark.unit

V1 = {"id": "p", "version": 1, "name": "Ann", "system_prompt": "x" * 5000, "tags": ["a"]}
V2 = {**V1, "version": 2, "name": "Anna"}
V3 = {**V2, "version": 3, "tags": ["a", "b"], "context": "new"}


def record(
    version: int, before: dict[str, object], after: dict[str, object]
) -> history.VersionRecord:
    row = history.version_row("p", version, "update", before, after)
    assert row is not None
    return history.record_of({**row, "actor": "me", "changed_at": None})


def test_a_change_keeps_only_the_fields_it_replaced() -> None:
    row = history.version_row("p", 2, "update", V1, V2)

    assert row is not None
    assert row["changed"] == ["name"]
    assert json.loads(row["replaced"]) == {"name": "Ann"}
    assert history.version_row("p", 2, "update", V1, {**V1, "updated_at": "later"}) is None


def test_a_creation_changes_every_field_and_replaces_nothing() -> None:
    changed, replaced = history.diff(None, V1)
    assert changed == ["id", "name", "system_prompt", "tags"]
    assert replaced == {}


def test_entries_give_each_change_its_before_and_after() -> None:
    records = [record(3, V2, V3), record(2, V1, V2)]

    entries = history.entries(records, V3)

    assert [(e.version, [(c.field, c.before, c.after) for c in e.changes]) for e in entries] == [
        (3, [("context", None, "new"), ("tags", ["a"], ["a", "b"])]),
        (2, [("name", "Ann", "Anna")]),
    ]


def test_any_earlier_state_is_rebuilt_from_the_current_one() -> None:
    records = [record(3, V2, V3), record(2, V1, V2)]

    assert history.as_of(V3, records, 1, "p") == {**history.tracked(V1), "version": 1}
    assert history.as_of(V3, records[:1], 2, "p") == {**history.tracked(V2), "version": 2}


def test_a_gap_in_the_history_is_named_not_papered_over() -> None:
    with pytest.raises(ValidationFailed, match="does not reach back to version 1"):
        history.as_of(V3, [record(3, V2, V3)], 1, "p")
    with pytest.raises(ValidationFailed, match="has versions 1 to 3; 4 is not one of them"):
        history.as_of(V3, [], 4, "p")
