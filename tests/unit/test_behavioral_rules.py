"""Behavioral persona rules: the source's critical tests, boundaries, NULLs, ranking, STABLE."""

from __future__ import annotations

import json
import math
from datetime import date
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from personagraph.behavioral.config import rules_from_mapping, rules_to_mapping
from personagraph.inference.behavioral import (
    CriterionCheck,
    Status,
    SubjectFeatures,
    assign,
    evaluate,
    rank,
)
from personagraph.inference.behavioral_rules import (
    DEFAULT_RULES,
    Criterion,
    FeatureValue,
    IfMissing,
    Operator,
    PersonaRule,
    Priority,
)

pytestmark = pytest.mark.unit

AS_OF = date(2025, 11, 4)
P1, P2, P3, P4, P5 = (DEFAULT_RULES.by_id(i) for i in range(1, 6))


def subject(window: int = 30, /, **values: FeatureValue) -> SubjectFeatures:
    return SubjectFeatures("user_test", window, AS_OF, values)


# --- the source's nine critical tests ----------------------------------------------------------


def test_persona_1_matches_68_percent_utilization() -> None:
    result = evaluate(P1, subject(max_utilization=0.68))
    assert result.matched
    assert result.severity == pytest.approx(0.68)
    assert [c.criterion.feature for c in result.triggered] == ["max_utilization"]


def test_persona_2_matches_60_day_gap_and_half_month_buffer() -> None:
    result = evaluate(P2, subject(median_pay_gap_days=60, cash_flow_buffer_months=0.5))
    assert result.matched
    assert result.severity == pytest.approx(60 / 45)


def test_persona_3_matches_5_merchants_spending_75_a_month() -> None:
    result = evaluate(P3, subject(recurring_merchant_count=5, monthly_recurring_spend=75.0))
    assert result.matched


def test_persona_4_matches_3_percent_growth_and_15_percent_utilization() -> None:
    result = evaluate(P4, subject(growth_rate=0.03, max_utilization=0.15))
    assert result.matched
    assert result.severity == pytest.approx(0.03)


def test_persona_4_severity_is_the_growth_rate_even_when_savings_shrank() -> None:
    # The source: "P4: growth_rate". A balance that shrank 3% while $250 a month still went
    # in matches on the inflow, and its severity is the negative growth, not a floor of 0.
    shrinking = subject(growth_rate=-0.03, net_inflow=250.0, max_utilization=0.1)
    result = evaluate(P4, shrinking)
    assert result.matched
    assert result.severity == pytest.approx(-0.03)
    assert evaluate(P4, subject(growth_rate=0.05, net_inflow=250.0)).severity > result.severity


def test_persona_5_matches_45_percent_low_days_and_volatility_1_2() -> None:
    result = evaluate(P5, subject(pct_days_below_100=0.45, balance_volatility=1.2))
    assert result.matched
    assert result.severity == pytest.approx(0.45)


def test_tie_break_between_two_high_personas_goes_to_higher_severity() -> None:
    features = subject(
        median_pay_gap_days=50,  # persona 2, severity 1.11
        cash_flow_buffer_months=0.5,
        pct_days_below_100=0.45,  # persona 5, severity 0.45
        balance_volatility=1.2,
    )
    result = assign(features)
    assert P2.priority is P5.priority is Priority.HIGH
    assert (result.primary, result.secondary) == (P2, P5)
    assert "lower severity (0.45 < 1.11)" in result.trace()["result"]["secondary_reasoning"]


def test_subject_without_credit_cards_satisfies_persona_4_credit_requirement() -> None:
    result = evaluate(P4, subject(growth_rate=0.03, max_utilization=None))
    assert result.matched
    assert evaluate(P4, subject(growth_rate=0.03)).matched


def test_subject_matching_no_persona_is_stable() -> None:
    result = assign(subject(max_utilization=0.1, growth_rate=0.0, median_pay_gap_days=14))
    assert result.status is Status.STABLE
    assert (result.primary, result.secondary) == (None, None)
    assert result.trace()["result"]["status"] == "STABLE"


def test_end_to_end_features_to_assignment_trace() -> None:
    features = subject(
        180, max_utilization=0.68, recurring_merchant_count=4, subscription_share=0.2
    )
    result = assign(features)
    trace = json.loads(json.dumps(result.trace()))  # the trace survives JSON as it is
    assert trace["window_days"] == 180
    assert trace["as_of_date"] == "2025-11-04"
    assert sorted(trace["evaluations"]) == [f"persona_{i}" for i in range(1, 6)]
    assert trace["result"]["primary_persona_id"] == 1
    assert trace["result"]["secondary_persona_id"] == 3
    assert "max_utilization 0.68 vs threshold >= 0.5" in trace["result"]["primary_reasoning"]
    assert trace["evaluations"]["persona_2"]["matched"] is False


