"""The columnar evaluator gives exactly the per-subject evaluator's assignments and traces."""

from __future__ import annotations

import json
import math
import sys
from datetime import date
from typing import Any

import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from personagraph.behavioral.graph import assignment_rows, columnar_assignment_rows
from personagraph.errors import ValidationFailed
from personagraph.inference.behavioral import SubjectFeatures, assign
from personagraph.inference.behavioral_columnar import assign_table, features_table
from personagraph.inference.behavioral_rules import (
    DEFAULT_RULES,
    FEATURES,
    Criterion,
    FeatureKind,
    FeatureValue,
    IfMissing,
    Operator,
    PersonaRule,
    Priority,
    RuleSet,
    Severity,
)

pytestmark = pytest.mark.unit

AS_OF = date(2025, 11, 4)
# Every threshold of the shipped rules, so values land exactly on a boundary, and the
# values around and beyond them (overflowing when scaled per month, NaN, infinities).
BOUNDARIES = (0.0, -0.0, 0.02, 0.1, 0.3, 0.5, 1.0, 3.0, 45.0, 50.0, 200.0, 1200.0)
EXTREMES = (sys.float_info.max, -sys.float_info.max, math.nan, math.inf, -math.inf, 5e-324)


def _numbers() -> st.SearchStrategy[float]:
    return st.one_of(
        st.sampled_from(BOUNDARIES + EXTREMES),
        st.sampled_from(BOUNDARIES).map(lambda b: math.nextafter(b, math.inf)),
        st.sampled_from(BOUNDARIES).map(lambda b: math.nextafter(b, -math.inf)),
        st.floats(allow_nan=True, allow_infinity=True),
    )


def _whole() -> st.SearchStrategy[int]:
    return st.one_of(
        st.sampled_from((0, 1, 2, 3, 4, 45, 46, 50, 200)), st.integers(-(2**62), 2**62)
    )


@st.composite
def feature_sets(draw: st.DrawFn) -> list[SubjectFeatures]:
    """Subjects whose every feature column has one type, as a Parquet file's would."""
    count = draw(st.integers(0, 12))
    columns: dict[str, list[FeatureValue]] = {}
    for name, spec in FEATURES.items():
        if draw(st.booleans()) and draw(st.booleans()):
            continue  # the column is absent from every subject
        if spec.kind is FeatureKind.FLAG:
            value: st.SearchStrategy[FeatureValue] = st.booleans()
        elif spec.kind is FeatureKind.COUNT or draw(st.booleans()):
            value = _whole()
        else:
            value = _numbers()
        columns[name] = draw(st.lists(st.none() | value, min_size=count, max_size=count))
    windows = st.sampled_from((30, 180)) | st.integers(1, 400)
    return [
        SubjectFeatures(
            f"user_{row}",
            draw(windows),
            AS_OF,
            {n: values[row] for n, values in columns.items() if values[row] is not None},
        )
        for row in range(count)
    ]


@st.composite
def rule_sets(draw: st.DrawFn) -> RuleSet:
    """Random rules over the real features: ties of priority and severity happen often."""
    personas = []
    for number in range(draw(st.integers(1, 6))):
        groups = []
        for _ in range(draw(st.integers(1, 3))):
            group = []
            for _ in range(draw(st.integers(1, 3))):
                feature = draw(st.sampled_from(sorted(FEATURES)))
                threshold: float | bool
                if FEATURES[feature].kind is FeatureKind.FLAG:
                    op, threshold = Operator.EQ, draw(st.booleans())
                else:
                    op = draw(st.sampled_from(list(Operator)))
                    threshold = draw(st.sampled_from((*BOUNDARIES, 2.5, 0.25, 45.5)))
                missing = draw(st.sampled_from(list(IfMissing)))
                group.append(Criterion(feature, op, threshold, missing, draw(st.booleans())))
            groups.append(tuple(group))
        severity = Severity(
            draw(st.sampled_from(sorted(FEATURES))), draw(st.sampled_from((1.0, 45.0, 0.5)))
        )
        personas.append(
            PersonaRule(
                number + 1,
                f"persona-{number + 1}",
                f"Persona {number + 1}",
                draw(st.sampled_from(list(Priority))),
                "focus",
                "low",
                tuple(groups),
                severity,
            )
        )
    return RuleSet(tuple(personas))


