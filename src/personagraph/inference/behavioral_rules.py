"""The five behavioral personas and their rules, as data: behavioral persona assignment
from financial signals, as the source specifies it.

A behavioral persona is *assigned* to a subject from signal features over a window
(30 or 180 days). Each persona's rule is a conjunction of groups, each group a
disjunction of :class:`Criterion` (``all_of`` of ``any_of``), which is enough for
every rule of the source:

====  =======================  ========  ============================================
id    persona                  priority  rule (source defaults)
====  =======================  ========  ============================================
1     High Utilization         CRITICAL  ANY of utilization ≥ 50%, interest charges,
                                         minimum payment only, overdue
2     Variable Income          HIGH      median pay gap > 45 days AND buffer < 1 month
3     Subscription-Heavy       MEDIUM    recurring merchants ≥ 3 AND (monthly recurring
                                         spend ≥ $50 OR subscription share ≥ 10%)
4     Savings Builder          LOW       (growth ≥ 2% OR net inflow ≥ $200/month) AND
                                         every card < 30% utilization (no cards passes)
5     Cash Flow Stressed       HIGH      ≥ 30% of days below $100 AND volatility > 1.0
====  =======================  ========  ============================================

The source fixes the criteria, the severity formulas, the priority levels and persona
1 as CRITICAL, and its tie-break test needs two HIGH personas; the names, focus, risk
and the other priorities are ours. A missing or NULL feature fails its criterion unless
the criterion says ``if_missing="pass"`` (the source: no credit cards satisfies persona
4's credit requirement). The shipped configuration, ``seeds/behavioral/personas.yaml``,
holds these same defaults (:mod:`personagraph.behavioral.config` reads it), so a rule
change is a configuration change.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Final

from personagraph.errors import ConfigurationError

__all__ = [
    "DEFAULT_RULES",
    "FEATURES",
    "SIGNALS",
    "Criterion",
    "FeatureKind",
    "FeatureSpec",
    "FeatureValue",
    "IfMissing",
    "Operator",
    "PersonaRule",
    "Priority",
    "RuleSet",
    "Severity",
    "show_value",
]

FeatureValue = float | int | bool | None


class Operator(StrEnum):
    """How a feature value is compared with its threshold."""

    GE = ">="
    GT = ">"
    LE = "<="
    LT = "<"
    EQ = "=="

    def holds(self, actual: float | bool, threshold: float | bool) -> bool:
        """Returns: whether ``actual <op> threshold``."""
        match self:
            case Operator.GE:
                return actual >= threshold
            case Operator.GT:
                return actual > threshold
            case Operator.LE:
                return actual <= threshold
            case Operator.LT:
                return actual < threshold
        return actual == threshold


class IfMissing(StrEnum):
    """What a criterion concludes when its feature is NULL or absent."""

    FAIL = "fail"
    PASS = "pass"


class Priority(StrEnum):
    """The source's priority levels; a lower rank is assigned first."""

    CRITICAL = "CRITICAL"
    HIGH = "HIGH"
    MEDIUM = "MEDIUM"
    LOW = "LOW"

    @property
    def rank(self) -> int:
        """Returns: 0 for CRITICAL up to 3 for LOW."""
        return list(Priority).index(self)


class FeatureKind(StrEnum):
    """The value type of a feature column."""

    NUMBER = "number"
    COUNT = "count"
    FLAG = "flag"


@dataclass(frozen=True, slots=True)
class FeatureSpec:
    """One signal feature: the Parquet file (signal) holding it, its kind, and the range a
    true value lies in (``None``: unbounded on that side), with the reason for it."""

    name: str
    signal: str
    kind: FeatureKind
    description: str
    minimum: float | None = None
    maximum: float | None = None
    bounds: str = ""

    def range_problem(self, value: FeatureValue) -> str | None:
        """Returns: why ``value`` cannot be true (e.g. a share of days above 1), or None."""
        if value is None or isinstance(value, bool) or not math.isfinite(value):
            return None
        if (self.minimum is not None and value < self.minimum) or (
            self.maximum is not None and value > self.maximum
        ):
            return f"{self.name} {value!r}; {self.bounds}"
        return None


SIGNALS: Final = ("subscriptions", "savings", "credit", "income", "cash_flow")

_N, _C, _F = FeatureKind.NUMBER, FeatureKind.COUNT, FeatureKind.FLAG
FEATURES: Final[Mapping[str, FeatureSpec]] = {
    spec.name: spec
    for spec in (
        FeatureSpec("recurring_merchant_count", "subscriptions", _C, "recurring merchants"),
        FeatureSpec("monthly_recurring_spend", "subscriptions", _N, "recurring USD per month"),
        FeatureSpec("subscription_share", "subscriptions", _N, "recurring over all spend, 0-1"),
        FeatureSpec("growth_rate", "savings", _N, "savings growth over the window, 0.02 = 2%"),
        FeatureSpec("net_inflow", "savings", _N, "net USD into savings over the whole window"),
        FeatureSpec(
            "max_utilization",
            "credit",
            _N,
            "highest card utilization; NULL: no card",
            minimum=0,
            bounds="utilization cannot be negative, fix the source data",
        ),
        FeatureSpec("interest_charges", "credit", _N, "interest USD charged over the window"),
        FeatureSpec("minimum_payment_only", "credit", _F, "only minimum payments were made"),
        FeatureSpec("is_overdue", "credit", _F, "a card payment is overdue"),
        FeatureSpec("median_pay_gap_days", "income", _N, "median days between paychecks"),
        FeatureSpec("cash_flow_buffer_months", "income", _N, "months of expenses in checking"),
        FeatureSpec(
            "pct_days_below_100",
            "cash_flow",
            _N,
            "share of days under $100, 0-1",
            minimum=0,
            maximum=1,
            bounds="a share of days lies between 0 and 1 (0.3 = 30% of the days), "
            "fix the source data",
        ),
        FeatureSpec("balance_volatility", "cash_flow", _N, "daily balance std dev over mean"),
    )
}


