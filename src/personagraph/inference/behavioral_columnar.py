"""Behavioral assignment for every subject-window at once: the rules compiled to Arrow
compute expressions.

:func:`assign_table` evaluates a :class:`RuleSet` over an Arrow table of features (one
row per subject-window: ``user_id``, ``window_days`` and a column per feature; an absent
column is missing for every row) with ``pyarrow.compute`` kernels, one kernel call per
criterion, persona and ranking step instead of one Python call per subject. The result,
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

import math
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from json.encoder import encode_basestring_ascii
from typing import Any, Final

import pyarrow as pa
import pyarrow.compute as pc

from personagraph.errors import ValidationFailed
from personagraph.inference.behavioral import (
    DAYS_PER_MONTH,
    Status,
    SubjectFeatures,
    describe_check,
    reasoning,
    stable_reasoning,
)
from personagraph.inference.behavioral_rules import (
    FEATURES,
    Criterion,
    FeatureKind,
    IfMissing,
    Operator,
    PersonaRule,
    RuleSet,
    Severity,
)

__all__ = ["ColumnarAssignments", "assign_table", "features_table"]

_LARGEST: Final = sys.float_info.max
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


@dataclass(frozen=True, slots=True)
class _CompiledCriterion:
    criterion: Criterion
    column: str
    feature: str


@dataclass(frozen=True, slots=True)
class _CompiledPersona:
    persona: PersonaRule
    groups: tuple[tuple[_CompiledCriterion, ...], ...]

    @property
    def criteria(self) -> tuple[_CompiledCriterion, ...]:
        return tuple(c for group in self.groups for c in group)


def _compile(rules: RuleSet) -> tuple[_CompiledPersona, ...]:
    return tuple(
        _CompiledPersona(
            persona,
            tuple(
                tuple(
                    _CompiledCriterion(
                        c,
                        f"p{persona.id}_c{g}_{i}",
                        c.feature + ("_per_month" if c.per_month else ""),
                    )
                    for i, c in enumerate(group)
                )
                for g, group in enumerate(persona.all_of)
            ),
        )
        for persona in rules.personas
    )


def _clamp(values: pa.Array) -> pa.Array:
    # As the per-subject evaluator: a finite value that overflows becomes the largest float.
    # (skip_nulls=False: a NULL stays NULL instead of becoming the bound.)
    lower = pc.min_element_wise(values, _LARGEST, skip_nulls=False)
    return pc.max_element_wise(lower, -_LARGEST, skip_nulls=False)


def _column(table: pa.Table, name: str) -> pa.Array:
    if name not in table.column_names:
        return pa.nulls(table.num_rows, _ARROW_TYPE[FEATURES[name].kind])
    column = table[name].combine_chunks()
    if pa.types.is_floating(column.type):
        # NaN and infinities are missing, as NULL is.
        column = pc.if_else(pc.is_finite(column), column, pa.scalar(None, column.type))
    return column


def _actual(table: pa.Table, criterion: Criterion, windows: pa.Array) -> pa.Array:
    column = _column(table, criterion.feature)
    if not criterion.per_month or pa.types.is_boolean(column.type):
        return column
    total = pc.multiply(pc.cast(column, pa.float64(), safe=False), DAYS_PER_MONTH)
    return _clamp(pc.divide(total, windows))


_COMPARE: Final = {
    Operator.GE: pc.greater_equal,
    Operator.GT: pc.greater,
    Operator.LE: pc.less_equal,
    Operator.LT: pc.less,
    Operator.EQ: pc.equal,
}


def _holds(actual: pa.Array, op: Operator, threshold: float | bool) -> pa.Array:
    if pa.types.is_boolean(actual.type) or isinstance(threshold, bool):
        # Python compares a flag as the number 0 or 1.
        if pa.types.is_boolean(actual.type):
            actual = pc.cast(actual, pa.int64())
        threshold = int(threshold) if isinstance(threshold, bool) else threshold
    if pa.types.is_integer(actual.type) and not float(threshold).is_integer():
        # An integer against a fractional threshold, exactly as Python compares them:
        # x >= 2.5 is x >= 3, x == 2.5 never holds (no rounding of large integers).
        if op is Operator.EQ:
            return pc.if_else(pc.is_valid(actual), False, pa.scalar(None, pa.bool_()))
        bound = math.ceil(threshold) if op in (Operator.GE, Operator.LT) else math.floor(threshold)
        return _COMPARE[op](actual, bound)
    if pa.types.is_integer(actual.type) and isinstance(threshold, float):
        return _COMPARE[op](actual, int(threshold))
    return _COMPARE[op](actual, threshold)


def _severity(table: pa.Table, severity: Severity) -> pa.Array:
    column = _column(table, severity.feature)
    if pa.types.is_boolean(column.type):
        return pa.array([0.0] * table.num_rows, pa.float64())
    scaled = pc.divide(pc.cast(column, pa.float64(), safe=False), severity.scale)
    if abs(severity.scale) < 1:
        scaled = _clamp(scaled)  # only a scale below 1 can overflow a finite value
    return pc.fill_null(scaled, 0.0)


def _before(
    mine: PersonaRule, mine_severity: pa.Array, theirs: PersonaRule, their_severity: pa.Array
) -> pa.Array | bool:
    """Whether ``mine`` ranks before ``theirs``: priority, then severity descending, then id."""
    if mine.priority.rank != theirs.priority.rank:
        return mine.priority.rank < theirs.priority.rank
    higher = pc.greater(mine_severity, their_severity)
    if mine.id < theirs.id:
        return pc.or_(higher, pc.equal(mine_severity, their_severity))
    return higher


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
        self.personas = tuple(self._persona(p, table) for p in _compile(result.rules))
        self.by_id = {p.persona.id: p for p in self.personas}
        self.stable = (
            f'{{"status": "{Status.STABLE.value}", "reasoning": '
            f"{_json(stable_reasoning(len(self.personas)))}, " + '"ranking": []}'
        )

    @staticmethod
    def _persona(p: _CompiledPersona, table: pa.Table) -> _PersonaText:
        persona = p.persona

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
                    c.criterion,
                    f'{{"feature": {_json(c.feature)}, "operator": {_json(c.criterion.op.value)}, '
                    f'"threshold": {_json(c.criterion.threshold)}, "actual": ',
                    _json(c.criterion.feature),
                    table[f"{c.column}_actual"].to_pylist(),
                    table[f"{c.column}_met"].to_pylist(),
                )
                for c in p.criteria
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
    out: dict[str, pa.Array] = {
        "user_id": table["user_id"].combine_chunks(),
        "window_days": windows,
    }
    window_floats = pc.cast(windows, pa.float64())
    compiled = _compile(rules)
    matched: dict[int, pa.Array] = {}
    severity: dict[int, pa.Array] = {}
    for p in compiled:
        groups = []
        for group in p.groups:
            any_met: pa.Array | None = None
            for c in group:
                actual = _actual(table, c.criterion, window_floats)
                met = pc.fill_null(
                    _holds(actual, c.criterion.op, c.criterion.threshold),
                    c.criterion.if_missing is IfMissing.PASS,
                )
                out[f"{c.column}_actual"], out[f"{c.column}_met"] = actual, met
                any_met = met if any_met is None else pc.or_(any_met, met)
            groups.append(any_met)
        all_met = groups[0]
        for group_met in groups[1:]:
            all_met = pc.and_(all_met, group_met)
        matched[p.persona.id] = all_met
        severity[p.persona.id] = _severity(table, p.persona.severity)
        out[f"p{p.persona.id}_matched"] = all_met
        out[f"p{p.persona.id}_severity"] = severity[p.persona.id]
    _rank(rules, matched, severity, out, table.num_rows)
    return ColumnarAssignments(rules, as_of, pa.table(out))


def _rank(
    rules: RuleSet,
    matched: dict[int, pa.Array],
    severity: dict[int, pa.Array],
    out: dict[str, pa.Array],
    rows: int,
) -> None:
    zero = pa.array([0] * rows, pa.int64()) if rows else pa.array([], pa.int64())
    none = pa.nulls(rows, pa.int64())
    primary, secondary, count = none, none, zero
    for mine in rules.personas:
        # A persona's position: how many matched personas rank before it.
        position = zero
        for theirs in rules.personas:
            if theirs.id == mine.id:
                continue
            before = _before(theirs, severity[theirs.id], mine, severity[mine.id])
            ahead = (
                pc.and_(matched[theirs.id], before)
                if isinstance(before, pa.Array)
                else (matched[theirs.id] if before else None)
            )
            if ahead is not None:
                position = pc.add(position, pc.cast(ahead, pa.int64()))
        here = matched[mine.id]
        out[f"p{mine.id}_position"] = pc.if_else(here, position, none)
        primary = pc.if_else(pc.and_(here, pc.equal(position, 0)), mine.id, primary)
        secondary = pc.if_else(pc.and_(here, pc.equal(position, 1)), mine.id, secondary)
        count = pc.add(count, pc.cast(here, pa.int64()))
    out["primary_persona_id"] = primary
    out["secondary_persona_id"] = secondary
    out["matched_count"] = count
    out["status"] = pc.if_else(pc.greater(count, 0), Status.ASSIGNED.value, Status.STABLE.value)


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
