"""Behavioral persona assignment: evaluate the rules, rank the matches, explain the result.

For one subject and one window, every persona of the :class:`RuleSet` is evaluated
(:func:`evaluate`); the matched ones are ranked by priority (CRITICAL first), then
severity (highest first), then persona id; the first is the primary persona, the
second the secondary, and a subject matching none is ``STABLE`` (:func:`assign`).
:meth:`Assignment.trace` is the audit trace the assignment rules ask for: all
evaluations, matched or not, with actual against threshold values, and the reasoning
for the result.

A NULL, NaN or absent feature is *missing*: its criterion follows ``if_missing`` and
it gives severity 0, so no input makes evaluation fail.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any, Final

from personagraph.errors import ValidationFailed
from personagraph.inference.behavioral_rules import (
    DEFAULT_RULES,
    Criterion,
    FeatureValue,
    IfMissing,
    PersonaRule,
    RuleSet,
    Severity,
    show_value,
)

__all__ = [
    "Assignment",
    "CriterionCheck",
    "Evaluation",
    "Status",
    "SubjectFeatures",
    "assign",
    "assign_all",
    "describe_check",
    "evaluate",
    "rank",
    "rank_key",
    "reasoning",
    "stable_reasoning",
]

DAYS_PER_MONTH: Final = 30.0
_ORDINALS: Final = ("first", "second")


class Status(StrEnum):
    """Whether any persona matched a subject in a window."""

    ASSIGNED = "ASSIGNED"
    STABLE = "STABLE"


@dataclass(frozen=True, slots=True)
class SubjectFeatures:
    """One subject's features for one window and as-of date; absent names are missing.

    Raises:
        ValidationFailed: ``window_days`` is not a positive whole number.
    """

    user_id: str
    window_days: int
    as_of: date
    values: Mapping[str, FeatureValue] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if isinstance(self.window_days, bool) or self.window_days < 1:
            raise ValidationFailed(
                [f"window_days is {self.window_days!r} for {self.user_id!r}; give 30 or 180"]
            )


@dataclass(frozen=True, slots=True)
class CriterionCheck:
    """One criterion applied to one subject: the value it saw and whether it held."""

    criterion: Criterion
    actual: float | bool | None
    met: bool

    @property
    def missing(self) -> bool:
        """Returns: whether the feature was NULL or absent."""
        return self.actual is None

    def trace(self) -> dict[str, Any]:
        """Returns: the check as JSON-ready data."""
        c = self.criterion
        return {
            "feature": c.feature + ("_per_month" if c.per_month else ""),
            "operator": c.op.value,
            "threshold": c.threshold,
            "actual": self.actual,
            "met": self.met,
        }

    def describe(self) -> str:
        """Returns: e.g. ``max_utilization 0.68 vs threshold >= 0.5``."""
        return describe_check(self.criterion, self.actual, self.met)


def describe_check(criterion: Criterion, actual: float | bool | None, met: bool) -> str:
    """Returns: one criterion applied to one value as a person reads it (both evaluators)."""
    shown = show_value(actual) if actual is not None else "missing"
    if actual is None and met:
        shown = "missing (which passes)"
    return (
        f"{criterion.feature} {shown} vs threshold {criterion.op} {show_value(criterion.threshold)}"
    )


@dataclass(frozen=True, slots=True)
class Evaluation:
    """One persona evaluated for one subject and window."""

    persona: PersonaRule
    matched: bool
    checks: tuple[CriterionCheck, ...]
    severity: float

    @property
    def triggered(self) -> tuple[CriterionCheck, ...]:
        """Returns: the checks that held (for a matched persona: why it matched)."""
        return tuple(check for check in self.checks if check.met)

    def trace(self) -> dict[str, Any]:
        """Returns: the evaluation as the audit trace writes it."""
        p = self.persona
        return {
            "persona_id": p.id,
            "name": p.name,
            "matched": self.matched,
            "priority": p.priority.value,
            "severity": self.severity,
            "criteria": [check.trace() for check in self.checks],
            "triggered_by": [check.criterion.feature for check in self.triggered],
        }


def _value(features: SubjectFeatures, criterion: Criterion) -> float | bool | None:
    value = features.values.get(criterion.feature)
    if value is None or (not isinstance(value, bool) and not math.isfinite(value)):
        return None
    if criterion.per_month and not isinstance(value, bool):
        return _finite(value * DAYS_PER_MONTH / features.window_days)
    return value


def _finite(value: float) -> float:
    # Scaling a huge but finite value can overflow; the largest float keeps every
    # comparison right and the trace valid JSON.
    return max(min(value, sys.float_info.max), -sys.float_info.max)


def _check(criterion: Criterion, features: SubjectFeatures) -> CriterionCheck:
    actual = _value(features, criterion)
    if actual is None:
        return CriterionCheck(criterion, None, criterion.if_missing is IfMissing.PASS)
    return CriterionCheck(criterion, actual, criterion.op.holds(actual, criterion.threshold))


def _severity(severity: Severity, features: SubjectFeatures) -> float:
    value = features.values.get(severity.feature)
    if value is None or isinstance(value, bool) or not math.isfinite(value):
        return 0.0
    # The source's severity is the feature itself (scaled), sign included: a Savings
    # Builder whose balance shrank (growth -3%) but who still moved $200 a month in ranks
    # below one whose savings grew, with severity -0.03.
    return _finite(value / severity.scale)


def evaluate(persona: PersonaRule, features: SubjectFeatures) -> Evaluation:
    """Applies one persona's rule to one subject's features.

    Args:
        persona: the rule: every group must hold, a group holds when any criterion does.
        features: the subject's features for one window.

    Returns:
        Whether the persona matched, every criterion with its actual value, and the
        severity (``feature / scale``, negative when the feature is; 0 when it is missing).
    """
    groups = [tuple(_check(c, features) for c in group) for group in persona.all_of]
    matched = all(any(check.met for check in group) for group in groups)
    checks = tuple(check for group in groups for check in group)
    return Evaluation(persona, matched, checks, _severity(persona.severity, features))


def rank_key(evaluation: Evaluation) -> tuple[int, float, int]:
    """Returns: the sort key: priority rank, then severity descending, then persona id."""
    return (evaluation.persona.priority.rank, -evaluation.severity, evaluation.persona.id)


def rank(evaluations: Iterable[Evaluation]) -> tuple[Evaluation, ...]:
    """Returns: the matched evaluations, the one to assign first at the front."""
    return tuple(sorted((e for e in evaluations if e.matched), key=rank_key))


@dataclass(frozen=True, slots=True)
class Assignment:
    """The personas assigned to one subject for one window and as-of date."""

    user_id: str
    window_days: int
    as_of: date
    evaluations: tuple[Evaluation, ...]
    ranked: tuple[Evaluation, ...]

    @property
    def status(self) -> Status:
        """Returns: ASSIGNED when a persona matched, else STABLE."""
        return Status.ASSIGNED if self.ranked else Status.STABLE

    @property
    def primary(self) -> PersonaRule | None:
        """Returns: the first ranked persona, or None when STABLE."""
        return self.ranked[0].persona if self.ranked else None

    @property
    def secondary(self) -> PersonaRule | None:
        """Returns: the second ranked persona, or None."""
        return self.ranked[1].persona if len(self.ranked) > 1 else None

    def trace(self) -> dict[str, Any]:
        """Returns: the JSON-ready audit trace: subject, window, every evaluation, result."""
        return {
            "user_id": self.user_id,
            "window_days": self.window_days,
            "as_of_date": self.as_of.isoformat(),
            "evaluations": {f"persona_{e.persona.id}": e.trace() for e in self.evaluations},
            "result": self._result(),
        }

    def _result(self) -> dict[str, Any]:
        result: dict[str, Any] = {"status": self.status.value}
        if not self.ranked:
            result["reasoning"] = stable_reasoning(len(self.evaluations))
        for slot, evaluation in zip(("primary", "secondary"), self.ranked, strict=False):
            result[f"{slot}_persona_id"] = evaluation.persona.id
            result[f"{slot}_persona_name"] = evaluation.persona.name
            result[f"{slot}_reasoning"] = _reasoning(evaluation, self.ranked)
        result["ranking"] = [e.persona.id for e in self.ranked]
        return result


def stable_reasoning(personas: int) -> str:
    """Returns: the reasoning of a STABLE result over ``personas`` evaluated personas."""
    return f"None of the {personas} personas matched; status STABLE."


def _reasoning(evaluation: Evaluation, ranked: tuple[Evaluation, ...]) -> str:
    first = ranked[0]
    return reasoning(
        evaluation.persona,
        evaluation.severity,
        [check.describe() for check in evaluation.triggered],
        ranked.index(evaluation),
        len(ranked),
        first.persona,
        first.severity,
    )


def reasoning(
    persona: PersonaRule,
    severity: float,
    triggered: Sequence[str],
    position: int,
    matched: int,
    first: PersonaRule,
    first_severity: float,
) -> str:
    """Returns: why ``persona`` is ranked at ``position`` (0: primary) of ``matched``
    personas behind ``first``, from the described checks that held (both evaluators)."""
    text = (
        f"Matched on {'; '.join(triggered)}. Severity: {severity:.2f}. "
        f"Priority: {persona.priority}. Ranked {_ORDINALS[position]} of "
        f"{matched} matched persona{'s' if matched != 1 else ''}"
    )
    if position == 0:
        return text + "."
    return f"{text}: {_behind(persona, severity, first, first_severity)}."


def _behind(mine: PersonaRule, severity: float, theirs: PersonaRule, first_severity: float) -> str:
    if mine.priority is not theirs.priority:
        return f"priority {mine.priority} comes after {theirs.priority}"
    if severity != first_severity:
        return f"same priority, lower severity ({severity:.2f} < {first_severity:.2f})"
    return f"same priority and severity, persona id {mine.id} after {theirs.id}"


def assign(features: SubjectFeatures, rules: RuleSet = DEFAULT_RULES) -> Assignment:
    """Assigns behavioral personas to one subject for one window.

    Args:
        features: the subject's features for the window; missing ones never fail.
        rules: the personas to evaluate (the source's defaults unless configured).

    Returns:
        Every evaluation and the ranked matches: primary, secondary, or STABLE.
    """
    evaluations = tuple(evaluate(persona, features) for persona in rules.personas)
    return Assignment(
        features.user_id, features.window_days, features.as_of, evaluations, rank(evaluations)
    )


def assign_all(
    subjects: Iterable[SubjectFeatures], rules: RuleSet = DEFAULT_RULES
) -> list[Assignment]:
    """Returns: one :func:`assign` result per subject and window, in input order."""
    return [assign(features, rules) for features in subjects]