def _both(subjects: list[SubjectFeatures], rules: RuleSet) -> tuple[list[str], list[str]]:
    columnar = assign_table(features_table(subjects), rules, AS_OF)
    expected = [assign(s, rules) for s in subjects]
    table = columnar.table.to_pylist()
    for row, assignment in zip(table, expected, strict=True):
        assert row["status"] == assignment.status.value
        assert row["primary_persona_id"] == (assignment.primary and assignment.primary.id)
        assert row["secondary_persona_id"] == (assignment.secondary and assignment.secondary.id)
    assert columnar.ranked_ids() == [[e.persona.id for e in a.ranked] for a in expected]
    # JSON text, not dicts: 3 and 3.0, or 0.0 and -0.0, would compare equal as numbers.
    ours = list(columnar.traces())
    theirs = [json.dumps(a.trace(), allow_nan=False) for a in expected]
    return ours, theirs


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(feature_sets())
def test_the_shipped_rules_give_the_per_subject_result_and_trace(
    subjects: list[SubjectFeatures],
) -> None:
    ours, theirs = _both(subjects, DEFAULT_RULES)
    assert ours == theirs


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(feature_sets(), rule_sets())
def test_any_rules_give_the_per_subject_result_and_trace(
    subjects: list[SubjectFeatures], rules: RuleSet
) -> None:
    ours, theirs = _both(subjects, rules)
    assert ours == theirs


def test_exact_thresholds_decide_as_the_source_says() -> None:
    subjects = [
        SubjectFeatures("at_50_percent", 30, AS_OF, {"max_utilization": 0.5}),
        SubjectFeatures("below", 30, AS_OF, {"max_utilization": math.nextafter(0.5, 0)}),
        # $1,200 over 180 days is exactly $200 a month: Savings Builder (no card passes).
        SubjectFeatures("per_month", 180, AS_OF, {"net_inflow": 1200.0}),
        SubjectFeatures(
            "gap_45", 30, AS_OF, {"median_pay_gap_days": 45, "cash_flow_buffer_months": 0.5}
        ),
    ]
    table = assign_table(features_table(subjects), DEFAULT_RULES, AS_OF).table
    assert table["primary_persona_id"].to_pylist() == [1, None, 4, None]
    assert table["status"].to_pylist() == ["ASSIGNED", "STABLE", "ASSIGNED", "STABLE"]


def test_an_integer_column_meets_a_fractional_threshold_without_rounding() -> None:
    rules = RuleSet(
        (
            PersonaRule(
                1, "big", "Big", Priority.LOW, "f", "low",
                ((Criterion("recurring_merchant_count", Operator.GT, 2.5),),),
                Severity("recurring_merchant_count"),
            ),
        )
    )  # fmt: skip
    values: list[Any] = [2, 3, 2**62 + 1]
    subjects = [
        SubjectFeatures(f"u{i}", 30, AS_OF, {"recurring_merchant_count": v})
        for i, v in enumerate(values)
    ]
    ours, theirs = _both(subjects, rules)
    assert ours == theirs
    assert [json.loads(t)["result"]["status"] for t in ours] == ["STABLE", "ASSIGNED", "ASSIGNED"]


def test_a_table_without_its_key_columns_or_with_a_bad_window_is_refused() -> None:
    with pytest.raises(ValidationFailed, match="no column 'window_days'"):
        assign_table(pa.table({"user_id": ["u1"]}), DEFAULT_RULES, AS_OF)
    with pytest.raises(ValidationFailed, match="window_days is 0 for 'u1'"):
        assign_table(pa.table({"user_id": ["u1"], "window_days": [0]}), DEFAULT_RULES, AS_OF)


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(feature_sets())
def test_the_graph_rows_are_those_of_the_per_subject_path(subjects: list[SubjectFeatures]) -> None:
    features = features_table(subjects)
    columnar = assign_table(features, DEFAULT_RULES, AS_OF)
    expected = assignment_rows([(assign(s, DEFAULT_RULES), s.values) for s in subjects], "digest")
    assert columnar_assignment_rows(columnar, features, "digest") == expected


@pytest.mark.parametrize("threshold", [1e19, -1e19, 9.3e18])
@pytest.mark.parametrize("op", list(Operator))
def test_a_threshold_beyond_every_64_bit_integer_compares_a_whole_number_column_exactly(
    threshold: float, op: Operator
) -> None:
    rules = RuleSet(
        (
            PersonaRule(
                1, "far", "Far", Priority.LOW, "f", "low",
                ((Criterion("recurring_merchant_count", op, threshold, IfMissing.FAIL),),),
                Severity("growth_rate"),
            ),
        )
    )  # fmt: skip
    values: list[Any] = [0, 2**63 - 1, -(2**63), None]
    subjects = [
        SubjectFeatures(f"u{i}", 30, AS_OF, {} if v is None else {"recurring_merchant_count": v})
        for i, v in enumerate(values)
    ]
    ours, theirs = _both(subjects, rules)
    assert ours == theirs
