"""Archetype migrations over time: when a re-inference moves a persona to another quadrant.

Each inference leaves on the persona a snapshot of what it read (:func:`inputs_snapshot`:
the attributes, and the keyword groups its goals and pain points name). The next
inference compares: when the quadrant changed, an ``ArchetypeMigration`` of kind
``inferred`` records both quadrants, the scores before and after, and the attribute
changes that caused it (:func:`inferred_migration`). Pure: GraphQL edits and the
definitions import (:mod:`personagraph.admin.reinference`) and the catalog load
(:mod:`personagraph.seeding.writer`) write what this returns.

A snapshot is kept as JSON in the persona's ``inference_inputs`` property: bookkeeping
like ``content_hash``, outside the ontology (neither served nor exported).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

from personagraph.inference.archetype import INPUTS, PersonaSignals
from personagraph.inference.weights import DEFAULT_WEIGHTS, InferenceWeights

__all__ = [
    "LANGUAGE",
    "AttributeChange",
    "InferenceState",
    "attribute_changes",
    "inferred_migration",
    "inputs_snapshot",
]

LANGUAGE: Final = "automation_language"
KIND: Final = "inferred"


@dataclass(frozen=True, slots=True)
class AttributeChange:
    """One input of inference that changed between two inferences."""

    attribute: str
    before: Any
    after: Any

    def describe(self) -> str:
        """Returns: e.g. ``team_size 3 → 25``."""
        return f"{self.attribute} {_shown(self.before)} → {_shown(self.after)}"


@dataclass(frozen=True, slots=True)
class InferenceState:
    """What the graph holds of a persona's last inference, before a new one is written.

    ``inputs`` is ``None`` when that inference left no snapshot (written before snapshots
    were kept).
    """

    archetype: str | None
    work_complexity: float | None
    ai_maturity: float | None
    confidence: float | None
    inputs: Mapping[str, Any] | None

    @classmethod
    def of(cls, props: Mapping[str, Any]) -> InferenceState:
        """Returns: the state stored in a persona's properties."""
        stored = props.get("inference_inputs")
        return cls(
            props.get("inferred_archetype"),
            props.get("work_complexity_score"),
            props.get("ai_maturity_score"),
            props.get("archetype_confidence"),
            json.loads(stored) if isinstance(stored, str) else None,
        )


def inputs_snapshot(
    signals: PersonaSignals, weights: InferenceWeights = DEFAULT_WEIGHTS
) -> dict[str, Any]:
    """Returns: what inference read, as JSON-ready data: each attribute, and the keyword
    groups the goals and pain points name (their text is not kept)."""
    snapshot: dict[str, Any] = {name: getattr(signals, name) for name in INPUTS}
    texts = (*signals.goals, *signals.pain_points)
    snapshot[LANGUAGE] = list(weights.automation_language.matches(texts)) if texts else None
    return snapshot


def attribute_changes(
    before: Mapping[str, Any] | None, after: Mapping[str, Any]
) -> tuple[AttributeChange, ...]:
    """Returns: the inputs whose values differ, in the order inference reads them; none
    when ``before`` is unknown."""
    if before is None:
        return ()
    return tuple(
        AttributeChange(name, before.get(name), after.get(name))
        for name in (*INPUTS, LANGUAGE)
        if before.get(name) != after.get(name)
    )


def inferred_migration(
    persona_id: str, before: InferenceState, after: InferenceState
) -> dict[str, Any] | None:
    """The ``ArchetypeMigration`` properties when the new inference moved the persona to
    another quadrant, else ``None`` (also for a persona never inferred before).

    Args:
        persona_id: the persona.
        before: its last inference, as stored.
        after: the new inference, as it is about to be stored.

    Returns:
        The migration's properties except id, actor, function and time.
    """
    if before.archetype is None or before.archetype == after.archetype:
        return None
    changes = attribute_changes(before.inputs, after.inputs or {})
    return {
        "persona_id": persona_id,
        "kind": KIND,
        "from_archetype": before.archetype,
        "to_archetype": after.archetype,
        "work_complexity_before": before.work_complexity,
        "work_complexity_after": after.work_complexity,
        "ai_maturity_before": before.ai_maturity,
        "ai_maturity_after": after.ai_maturity,
        "confidence_before": before.confidence,
        "confidence_after": after.confidence,
        "causes": json.dumps(
            [{"attribute": c.attribute, "before": c.before, "after": c.after} for c in changes]
        ),
        "reason": _reason(before, after, changes),
    }


def _reason(
    before: InferenceState, after: InferenceState, changes: tuple[AttributeChange, ...]
) -> str:
    scores = (
        f"work complexity {_shown(before.work_complexity)} → {_shown(after.work_complexity)}, "
        f"AI maturity {_shown(before.ai_maturity)} → {_shown(after.ai_maturity)}"
    )
    if changes:
        cause = ", ".join(change.describe() for change in changes)
    elif before.inputs is None:
        cause = "the attributes before were not recorded"
    else:
        cause = "no attribute changed (the inference weights did)"
    return f"{cause}: {scores}"


def _shown(value: Any) -> str:
    if value is None:
        return "unknown"
    if isinstance(value, list):
        return ", ".join(value) or "none"
    if isinstance(value, float | int) and not isinstance(value, bool):
        return f"{value:,g}" if abs(value) >= 10_000 else f"{value:g}"
    return str(value)
