"""The parts of impact, feasibility and adoption readiness add up to the sub-scores, and the
window of top personas is trusted only when it can tell the top (no database)."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from personagraph.analytics import formulas
from personagraph.analytics.explanation import (
    Contribution,
    Explanation,
    ReachParts,
    from_json,
    to_json,
    top_contributions,
)
from personagraph.analytics.progress import ProgressEvent, Steps
from personagraph.analytics.top_personas import settle
from personagraph.model.archetype import Archetype

severities = st.floats(min_value=1, max_value=5)
strengths = st.floats(min_value=0.05, max_value=1)
scale = st.floats(min_value=0, max_value=10)
pains = st.lists(st.tuples(severities, strengths), max_size=20)
ratings = st.lists(st.tuples(scale, scale), max_size=20)


@given(pains, st.floats(min_value=0, max_value=20), ratings)
def test_the_impact_parts_add_up_to_impact(
    found: list[tuple[float, float]], multiplier: float, rated: list[tuple[float, float]]
) -> None:
    sums = formulas.ImpactSums(
        severity_strength=sum(s * t for s, t in found),
        strength=sum(t for _, t in found),
        pain_links=len(found),
        odi=sum(formulas.odi_score(i, s) for i, s in rated),
        ratings=len(rated),
    )

    parts = formulas.impact_parts(sums, multiplier)

    assert parts.pain_contribution + parts.outcomes_contribution == pytest.approx(
        formulas.impact(found, multiplier, rated), abs=1e-12
    )
    assert (parts.pain is None) == (not found)
    assert (parts.outcomes is None) == (not rated)


def test_the_seed_catalogs_top_opportunity_owes_most_of_its_impact_to_odi() -> None:
    # Issue 21's figures: an impact sum of 0.741, of which 0.614 is the ODI part.
    parts = formulas.impact_parts(
        formulas.ImpactSums(
            severity_strength=0.127 * 5 * 10 / 10 * 2, strength=2, pain_links=2,
            odi=0.614 * 20, ratings=1,
        ),
        value_multiplier=10,
    )  # fmt: skip

    assert parts.pain == pytest.approx(0.127)
    assert parts.outcomes == pytest.approx(0.614)
    assert parts.value == pytest.approx(0.741 / 2)
    assert parts.outcomes_contribution / parts.value == pytest.approx(0.614 / 0.741)


@given(st.floats(min_value=-1, max_value=2), st.floats(min_value=-5, max_value=200))
def test_feasibility_is_its_declared_value_times_the_effort_factor(
    declared: float, effort: float
) -> None:
    parts = formulas.feasibility_parts(declared, effort)

    assert parts.declared * parts.effort_factor == pytest.approx(
        formulas.feasibility(declared, effort), abs=1e-12
    )
    assert 0 <= parts.declared <= 1
    assert parts.effort_factor == pytest.approx(24 / (24 + max(effort, 0)))


@given(st.dictionaries(st.sampled_from(list(Archetype)), st.floats(min_value=0, max_value=50)))
def test_the_archetype_contributions_add_up_to_adoption_readiness(
    weights: dict[Archetype, float],
) -> None:
    shares = formulas.readiness_parts(weights)

    assert sum(s.contribution for s in shares) == pytest.approx(
        formulas.adoption_readiness(weights.items()), abs=1e-12
    )
    if shares:
        assert sum(s.share for s in shares) == pytest.approx(1.0)
    largest_first = [round(s.contribution, 12) for s in shares]
    assert largest_first == sorted(largest_first, reverse=True)


def test_an_explanation_survives_its_json_round_trip() -> None:
    explanation = Explanation(
        personas=(Contribution("ann", 0.4),),
        pain_points=(Contribution("slow", 0.6),),
        jtbds=(),
        functions=(Contribution("SALES", 1.0),),
        reach=ReachParts("degree", 2.0, 4.0),
        impact=formulas.impact_parts(formulas.ImpactSums(8.0, 2.0, 2, 15.0, 1), 5.0),
        feasibility=formulas.feasibility_parts(0.8, 12),
        readiness=formulas.readiness_parts({Archetype.SKEPTIC: 1.0, Archetype.AUTOMATOR: 3.0}),
    )

    assert from_json(to_json(explanation)) == explanation
    assert explanation.reach is not None
    assert explanation.reach.value == 0.5


def test_an_explanation_stored_before_the_breakdowns_reads_without_them() -> None:
    old = (
        '{"functions": [], "jtbds": [], "pain_points": [], "personas": [{"key": "a", "share": 1}]}'
    )

    found = from_json(old)

    assert found is not None
    assert found.personas == (Contribution("a", 1),)
    assert found.impact is None
    assert found.readiness is None


def test_top_contributions_break_equal_shares_by_key() -> None:
    found = top_contributions([("b", 1.0), ("a", 1.0 + 1e-15), ("c", 2.0)], 4.0, 2)

    assert found == (Contribution("c", 0.5), Contribution("a", 0.25 + 0.25e-15))


def _candidate(key: str, weight: float, active: bool = True) -> dict[str, Any]:
    return {"key": key, "weight": weight, "active": active}


def test_a_window_that_holds_every_persona_settles_the_top() -> None:
    found = settle([_candidate("b", 1.0), _candidate("a", 1.0), _candidate("c", 3.0)], 2, 5)

    assert found is not None
    assert [c["key"] for c in found] == ["c", "a"]


def test_a_full_window_settles_when_its_lightest_persona_is_outweighed() -> None:
    window = [_candidate("x", 3.0), _candidate("y", 2.0), _candidate("z", 1.0)]

    assert [c["key"] for c in settle(window, 2, 3) or []] == ["x", "y"]


def test_a_full_window_does_not_settle_a_tie_that_may_run_past_it() -> None:
    window = [_candidate("x", 3.0), _candidate("y", 1.0), _candidate("z", 1.0)]

    assert settle(window, 2, 3) is None


def test_inactive_personas_leave_the_top_and_may_leave_it_unsettled() -> None:
    window = [_candidate("x", 3.0, active=False), _candidate("y", 2.0), _candidate("z", 1.0)]

    assert settle(window, 1, 3) == [_candidate("y", 2.0)]
    assert settle(window, 2, 3) is None


def test_steps_number_themselves_and_carry_batch_progress() -> None:
    events: list[ProgressEvent] = []
    steps = Steps("scoring", "run-1", ("sum", "write"), events.append)

    steps.start("sum")
    steps.start("write")
    steps.advance(500, 1000)

    assert [(e.step, e.index, e.steps, e.done, e.total) for e in events] == [
        ("sum", 1, 2, None, None),
        ("write", 2, 2, None, None),
        ("write", 2, 2, 500, 1000),
    ]
    assert all(e.run_id == "run-1" and e.analysis == "scoring" for e in events)
