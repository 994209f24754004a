"""The behavioral rules compiled once to column expressions that any columnar engine runs.

:func:`compile_plan` turns a :class:`RuleSet`, and the kinds of the feature columns at
hand, into a :class:`Plan`: named output columns in dependency order, each an
expression over the feature columns and ``window_days``:

- per criterion ``p<p>_c<group>_<i>_actual`` (the value it compared, ``per_month``
  scaled) and ``_met`` (whether it held, ``if_missing`` deciding for a missing value);
- per persona ``p<p>_matched``, ``p<p>_severity`` and ``p<p>_position`` (how many
  matched personas rank before it: 0 is the primary, 1 the secondary, NULL when it did
  not match);
- ``primary_persona_id``, ``secondary_persona_id``, ``matched_count`` and ``status``.

Two back ends evaluate the same plan: pyarrow.compute
(:mod:`personagraph.inference.behavioral_columnar`) and Spark SQL
(:mod:`personagraph.behavioral.spark.expressions`). The per-subject evaluator
(:mod:`personagraph.inference.behavioral`) stays the specification both are tested
against, so every back end must give each node exactly this meaning:

==============  =========================================================================
``Feature``     the feature column, NaN and ±infinity read as NULL (a feature the input
                lacks is NULL everywhere, of its kind)
``Window``      ``window_days`` as a float
``Const``       a literal of its kind (``None``: NULL)
``AsFloat``     a whole number or float as a float (IEEE, rounded to nearest)
``AsInt``       a flag as 0 or 1
``Arith``       ``*`` or ``/`` of floats (IEEE: an overflow is infinite)
``Clamp``       into ±the largest float; NULL stays NULL
``Compare``     ``<op>`` with NULL when either side is NULL (-0.0 equals 0.0)
``FillNull``    the value, or the constant where it is NULL
``Logic``       ``and`` / ``or`` of operands that are never NULL
``IfElse``      NULL where the condition is NULL
``IsValid``     whether the value is not NULL
``Count``       how many of the (never NULL) conditions hold, a whole number
``Ref``         an output column computed earlier in the plan
==============  =========================================================================
"""

from __future__ import annotations

import math
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Final, Literal

from personagraph.inference.behavioral import DAYS_PER_MONTH, Status
from personagraph.inference.behavioral_rules import (
    FEATURES,
    Criterion,
    FeatureKind,
    IfMissing,
    Operator,
    PersonaRule,
    RuleSet,
)

__all__ = [
    "INT64_MAX",
    "INT64_MIN",
    "LARGEST_FLOAT",
    "Arith",
    "AsFloat",
    "AsInt",
    "Clamp",
    "Compare",
    "Const",
    "Count",
    "Expr",
    "Feature",
    "FillNull",
    "IfElse",
    "IsValid",
    "Kind",
    "Logic",
    "Output",
    "Plan",
    "Ref",
    "Window",
    "compile_plan",
    "criterion_column",
]

LARGEST_FLOAT: Final = sys.float_info.max
INT64_MAX: Final = 2**63 - 1
INT64_MIN: Final = -(2**63)


class Kind(StrEnum):
    """The type of a column or expression."""

    FLOAT = "float"
    INT = "int"
    BOOL = "bool"
    TEXT = "text"


FEATURE_KIND: Final = {
    FeatureKind.NUMBER: Kind.FLOAT,
    FeatureKind.COUNT: Kind.INT,
    FeatureKind.FLAG: Kind.BOOL,
}


@dataclass(frozen=True, slots=True)
class Feature:
    name: str
    kind: Kind
    present: bool


@dataclass(frozen=True, slots=True)
class Window:
    pass


@dataclass(frozen=True, slots=True)
class Const:
    value: float | int | bool | str | None
    kind: Kind


@dataclass(frozen=True, slots=True)
class AsFloat:
    arg: Expr


@dataclass(frozen=True, slots=True)
class AsInt:
    arg: Expr


@dataclass(frozen=True, slots=True)
class Arith:
    op: Literal["*", "/"]
    left: Expr
    right: Expr


@dataclass(frozen=True, slots=True)
class Clamp:
    arg: Expr


@dataclass(frozen=True, slots=True)
class Compare:
    op: Operator
    left: Expr
    right: Expr


