"""The behavioral rules file: the shipped defaults are the source's, and bad files are explained."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from personagraph.behavioral.config import load_rules, rules_from_mapping, rules_to_mapping
from personagraph.errors import ValidationFailed
from personagraph.inference.behavioral import SubjectFeatures, evaluate
from personagraph.inference.behavioral_rules import DEFAULT_RULES, IfMissing, Operator, Priority
from personagraph.seeding.behavioral_synthetic import DEFAULT_AS_OF as DEFAULT_RULES_AS_OF

pytestmark = pytest.mark.unit

SHIPPED = Path(__file__).resolve().parents[2] / "seeds" / "behavioral" / "personas.yaml"


def test_the_shipped_rules_file_holds_the_sources_defaults() -> None:
    rules = load_rules(SHIPPED)

    assert rules == DEFAULT_RULES
    assert [(p.id, p.priority) for p in rules.personas] == [
        (1, Priority.CRITICAL),
        (2, Priority.HIGH),
        (3, Priority.MEDIUM),
        (4, Priority.LOW),
        (5, Priority.HIGH),
    ]
    (credit,) = [c for c in rules.by_id(4).criteria if c.feature == "max_utilization"]
    assert (credit.op, credit.threshold, credit.if_missing) == (Operator.LT, 0.3, IfMissing.PASS)


def test_default_rules_survive_a_round_trip_through_configuration() -> None:
    config = json.loads(json.dumps(rules_to_mapping(DEFAULT_RULES)))
    assert rules_from_mapping(config) == DEFAULT_RULES


def test_a_changed_threshold_in_the_file_changes_the_match(tmp_path: Path) -> None:
    edited = tmp_path / "personas.yaml"
    edited.write_text(
        SHIPPED.read_text(encoding="utf-8").replace("threshold: 0.50}", "threshold: 0.70}"),
        encoding="utf-8",
    )
    features = SubjectFeatures("user_1", 30, DEFAULT_RULES_AS_OF, {"max_utilization": 0.68})

    assert evaluate(DEFAULT_RULES.by_id(1), features).matched
    assert not evaluate(load_rules(edited).by_id(1), features).matched


def test_bad_configuration_lists_every_problem_with_its_location_and_value() -> None:
    config = rules_to_mapping(DEFAULT_RULES)
    p1 = config["personas"][0]["all_of"][0]["any_of"]
    p1[0]["op"] = "=>"
    p1[1]["feature"] = "interest"
    del p1[2]["threshold"]
    p1[3]["threshhold"] = True
    config["personas"][1]["priority"] = "URGENT"
    config["personas"][2]["all_of"][0]["threshold"] = True

    with pytest.raises(ValidationFailed) as caught:
        rules_from_mapping(config)

    assert caught.value.problems == [
        "personas[0].all_of[0].any_of[0].op: Input should be '>=', '>', '<=', '<' or '==' "
        "(got '=>')",
        "personas[0].all_of[0].any_of[1].feature: unknown feature 'interest'; give one of "
        "balance_volatility, cash_flow_buffer_months, growth_rate, interest_charges, is_overdue, "
        "max_utilization, median_pay_gap_days, minimum_payment_only, monthly_recurring_spend, "
        "net_inflow, pct_days_below_100, recurring_merchant_count, subscription_share "
        "(got 'interest')",
        "personas[0].all_of[0].any_of[2].threshold: Field required",
        "personas[0].all_of[0].any_of[3].threshhold: unknown field; remove it or check its "
        "spelling",
        "personas[1].priority: Input should be 'CRITICAL', 'HIGH', 'MEDIUM' or 'LOW' "
        "(got 'URGENT')",
        "personas[2].all_of[0]: recurring_merchant_count is a number; give a number as threshold",
    ]


def test_repeated_persona_ids_are_refused() -> None:
    config = rules_to_mapping(DEFAULT_RULES)
    config["personas"][3]["id"] = 3

    with pytest.raises(ValidationFailed, match="persona ids must be unique; repeated: 3"):
        rules_from_mapping(config)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"op": ">=", "threshold": True}, "is_overdue is a flag, compared as >= True"),
        ({"threshold": 1}, "is_overdue is a flag, compared as == 1"),
    ],
)
def test_a_flag_is_compared_with_true_or_false_only(
    change: dict[str, object], message: str
) -> None:
    config = rules_to_mapping(DEFAULT_RULES)
    config["personas"][0]["all_of"][0]["any_of"][3].update(change)

    with pytest.raises(ValidationFailed) as caught:
        rules_from_mapping(config)

    assert message in caught.value.problems[0]
    assert "write op '==' with threshold true or false" in caught.value.problems[0]


def test_a_missing_or_malformed_file_names_the_file(tmp_path: Path) -> None:
    broken = tmp_path / "personas.yaml"
    broken.write_text("personas:\n  - id: 1\n    id: 2\n", encoding="utf-8")

    with pytest.raises(ValidationFailed, match=r"personas\.yaml: malformed YAML"):
        load_rules(broken)
    with pytest.raises(ValidationFailed, match=r"nowhere\.yaml: cannot be read"):
        load_rules(tmp_path / "nowhere.yaml")
