"""Behavioral assignment for every subject-window at once: the rules' plan run as Arrow
compute kernels.

:func:`assign_table` evaluates a :class:`RuleSet` over an Arrow table of features (one
row per subject-window: ``user_id``, ``window_days`` and a column per feature; an absent
column is missing for every row): the rules compiled to a plan of column expressions
(:mod:`personagraph.inference.behavioral_plan`, which the Spark engine runs as Spark SQL
too), each node one ``pyarrow.compute`` kernel call instead of one Python call per
subject. The result,
:class:`ColumnarAssignments`, holds every criterion's actual value and outcome, every
persona's match and severity, each matched persona's rank position and the primary and
secondary persona ids as columns; :meth:`ColumnarAssignments.traces` renders the same
audit traces as :meth:`~personagraph.inference.behavioral.Assignment.trace`.

The per-subject evaluator (:mod:`personagraph.inference.behavioral`) stays the
specification: tests/unit/test_behavioral_columnar.py proves with hypothesis that both
give identical assignments and traces, NULLs, NaN, infinities and exact threshold values
included. Why pyarrow.compute rather than DuckDB or Polars: docs/behavioral.md
("Columnar evaluation").
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from json.encoder import encode_basestring_ascii
from typing import Any, Final

import pyarrow as pa
import pyarrow.compute as pc

from personagraph.errors import ValidationFailed
from personagraph.inference.behavioral import (
    Status,
    SubjectFeatures,
    describe_check,
    reasoning,
    stable_reasoning,
)
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
    Plan,
    Ref,
    Window,
    compile_plan,
    criterion_column,
)
from personagraph.inference.behavioral_rules import (
    FEATURES,
    Criterion,
    FeatureKind,
    Operator,
    PersonaRule,
    RuleSet,
)

__all__ = ["ColumnarAssignments", "assign_table", "column_kinds", "features_table"]

_ARROW_TYPE: Final = {
    FeatureKind.NUMBER: pa.float64(),
    FeatureKind.COUNT: pa.int64(),
    FeatureKind.FLAG: pa.bool_(),
}


def features_table(subjects: Sequence[SubjectFeatures]) -> pa.Table:
    """Returns: the subjects as the table :func:`assign_table` reads, in their order.

    A number feature whose every value is a whole number (an integer Parquet column)
    stays an integer column, as reading the file would give it.
    """
    columns: dict[str, Any] = {
        "user_id": pa.array([s.user_id for s in subjects], pa.string()),
        "window_days": pa.array([s.window_days for s in subjects], pa.int64()),
    }
    for name, spec in FEATURES.items():
        values = [s.values.get(name) for s in subjects]
        kind = _ARROW_TYPE[spec.kind]
        if spec.kind is FeatureKind.NUMBER and all(
            v is None or (isinstance(v, int) and not isinstance(v, bool)) for v in values
        ):
            kind = pa.int64()
        columns[name] = pa.array(values, kind)
    return pa.table(columns)


_ARROW_KIND: Final = {
    Kind.FLOAT: pa.float64(),
    Kind.INT: pa.int64(),
    Kind.BOOL: pa.bool_(),
    Kind.TEXT: pa.string(),
}
_COMPARE: Final = {
    Operator.GE: pc.greater_equal,
    Operator.GT: pc.greater,
    Operator.LE: pc.less_equal,
    Operator.LT: pc.less,
    Operator.EQ: pc.equal,
}
_ARITH: Final = {"*": pc.multiply, "/": pc.divide}
_LOGIC: Final = {"and": pc.and_, "or": pc.or_}


def column_kinds(schema: pa.Schema) -> dict[str, Kind]:
    """Returns: the kind of each feature column of ``schema``.

    Raises:
        ValidationFailed: a feature column is neither a number nor a flag.
    """
    kinds = {}
    for name in FEATURES:
        if name not in schema.names:
            continue
        column = schema.field(name).type
        if pa.types.is_floating(column):
            kinds[name] = Kind.FLOAT
        elif pa.types.is_integer(column):
            kinds[name] = Kind.INT
        elif pa.types.is_boolean(column):
            kinds[name] = Kind.BOOL
        else:
            raise ValidationFailed(
                [f"the features table's column {name!r} has type {column}; give numbers or flags"]
            )
    return kinds


class _Evaluator:
    """Evaluates a :class:`~personagraph.inference.behavioral_plan.Plan` with
    pyarrow.compute, one kernel call per node."""

    def __init__(self, table: pa.Table, windows: pa.Array) -> None:
        self.table = table
        self.rows = table.num_rows
        self.windows = pc.cast(windows, pa.float64())
        self.done: dict[str, pa.Array] = {}

    def run(self, plan: Plan) -> dict[str, pa.Array]:
        for output in plan.outputs:
            value = self.value(output.expr)
            if isinstance(value, pa.Scalar):
                value = pa.repeat(value, self.rows)
            self.done[output.name] = value
        return self.done

    def value(self, expr: Expr) -> Any:
        match expr:
            case Feature():
                return self._feature(expr)
            case Window():
                return self.windows
            case Const(value=value, kind=kind):
                return pa.scalar(value, _ARROW_KIND[kind])
            case AsFloat(arg=arg):
                return pc.cast(self.value(arg), pa.float64(), safe=False)
            case AsInt(arg=arg):
                return pc.cast(self.value(arg), pa.int64())
            case Arith(op=op, left=left, right=right):
                return _ARITH[op](self.value(left), self.value(right))
            case Clamp(arg=arg):
                # skip_nulls=False: a NULL stays NULL instead of becoming the bound.
                lower = pc.min_element_wise(self.value(arg), LARGEST_FLOAT, skip_nulls=False)
                return pc.max_element_wise(lower, -LARGEST_FLOAT, skip_nulls=False)
            case Compare(op=op, left=left, right=right):
                return _COMPARE[op](self.value(left), self.value(right))
            case FillNull(arg=arg, value=fill):
                return pc.fill_null(self.value(arg), self.value(fill))
            case Logic(op=op, args=args):
                result = self.value(args[0])
                for arg in args[1:]:
                    result = _LOGIC[op](result, self.value(arg))
                return result
            case IfElse(cond=cond, then=then, otherwise=otherwise):
                return pc.if_else(self.value(cond), self.value(then), self.value(otherwise))
            case IsValid(arg=arg):
                return pc.is_valid(self.value(arg))
            case Count(conditions=conditions):
                total = pa.repeat(pa.scalar(0, pa.int64()), self.rows)
                for condition in conditions:
                    total = pc.add(total, pc.cast(self.value(condition), pa.int64()))
                return total
            case Ref(name=name):
                return self.done[name]

    def _feature(self, feature: Feature) -> pa.Array:
        if not feature.present:
            return pa.nulls(self.rows, _ARROW_KIND[feature.kind])
        column = self.table[feature.name].combine_chunks()
        if feature.kind is Kind.FLOAT:
            # NaN and infinities are missing, as NULL is.
            column = pc.if_else(pc.is_finite(column), column, pa.scalar(None, column.type))
        return column


@dataclass(frozen=True, slots=True)
class ColumnarAssignments:
    """Every subject-window's assignment as columns (one row per input row, same order).

    ``table`` holds ``user_id``, ``window_days``, ``status``, ``primary_persona_id``,
    ``secondary_persona_id``, ``matched_count``, and per persona *p*: ``p<p>_matched``,
    ``p<p>_severity``, ``p<p>_position`` (0 for the primary, NULL when not matched) and
    per criterion ``p<p>_c<group>_<i>_actual`` / ``_met``.
    """

    rules: RuleSet
    as_of: date
    table: pa.Table

    @property
    def num_rows(self) -> int:
        """Returns: the number of subject-windows."""
        rows: int = self.table.num_rows
        return rows

    def ranked_ids(self) -> list[list[int]]:
        """Returns: per row, the matched persona ids, the one assigned first at the front."""
        positions = [
            (p.id, self.table[f"p{p.id}_position"].to_pylist()) for p in self.rules.personas
        ]
        ranked: list[list[int]] = []
        for row in range(self.num_rows):
            found = [(pos[row], pid) for pid, pos in positions if pos[row] is not None]
            ranked.append([pid for _, pid in sorted(found)])
        return ranked

    def traces(self) -> Iterator[str]:
        """Yields: each row's audit trace as JSON text, exactly ``json.dumps`` of the
        per-subject evaluator's :meth:`~personagraph.inference.behavioral.Assignment.trace`.

        The text is put together from pieces made once per rule set and the row's values
        (numbers as ``repr``, as ``json`` writes them): no dict per row, no encoder pass.
        """
        yield from _TraceWriter(self).traces()


def _json(value: Any) -> str:
    # What json.dumps writes for a scalar: repr of a number, true/false/null.
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, str):
        return encode_basestring_ascii(value)
    return repr(value)


@dataclass(frozen=True, slots=True)
class _CriterionText:
    criterion: Criterion
    opening: str  # '{"feature": ..., "actual": '
    feature: str  # the feature's name as JSON, for triggered_by
    actual: list[Any]
    met: list[bool]


@dataclass(frozen=True, slots=True)
class _PersonaText:
    persona: PersonaRule
    opening: str  # '"persona_1": {"persona_id": 1, "name": ..., "matched": '
    priority: str  # ', "priority": "HIGH", "severity": '
    names: str  # '"primary_persona_id": 1, "primary_persona_name": ..., "primary_reasoning": '
    second: str  # the same for the secondary slot
    criteria: tuple[_CriterionText, ...]
    matched: list[bool]
    severity: list[float]


class _TraceWriter:
    """Writes the trace JSON row by row from Python lists of the result columns."""

    def __init__(self, result: ColumnarAssignments) -> None:
        table = result.table
        self.users = [encode_basestring_ascii(u) for u in table["user_id"].to_pylist()]
        self.windows = table["window_days"].to_pylist()
        self.as_of = _json(result.as_of.isoformat())
        self.ranked = result.ranked_ids()
        self.personas = tuple(self._persona(p, table) for p in result.rules.personas)
        self.by_id = {p.persona.id: p for p in self.personas}
        self.stable = (
            f'{{"status": "{Status.STABLE.value}", "reasoning": '
            f"{_json(stable_reasoning(len(self.personas)))}, " + '"ranking": []}'
        )

    @staticmethod
    def _persona(persona: PersonaRule, table: pa.Table) -> _PersonaText:
        def names(slot: str) -> str:
            return (
                f'"{slot}_persona_id": {persona.id}, '
                f'"{slot}_persona_name": {_json(persona.name)}, "{slot}_reasoning": '
            )

        return _PersonaText(
            persona,
            f'"persona_{persona.id}": {{"persona_id": {persona.id}, '
            f'"name": {_json(persona.name)}, "matched": ',
            f', "priority": {_json(persona.priority.value)}, "severity": ',
            names("primary"),
            names("secondary"),
            tuple(
                _CriterionText(
                    c,
                    f'{{"feature": {_json(c.feature + ("_per_month" if c.per_month else ""))}, '
                    f'"operator": {_json(c.op.value)}, '
                    f'"threshold": {_json(c.threshold)}, "actual": ',
                    _json(c.feature),
                    table[f"{criterion_column(persona, g, i)}_actual"].to_pylist(),
                    table[f"{criterion_column(persona, g, i)}_met"].to_pylist(),
                )
                for g, group in enumerate(persona.all_of)
                for i, c in enumerate(group)
            ),
            table[f"p{persona.id}_matched"].to_pylist(),
            table[f"p{persona.id}_severity"].to_pylist(),
        )

    def traces(self) -> Iterator[str]:
        for row, ranked in enumerate(self.ranked):
            evaluations = ", ".join(self._evaluation(p, row) for p in self.personas)
            yield (
                f'{{"user_id": {self.users[row]}, "window_days": {self.windows[row]}, '
                f'"as_of_date": {self.as_of}, "evaluations": {{{evaluations}}}, '
                f'"result": {self._result(row, [self.by_id[i] for i in ranked])}}}'
            )

    @staticmethod
    def _evaluation(p: _PersonaText, row: int) -> str:
        criteria = ", ".join(
            f'{c.opening}{_json(c.actual[row])}, "met": {"true" if c.met[row] else "false"}}}'
            for c in p.criteria
        )
        triggered = ", ".join(c.feature for c in p.criteria if c.met[row])
        return (
            f"{p.opening}{_json(p.matched[row])}{p.priority}{p.severity[row]!r}, "
            f'"criteria": [{criteria}], "triggered_by": [{triggered}]}}'
        )

    def _result(self, row: int, ranked: list[_PersonaText]) -> str:
        if not ranked:
            return self.stable
        first = ranked[0]
        parts = [f'"status": "{Status.ASSIGNED.value}"']
        for position, p in enumerate(ranked[:2]):
            text = reasoning(
                p.persona,
                p.severity[row],
                [
                    describe_check(c.criterion, c.actual[row], True)
                    for c in p.criteria
                    if c.met[row]
                ],
                position,
                len(ranked),
                first.persona,
                first.severity[row],
            )
            parts.append((p.second if position else p.names) + _json(text))
        parts.append(f'"ranking": [{", ".join(str(p.persona.id) for p in ranked)}]')
        return "{" + ", ".join(parts) + "}"


def assign_table(table: pa.Table, rules: RuleSet, as_of: date) -> ColumnarAssignments:
    """Assigns behavioral personas to every row of ``table`` at once.

    Args:
        table: ``user_id`` (text), ``window_days`` (whole number ≥ 1) and any feature
            columns (see :data:`~personagraph.inference.behavioral_rules.FEATURES`);
            NULL, NaN and infinite values are missing, as in the per-subject evaluator.
        rules: the personas to evaluate.
        as_of: the as-of date of every row.

    Returns:
        The assignments as columns, in the table's row order.

    Raises:
        ValidationFailed: ``user_id`` or ``window_days`` is absent, or a window is not a
            whole number of days 1 or more (the first such row is named).
    """
    windows = _windows(table)
    plan = compile_plan(rules, column_kinds(table.schema))
    out = {"user_id": table["user_id"].combine_chunks(), "window_days": windows}
    out |= _Evaluator(table, windows).run(plan)
    return ColumnarAssignments(rules, as_of, pa.table(out))


def _windows(table: pa.Table) -> pa.Array:
    missing = [name for name in ("user_id", "window_days") if name not in table.column_names]
    if missing:
        raise ValidationFailed(
            [f"the features table has no column {name!r}; add it" for name in missing]
        )
    windows = table["window_days"].combine_chunks()
    if not pa.types.is_integer(windows.type):
        raise ValidationFailed(
            [f"window_days is {windows.type}, not a whole number; give days such as 30 or 180"]
        )
    bad = pc.or_kleene(pc.is_null(windows), pc.less(windows, 1))
    if pc.any(bad).as_py():
        row = pc.index(bad, True).as_py()
        raise ValidationFailed(
            [
                f"window_days is {windows[row].as_py()!r} for {table['user_id'][row].as_py()!r}; "
                "give 30 or 180"
            ]
        )
    return pc.cast(windows, pa.int64())
