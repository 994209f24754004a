"""The rules' plan as Spark SQL expressions: the same compiled rules the Arrow evaluator runs.

:func:`evaluate` adds every output column of a
:class:`~personagraph.inference.behavioral_plan.Plan` to a DataFrame of features, each
plan node rendered as one Spark SQL expression with the node's meaning (the plan's
module lists them). Where Spark SQL's own rules differ from that meaning, the rendering
says so explicitly:

- NaN: Spark orders NaN above every number and ``NaN = NaN`` holds, so a float feature's
  NaN (and ±infinity) is turned into NULL first, as every evaluator reads it;
- ``least``/``greatest`` skip NULLs (the bound would replace a missing value), so a clamp
  keeps NULL itself;
- ``CASE WHEN`` takes the ``ELSE`` branch for a NULL condition; the plan's ``IfElse``
  gives NULL;
- a whole number is compared with a whole-number literal (``bigint``), never with a
  double, which would round integers beyond 2⁵³.

Outputs are added in layers (a column after those it refers to), one ``select`` each.
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Callable
from typing import Any, Final

from pyspark.sql import Column, DataFrame
from pyspark.sql import functions as F

from personagraph.inference.behavioral_plan import (
    LARGEST_FLOAT,
    Arith,
    AsFloat,
    AsInt,
    Clamp,
    Compare,
    Const,
    Count,
    Expr,
    Feature,
    FillNull,
    IfElse,
    IsValid,
    Kind,
    Logic,
    Output,
    Plan,
    Ref,
    Window,
)
from personagraph.inference.behavioral_rules import Operator

__all__ = ["SPARK_TYPE", "evaluate"]

SPARK_TYPE: Final = {
    Kind.FLOAT: "double",
    Kind.INT: "bigint",
    Kind.BOOL: "boolean",
    Kind.TEXT: "string",
}
_COMPARE: Final[dict[Operator, Callable[[Column, Column], Column]]] = {
    Operator.GE: operator.ge,
    Operator.GT: operator.gt,
    Operator.LE: operator.le,
    Operator.LT: operator.lt,
    Operator.EQ: operator.eq,
}
_INFINITY: Final = float("inf")


def evaluate(frame: DataFrame, plan: Plan) -> DataFrame:
    """Returns: ``frame`` (``window_days`` and the feature columns the plan reads) with
    every output column of ``plan`` added."""
    done: set[str] = set()
    pending = list(plan.outputs)
    while pending:
        layer = [o for o in pending if _refs(o.expr) <= done]
        frame = frame.select("*", *(_column(o) for o in layer))
        done |= {o.name for o in layer}
        pending = [o for o in pending if o.name not in done]
    return frame


def _column(output: Output) -> Column:
    return _render(output.expr).cast(SPARK_TYPE[output.kind]).alias(output.name)


def _refs(expr: Expr) -> set[str]:
    match expr:
        case Ref(name=name):
            return {name}
        case AsFloat(arg=arg) | AsInt(arg=arg) | Clamp(arg=arg) | IsValid(arg=arg):
            return _refs(arg)
        case FillNull(arg=arg):
            return _refs(arg)
        case Arith(left=left, right=right) | Compare(left=left, right=right):
            return _refs(left) | _refs(right)
        case Logic(args=args) | Count(conditions=args):
            return set().union(*(_refs(a) for a in args))
        case IfElse(cond=cond, then=then, otherwise=otherwise):
            return _refs(cond) | _refs(then) | _refs(otherwise)
    return set()


def _literal(value: Any, kind: Kind) -> Column:
    return F.lit(value).cast(SPARK_TYPE[kind])


def _render(expr: Expr) -> Column:
    match expr:
        case Feature(name=name, kind=kind, present=present):
            if not present:
                return _literal(None, kind)
            column = F.col(name)
            if kind is Kind.FLOAT:
                finite = ~F.isnan(column) & (F.abs(column) != F.lit(_INFINITY))
                return F.when(finite, column)
            return column
        case Window():
            return F.col("window_days").cast("double")
        case Const(value=value, kind=kind):
            return _literal(value, kind)
        case AsFloat(arg=arg):
            return _render(arg).cast("double")
        case AsInt(arg=arg):
            return _render(arg).cast("bigint")
        case Arith(op=op, left=left, right=right):
            return _render(left) * _render(right) if op == "*" else _render(left) / _render(right)
        case Clamp(arg=arg):
            clamped = _render(arg)
            bounded = F.greatest(F.least(clamped, F.lit(LARGEST_FLOAT)), F.lit(-LARGEST_FLOAT))
            return F.when(clamped.isNotNull(), bounded)
        case Compare(op=op, left=left, right=right):
            return _COMPARE[op](_render(left), _render(right))
        case FillNull(arg=arg, value=fill):
            return F.coalesce(_render(arg), _render(fill))
        case Logic(op=op, args=args):
            combine = operator.and_ if op == "and" else operator.or_
            return functools.reduce(combine, (_render(a) for a in args))
        case IfElse(cond=cond, then=then, otherwise=otherwise):
            condition = _render(cond)
            return (
                F.when(condition.isNull(), None)
                .when(condition, _render(then))
                .otherwise(_render(otherwise))
            )
        case IsValid(arg=arg):
            return _render(arg).isNotNull()
        case Count(conditions=conditions):
            counts = (_render(c).cast("bigint") for c in conditions)
            return functools.reduce(operator.add, counts, _literal(0, Kind.INT))
        case Ref(name=name):
            return F.col(name)