# --- boundaries and NULLs (hypothesis) ---------------------------------------------------------

THRESHOLDS: list[tuple[Any, dict[str, FeatureValue], str, bool]] = [
    # (persona, other features that hold, feature at its threshold, matched at the threshold)
    (P1, {}, "max_utilization", True),
    (P2, {"cash_flow_buffer_months": 0.5}, "median_pay_gap_days", False),
    (P2, {"median_pay_gap_days": 60}, "cash_flow_buffer_months", False),
    (P3, {"monthly_recurring_spend": 75.0}, "recurring_merchant_count", True),
    (P3, {"recurring_merchant_count": 5}, "monthly_recurring_spend", True),
    (P3, {"recurring_merchant_count": 5}, "subscription_share", True),
    (P4, {"max_utilization": 0.1}, "growth_rate", True),
    (P4, {"growth_rate": 0.03}, "max_utilization", False),
    (P5, {"balance_volatility": 1.2}, "pct_days_below_100", True),
    (P5, {"pct_days_below_100": 0.45}, "balance_volatility", False),
]


@pytest.mark.parametrize(("persona", "others", "feature", "expected"), THRESHOLDS)
def test_a_value_exactly_at_the_threshold_follows_the_sources_operator(
    persona: Any, others: dict[str, FeatureValue], feature: str, expected: bool
) -> None:
    (criterion,) = [c for c in persona.criteria if c.feature == feature]
    assert (
        evaluate(persona, subject(**others, **{feature: criterion.threshold})).matched is expected
    )


@given(window=st.sampled_from([30, 180]), monthly=st.floats(0, 1000))
def test_net_inflow_counts_per_month_of_the_window(window: int, monthly: float) -> None:
    features = subject(window, net_inflow=monthly * window / 30, max_utilization=0.1)
    # Float rounding may move a value on the boundary by one ulp; stay off it.
    if abs(monthly - 200) > 1e-6:
        assert evaluate(P4, features).matched is (monthly >= 200)


feature_values = st.one_of(
    st.none(), st.booleans(), st.integers(-(10**6), 10**6), st.floats(allow_nan=True)
)


@given(
    values=st.dictionaries(
        st.sampled_from(sorted({c.feature for p in DEFAULT_RULES.personas for c in p.criteria})),
        feature_values,
    )
)
def test_any_values_including_nulls_never_fail_and_severity_is_the_scaled_feature(
    values: dict[str, FeatureValue],
) -> None:
    result = assign(subject(**values))
    json.dumps(result.trace(), allow_nan=False)
    for evaluation in result.evaluations:
        severity = evaluation.persona.severity
        value = values.get(severity.feature)
        if value is None or isinstance(value, bool) or not math.isfinite(value):
            assert evaluation.severity == 0
        else:
            assert evaluation.severity == pytest.approx(value / severity.scale)
    assert (result.status is Status.STABLE) is (result.primary is None)


@given(share=st.floats(0, 1), low_days=st.floats(0, 1))
def test_share_severities_stay_between_0_and_1(share: float, low_days: float) -> None:
    features = subject(subscription_share=share, pct_days_below_100=low_days)
    assert 0 <= evaluate(P3, features).severity <= 1
    assert 0 <= evaluate(P5, features).severity <= 1


@pytest.mark.parametrize("persona", DEFAULT_RULES.personas, ids=lambda p: p.key)
def test_missing_features_match_only_where_the_source_says(persona: Any) -> None:
    result = evaluate(persona, subject())
    assert not result.matched
    assert result.severity == 0
    passes = [c.criterion.feature for c in result.checks if c.met]
    assert passes == (["max_utilization"] if persona is P4 else [])
    assert all(c.criterion.if_missing is IfMissing.PASS for c in result.checks if c.met)


# --- ranking -----------------------------------------------------------------------------------


@given(
    utilization=st.floats(0.5, 2),
    gap=st.floats(45.01, 200),
    low_days=st.floats(0.3, 1),
    merchants=st.integers(3, 20),
)
def test_ranking_orders_priority_then_severity_then_id(
    utilization: float, gap: float, low_days: float, merchants: int
) -> None:
    features = subject(
        max_utilization=utilization,
        median_pay_gap_days=gap,
        cash_flow_buffer_months=0.2,
        pct_days_below_100=low_days,
        balance_volatility=1.5,
        recurring_merchant_count=merchants,
        subscription_share=0.3,
    )
    ranked = rank(evaluate(p, features) for p in DEFAULT_RULES.personas)
    keys = [(e.persona.priority.rank, -e.severity, e.persona.id) for e in ranked]
    assert keys == sorted(keys)
    assert ranked[0].persona.id == 1