def show_value(value: float | bool) -> str:
    """Returns: a threshold or feature value as a person reads it (``true``, ``0.68``)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return f"{value:g}"


@dataclass(frozen=True, slots=True)
class Criterion:
    """``feature <op> threshold``; ``per_month`` first scales a window total to 30 days."""

    feature: str
    op: Operator
    threshold: float | bool
    if_missing: IfMissing = IfMissing.FAIL
    per_month: bool = False

    def describe(self) -> str:
        """Returns: the criterion as a person reads it, e.g. ``max_utilization >= 0.5``."""
        monthly = " per month" if self.per_month else ""
        missing = ", missing passes" if self.if_missing is IfMissing.PASS else ""
        return f"{self.feature}{monthly} {self.op} {show_value(self.threshold)}{missing}"


@dataclass(frozen=True, slots=True)
class Severity:
    """severity = feature / scale, as the source defines it (persona 4's growth rate may be
    negative); a missing feature gives 0."""

    feature: str
    scale: float = 1.0


@dataclass(frozen=True, slots=True)
class PersonaRule:
    """One behavioral persona: its metadata and its rule (every group needs one criterion)."""

    id: int
    key: str
    name: str
    priority: Priority
    focus: str
    risk: str
    all_of: tuple[tuple[Criterion, ...], ...]
    severity: Severity

    def __post_init__(self) -> None:
        if not self.all_of or not all(self.all_of):
            raise ConfigurationError(
                f"Persona {self.id} ({self.name!r}) has an empty criteria group; give every "
                "group at least one criterion."
            )

    @property
    def criteria(self) -> tuple[Criterion, ...]:
        """Returns: every criterion, group by group."""
        return tuple(c for group in self.all_of for c in group)


@dataclass(frozen=True, slots=True)
class RuleSet:
    """The behavioral personas evaluated for every subject, in persona id order."""

    personas: tuple[PersonaRule, ...]

    def __post_init__(self) -> None:
        ids = [p.id for p in self.personas]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            raise ConfigurationError(
                f"Persona ids {duplicates} occur more than once; give every persona its own id."
            )
        object.__setattr__(self, "personas", tuple(sorted(self.personas, key=lambda p: p.id)))

    def by_id(self, persona_id: int) -> PersonaRule:
        """Returns: the persona with this id. Raises: KeyError when there is none."""
        for persona in self.personas:
            if persona.id == persona_id:
                return persona
        raise KeyError(persona_id)


def _c(feature: str, op: str, threshold: float | bool, **options: Any) -> Criterion:
    return Criterion(feature, Operator(op), threshold, **options)


DEFAULT_RULES: Final = RuleSet(
    (
        PersonaRule(
            1, "high-utilization", "High Utilization", Priority.CRITICAL,
            "Bring card utilization down and stop paying interest", "high",
            ((_c("max_utilization", ">=", 0.50), _c("interest_charges", ">", 0),
              _c("minimum_payment_only", "==", True), _c("is_overdue", "==", True)),),
            Severity("max_utilization"),
        ),
        PersonaRule(
            2, "variable-income", "Variable Income Budgeter", Priority.HIGH,
            "Smooth irregular pay with a cash buffer", "high",
            ((_c("median_pay_gap_days", ">", 45),), (_c("cash_flow_buffer_months", "<", 1.0),)),
            Severity("median_pay_gap_days", 45.0),
        ),
        PersonaRule(
            3, "subscription-heavy", "Subscription-Heavy", Priority.MEDIUM,
            "Review and trim recurring charges", "medium",
            ((_c("recurring_merchant_count", ">=", 3),),
             (_c("monthly_recurring_spend", ">=", 50.0), _c("subscription_share", ">=", 0.10))),
            Severity("subscription_share"),
        ),
        PersonaRule(
            4, "savings-builder", "Savings Builder", Priority.LOW,
            "Keep saving and put savings to work", "low",
            ((_c("growth_rate", ">=", 0.02), _c("net_inflow", ">=", 200.0, per_month=True)),
             (_c("max_utilization", "<", 0.30, if_missing=IfMissing.PASS),)),
            Severity("growth_rate"),
        ),
        PersonaRule(
            5, "cash-flow-stressed", "Cash Flow Stressed", Priority.HIGH,
            "Keep the balance above zero between paychecks", "high",
            ((_c("pct_days_below_100", ">=", 0.30),), (_c("balance_volatility", ">", 1.0),)),
            Severity("pct_days_below_100"),
        ),
    )
)  # fmt: skip