@dataclass(frozen=True, slots=True)
class FillNull:
    arg: Expr
    value: Const


@dataclass(frozen=True, slots=True)
class Logic:
    op: Literal["and", "or"]
    args: tuple[Expr, ...]


@dataclass(frozen=True, slots=True)
class IfElse:
    cond: Expr
    then: Expr
    otherwise: Expr


@dataclass(frozen=True, slots=True)
class IsValid:
    arg: Expr


@dataclass(frozen=True, slots=True)
class Count:
    conditions: tuple[Expr, ...]


@dataclass(frozen=True, slots=True)
class Ref:
    name: str


Expr = (
    Feature
    | Window
    | Const
    | AsFloat
    | AsInt
    | Arith
    | Clamp
    | Compare
    | FillNull
    | Logic
    | IfElse
    | IsValid
    | Count
    | Ref
)


@dataclass(frozen=True, slots=True)
class Output:
    """One output column: its name, the kind of its values and how it is computed."""

    name: str
    kind: Kind
    expr: Expr


@dataclass(frozen=True, slots=True)
class Plan:
    """The output columns of one rule set over one set of feature columns, each after
    the columns it refers to (:class:`Ref`)."""

    rules: RuleSet
    outputs: tuple[Output, ...]


def criterion_column(persona: PersonaRule, group: int, index: int) -> str:
    """Returns: the prefix of one criterion's output columns, ``p<p>_c<group>_<index>``."""
    return f"p{persona.id}_c{group}_{index}"


def compile_plan(rules: RuleSet, columns: Mapping[str, Kind]) -> Plan:
    """Compiles the rules for feature columns of the given kinds.

    Args:
        rules: the personas.
        columns: the kind of each feature column the input has; a feature not listed
            is missing for every row.

    Returns:
        Every output column, in an order where each follows those it refers to.
    """
    outputs: list[Output] = []
    for persona in rules.personas:
        groups = []
        for g, group in enumerate(persona.all_of):
            met = []
            for i, criterion in enumerate(group):
                name = criterion_column(persona, g, i)
                actual, kind = _actual(criterion, columns)
                holds = _holds(Ref(f"{name}_actual"), kind, criterion.op, criterion.threshold)
                passes = Const(criterion.if_missing is IfMissing.PASS, Kind.BOOL)
                outputs.append(Output(f"{name}_actual", kind, actual))
                outputs.append(Output(f"{name}_met", Kind.BOOL, FillNull(holds, passes)))
                met.append(Ref(f"{name}_met"))
            groups.append(met[0] if len(met) == 1 else Logic("or", tuple(met)))
        matched = groups[0] if len(groups) == 1 else Logic("and", tuple(groups))
        outputs.append(Output(f"p{persona.id}_matched", Kind.BOOL, matched))
        outputs.append(Output(f"p{persona.id}_severity", Kind.FLOAT, _severity(persona, columns)))
    outputs += _ranking(rules)
    return Plan(rules, tuple(outputs))


def _feature(name: str, columns: Mapping[str, Kind]) -> tuple[Feature, Kind]:
    kind = columns.get(name, FEATURE_KIND[FEATURES[name].kind])
    return Feature(name, kind, name in columns), kind


def _actual(criterion: Criterion, columns: Mapping[str, Kind]) -> tuple[Expr, Kind]:
    column, kind = _feature(criterion.feature, columns)
    if not criterion.per_month or kind is Kind.BOOL:
        return column, kind
    total = Arith("*", AsFloat(column), Const(DAYS_PER_MONTH, Kind.FLOAT))
    return Clamp(Arith("/", total, Window())), Kind.FLOAT