def test_equal_priority_and_severity_fall_back_to_persona_id() -> None:
    config = rules_to_mapping(DEFAULT_RULES)
    config["personas"][4]["severity"] = {"feature": "median_pay_gap_days", "scale": 45.0}
    rules = rules_from_mapping(config)
    features = subject(
        median_pay_gap_days=60,
        cash_flow_buffer_months=0.5,
        pct_days_below_100=0.45,
        balance_volatility=1.2,
    )
    result = assign(features, rules)
    assert [e.persona.id for e in result.ranked] == [2, 5]
    assert "persona id 5 after 2" in result.trace()["result"]["secondary_reasoning"]


# --- every criterion at its exact threshold, and NULLs anywhere (hypothesis) -------------------

NUMERIC = [
    (persona, criterion)
    for persona in DEFAULT_RULES.personas
    for criterion in persona.criteria
    if not isinstance(criterion.threshold, bool)
]
EQUAL_MEETS = {Operator.GE, Operator.LE, Operator.EQ}
ABOVE_MEETS = {Operator.GE, Operator.GT}
BELOW_MEETS = {Operator.LE, Operator.LT}


def check_of(persona: PersonaRule, criterion: Criterion, value: FeatureValue) -> CriterionCheck:
    (check,) = [
        c for c in evaluate(persona, subject(**{criterion.feature: value})).checks
        if c.criterion == criterion
    ]  # fmt: skip
    return check


@pytest.mark.parametrize(
    ("persona", "criterion"), NUMERIC, ids=[f"p{p.id}-{c.feature}" for p, c in NUMERIC]
)
def test_each_criterion_flips_exactly_at_its_threshold(
    persona: PersonaRule, criterion: Criterion
) -> None:
    threshold = float(criterion.threshold)

    assert check_of(persona, criterion, threshold).met is (criterion.op in EQUAL_MEETS)
    assert check_of(persona, criterion, math.nextafter(threshold, math.inf)).met is (
        criterion.op in ABOVE_MEETS
    )
    assert check_of(persona, criterion, math.nextafter(threshold, -math.inf)).met is (
        criterion.op in BELOW_MEETS
    )


@given(pair=st.sampled_from(NUMERIC), value=st.floats(-1e9, 1e9))
def test_a_criterion_holds_exactly_when_its_comparison_does(
    pair: tuple[PersonaRule, Criterion], value: float
) -> None:
    persona, criterion = pair
    assert check_of(persona, criterion, value).met is criterion.op.holds(value, criterion.threshold)


MATCHING: dict[int, dict[str, FeatureValue]] = {
    1: {"max_utilization": 0.68, "interest_charges": 12.0, "is_overdue": True},
    2: {"median_pay_gap_days": 60.0, "cash_flow_buffer_months": 0.5},
    3: {"recurring_merchant_count": 5, "monthly_recurring_spend": 75.0, "subscription_share": 0.2},
    4: {"growth_rate": 0.03, "net_inflow": 300.0, "max_utilization": 0.15},
    5: {"pct_days_below_100": 0.45, "balance_volatility": 1.2},
}


@given(data=st.data())
def test_a_null_feature_fails_its_criterion_unless_missing_passes(data: st.DataObject) -> None:
    persona = data.draw(st.sampled_from(DEFAULT_RULES.personas))
    values = dict(MATCHING[persona.id])
    nulled = data.draw(st.sets(st.sampled_from(sorted(values)), min_size=1))
    as_nan = data.draw(st.booleans())
    values.update(dict.fromkeys(nulled, math.nan if as_nan else None))

    result = evaluate(persona, subject(**values))

    assert evaluate(persona, subject(**MATCHING[persona.id])).matched
    for check in result.checks:
        if check.criterion.feature in nulled:
            assert check.actual is None
            assert check.met is (check.criterion.if_missing is IfMissing.PASS)
    if persona.severity.feature in nulled:
        assert result.severity == 0


@pytest.mark.parametrize("window", [1, 30])
def test_huge_values_that_overflow_when_scaled_stay_comparable_and_json(window: int) -> None:
    result = assign(subject(window, net_inflow=6e306, growth_rate=1e308, max_utilization=0.1))

    json.dumps(result.trace(), allow_nan=False)
    assert result.primary is P4
    assert math.isfinite(result.ranked[0].severity)
