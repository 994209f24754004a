"""The pure parts of an assignment run: --windows, graph rows, the validation report."""

from __future__ import annotations

import json
import math
from datetime import date

import pytest

from personagraph.behavioral.features import SubjectArchetype
from personagraph.behavioral.graph import (
    StoredAssignment,
    assignment_id,
    assignment_rows,
    persona_rows,
)
from personagraph.behavioral.report import summarize
from personagraph.behavioral.run import parse_windows
from personagraph.errors import ValidationFailed
from personagraph.inference.behavioral import SubjectFeatures, assign
from personagraph.inference.behavioral_rules import DEFAULT_RULES, FEATURES

pytestmark = pytest.mark.unit

AS_OF = date(2025, 11, 4)


def test_windows_are_read_from_a_comma_separated_list() -> None:
    assert parse_windows("30,180") == (30, 180)
    assert parse_windows(" 90 ") == (90,)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("30,x", "--windows '30,x': 'x' is not a number of days; give e.g. 30,180"),
        ("0", "--windows '0': '0' is not a number of days; give e.g. 30,180"),
        ("30,30", "--windows '30,30': 30 appears twice; give it once"),
    ],
)
def test_bad_windows_name_the_bad_part(text: str, problem: str) -> None:
    with pytest.raises(ValidationFailed) as caught:
        parse_windows(text)
    assert caught.value.problems == [problem]


def test_an_assignment_row_holds_its_features_result_and_trace() -> None:
    values = {"max_utilization": 0.68, "subscription_share": math.nan}
    result = assign(SubjectFeatures("user_9", 180, AS_OF, values))

    (row,) = assignment_rows([(result, values)], "digest")

    assert row["id"] == assignment_id("user_9", 180, AS_OF) == "user_9|180|2025-11-04"
    assert row["primary"] == "behavioral-high-utilization"
    assert row["secondary"] is None
    props = row["props"]
    assert set(FEATURES) <= set(props)
    assert props["max_utilization"] == 0.68
    assert props["subscription_share"] is None  # NaN is missing, and clears an older value
    assert "subscription_share" in props["missing_features"]
    assert (props["status"], props["primary_persona_id"]) == ("ASSIGNED", 1)
    assert json.loads(props["trace"])["result"]["primary_persona_name"] == "High Utilization"


def test_persona_rows_keep_the_source_ids_and_rules_in_words() -> None:
    rows = {row["id"]: row for row in persona_rows(DEFAULT_RULES)}

    p4 = rows["behavioral-savings-builder"]["props"]
    assert (p4["behavioral_id"], p4["priority"], p4["priority_rank"]) == (4, "LOW", 3)
    assert p4["criteria"][-1] == "max_utilization < 0.3, missing passes"
    assert rows["behavioral-high-utilization"]["props"]["criteria"][2] == (
        "minimum_payment_only == true"
    )
    assert len({row["hash"] for row in rows.values()}) == 5


def stored(
    user: str, window: int, primary: int | None, secondary: int | None = None
) -> StoredAssignment:
    status = "ASSIGNED" if primary else "STABLE"
    return StoredAssignment(user, window, status, primary, secondary, has_trace=True)


def test_the_report_counts_personas_per_window_and_finds_changes_and_gaps() -> None:
    rows = [
        stored("a", 30, 1, 3),
        stored("a", 180, 3),
        stored("b", 30, None),
        stored("b", 180, None),
        stored("c", 30, 1),
    ]
    archetypes = {"a": SubjectArchetype.HIGH_UTILIZER, "b": SubjectArchetype.STABLE}

    summary = summarize(rows, (30, 180), archetypes)

    assert (summary.subjects, summary.assignments, summary.expected_assignments) == (3, 5, 6)
    assert summary.uncovered == ("c",)
    assert summary.counts == {1: {30: 2}, 3: {180: 1}, None: {30: 1, 180: 1}}
    assert (summary.stable, summary.with_secondary, summary.differing) == (2, 1, ("a",))
    alignment = {row.archetype: (row.aligned, row.subject_windows) for row in summary.alignment}
    assert alignment == {SubjectArchetype.HIGH_UTILIZER: (1, 2), SubjectArchetype.STABLE: (2, 2)}
