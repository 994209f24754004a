"""The opportunity-scoring formulas: hand-computed cases and properties."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from personagraph.analytics import formulas
from personagraph.analytics.formulas import SubScores
from personagraph.model.archetype import Archetype

unit = st.floats(min_value=0.0, max_value=1.0)


def test_hand_computed_sub_scores() -> None:
    assert formulas.pain_weight(4, 0.5) == pytest.approx(0.4)
    assert formulas.odi_score(9, 2) == 16
    assert formulas.odi_score(5, 8) == 5
    # pain part: severity 4/5 x 2.5/10 = 0.2; outcome part: 16/20 = 0.8; mean 0.5
    assert formulas.impact([(4, 0.8)], 2.5, [(9, 2)]) == pytest.approx(0.5)
    assert formulas.feasibility(0.8, 24) == pytest.approx(0.4)
    mix = [(Archetype.AUTOMATOR, 1.0), (Archetype.SKEPTIC, 1.0)]
    assert formulas.adoption_readiness(mix) == pytest.approx(0.6)
    assert formulas.normalise_reach({"a": 2.0, "b": 1.0}) == {"a": 1.0, "b": 0.5}
    assert formulas.overall(1.0, 0.5, 0.5, 1.0) == pytest.approx(0.5**0.5)


def test_nothing_reached_scores_zero() -> None:
    assert formulas.normalise_reach({"a": 0.0}) == {"a": 0.0}
    assert formulas.impact([], 2.0) == 0.0
    assert formulas.adoption_readiness([]) == 0.0


def test_ranking_breaks_ties_by_key() -> None:
    same = [SubScores(key, 0.5, 0.5, 0.5, 0.5) for key in ("b", "a", "c")]
    assert [s.key for s in formulas.rank(same)] == ["a", "b", "c"]


@given(
    st.lists(st.tuples(st.integers(1, 5), st.floats(0.01, 1.0)), max_size=5),
    st.floats(0.01, 10.0),
    st.lists(st.tuples(st.integers(1, 10), st.integers(1, 10)), max_size=5),
    unit,
    st.floats(0.1, 240.0),
    st.lists(st.tuples(st.sampled_from(list(Archetype)), st.floats(0.0, 5.0)), max_size=5),
)
def test_every_sub_score_is_in_the_unit_interval(
    pains: list[tuple[int, float]],
    multiplier: float,
    ratings: list[tuple[int, int]],
    declared: float,
    effort: float,
    mix: list[tuple[Archetype, float]],
) -> None:
    subs = [
        formulas.impact(
            [(float(s), t) for s, t in pains],
            multiplier,
            [(float(i), float(s)) for i, s in ratings],
        ),
        formulas.feasibility(declared, effort),
        formulas.adoption_readiness(mix),
    ]
    assert all(0.0 <= value <= 1.0 for value in subs)


@given(unit, unit, unit, unit)
def test_overall_never_exceeds_the_best_sub_score(r: float, i: float, f: float, a: float) -> None:
    assert formulas.overall(r, i, f, a) <= max(r, i, f, a) + 1e-12


@given(unit, unit, unit, unit, unit, st.integers(0, 3))
def test_overall_is_monotone_in_each_sub_score(
    r: float, i: float, f: float, a: float, bigger: float, which: int
) -> None:
    base = [r, i, f, a]
    raised = list(base)
    raised[which] = max(base[which], bigger)
    assert formulas.overall(*raised) >= formulas.overall(*base) - 1e-12


@given(st.integers(1, 5), st.integers(1, 5), st.floats(0.01, 1.0), st.floats(0.01, 10.0))
def test_impact_grows_with_severity(
    low: int, high: int, strength: float, multiplier: float
) -> None:
    low, high = min(low, high), max(low, high)
    assert formulas.impact([(high, strength)], multiplier) >= formulas.impact(
        [(low, strength)], multiplier
    )