def _holds(actual: Expr, kind: Kind, op: Operator, threshold: float | bool) -> Expr:
    bound: float | int = threshold
    if kind is Kind.BOOL or isinstance(threshold, bool):
        # Python compares a flag as the number 0 or 1.
        if kind is Kind.BOOL:
            actual, kind = AsInt(actual), Kind.INT
        bound = int(threshold) if isinstance(threshold, bool) else threshold
    if kind is Kind.INT and not float(bound).is_integer():
        # A whole number against a fractional threshold, exactly as Python compares them:
        # x >= 2.5 is x >= 3, x == 2.5 never holds (no rounding of large integers).
        if op is Operator.EQ:
            return IfElse(IsValid(actual), Const(False, Kind.BOOL), Const(None, Kind.BOOL))
        whole = math.ceil(bound) if op in (Operator.GE, Operator.LT) else math.floor(bound)
        return _whole_compare(actual, op, whole)
    if kind is Kind.INT:
        return _whole_compare(actual, op, int(bound))
    return Compare(op, actual, Const(bound, Kind.FLOAT if isinstance(bound, float) else Kind.INT))


def _whole_compare(actual: Expr, op: Operator, bound: int) -> Expr:
    if INT64_MIN <= bound <= INT64_MAX:
        return Compare(op, actual, Const(bound, Kind.INT))
    # Beyond every 64-bit integer: the answer is the same for every value present.
    above = bound > INT64_MAX
    always = (op in (Operator.LE, Operator.LT)) if above else (op in (Operator.GE, Operator.GT))
    return IfElse(IsValid(actual), Const(always, Kind.BOOL), Const(None, Kind.BOOL))


def _severity(persona: PersonaRule, columns: Mapping[str, Kind]) -> Expr:
    severity = persona.severity
    column, kind = _feature(severity.feature, columns)
    if kind is Kind.BOOL:
        return Const(0.0, Kind.FLOAT)
    scaled: Expr = Arith("/", AsFloat(column), Const(severity.scale, Kind.FLOAT))
    if abs(severity.scale) < 1:
        scaled = Clamp(scaled)  # only a scale below 1 can overflow a finite value
    return FillNull(scaled, Const(0.0, Kind.FLOAT))


def _before(mine: PersonaRule, theirs: PersonaRule) -> Expr | bool:
    """Whether ``mine`` ranks before ``theirs``: priority, then severity descending, then id."""
    if mine.priority.rank != theirs.priority.rank:
        return mine.priority.rank < theirs.priority.rank
    mine_severity, their_severity = Ref(f"p{mine.id}_severity"), Ref(f"p{theirs.id}_severity")
    higher = Compare(Operator.GT, mine_severity, their_severity)
    if mine.id < theirs.id:
        return Logic("or", (higher, Compare(Operator.EQ, mine_severity, their_severity)))
    return higher


def _ranking(rules: RuleSet) -> list[Output]:
    outputs = []
    primary: Expr = Const(None, Kind.INT)
    secondary: Expr = Const(None, Kind.INT)
    for mine in rules.personas:
        ahead: list[Expr] = []
        for theirs in rules.personas:
            if theirs.id == mine.id:
                continue
            before = _before(theirs, mine)
            matched = Ref(f"p{theirs.id}_matched")
            if isinstance(before, bool):
                ahead += [matched] if before else []
            else:
                ahead.append(Logic("and", (matched, before)))
        here = Ref(f"p{mine.id}_matched")
        position = f"p{mine.id}_position"
        outputs.append(
            Output(position, Kind.INT, IfElse(here, Count(tuple(ahead)), Const(None, Kind.INT)))
        )
        at = Ref(position)
        persona = Const(mine.id, Kind.INT)
        # A position is NULL where its persona did not match: compared only where it did.
        first = IfElse(here, Compare(Operator.EQ, at, Const(0, Kind.INT)), Const(False, Kind.BOOL))
        second = IfElse(here, Compare(Operator.EQ, at, Const(1, Kind.INT)), Const(False, Kind.BOOL))
        primary = IfElse(first, persona, primary)
        secondary = IfElse(second, persona, secondary)
    count = Count(tuple(Ref(f"p{p.id}_matched") for p in rules.personas))
    assigned = Compare(Operator.GT, Ref("matched_count"), Const(0, Kind.INT))
    status = IfElse(
        assigned, Const(Status.ASSIGNED.value, Kind.TEXT), Const(Status.STABLE.value, Kind.TEXT)
    )
    return [
        *outputs,
        Output("primary_persona_id", Kind.INT, primary),
        Output("secondary_persona_id", Kind.INT, secondary),
        Output("matched_count", Kind.INT, count),
        Output("status", Kind.TEXT, status),
    ]
