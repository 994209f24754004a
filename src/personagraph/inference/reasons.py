"""Why a persona is in the archetype review queue, in words a reviewer acts on.

Two things put a persona in the queue: its declared archetype differs from the inferred
one, or the inference is not confident. The reason names the signals that decided it:

* a mismatch: ``declared SKEPTIC, inferred ORCHESTRATOR: budget 8M and team 25 put
  complexity at 71`` (the strongest signals on each axis where the declared archetype
  sits on the other side of 50; "hold maturity at 42" when the score is low);
* low confidence: ``confidence 0.19 (below 0.60): team size and budget are unstated and
  could carry complexity 42 across 50`` or ``complexity 52.5 is 2.5 from 50``.

Pure: the GraphQL queue, ``personagraph personas review``, the explorer and the notebook
all show what this module writes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Final

from personagraph.inference.archetype import ArchetypeInference, PersonaSignals
from personagraph.inference.confidence import AxisDoubt
from personagraph.inference.evidence import Axis, Contribution
from personagraph.model.archetype import Archetype

__all__ = ["review_reason", "signal_phrase"]

_SHORT: Final = {Axis.WORK_COMPLEXITY: "complexity", Axis.AI_MATURITY: "maturity"}
_HIGH_SIDE: Final = {
    Axis.WORK_COMPLEXITY: {Archetype.ORCHESTRATOR, Archetype.SKEPTIC},
    Axis.AI_MATURITY: {Archetype.ORCHESTRATOR, Archetype.AUTOMATOR},
}
_NAMES: Final = {
    "seniority_level": "seniority",
    "team_size": "team size",
    "budget_authority": "budget",
    "stakeholder_count": "stakeholder count",
    "strategic_time_percent": "strategic time",
    "meeting_ratio": "meeting share",
    "technology_adoption": "technology adoption",
    "risk_tolerance": "risk tolerance",
    "change_readiness": "change readiness",
    "automation_language": "goals and pain points",
}
_SHOWN_SIGNALS: Final = 2


def review_reason(
    signals: PersonaSignals,
    inference: ArchetypeInference,
    declared: Archetype | None,
    review_threshold: float,
) -> str:
    """The reason a persona needs a person's decision, or ``""`` when it does not.

    Args:
        signals: what the inference read.
        inference: its result.
        declared: the declared archetype, if any.
        review_threshold: confidence below this needs review.

    Returns:
        One sentence: the mismatch and the signals behind it, then low confidence and
        what makes it low, joined by "; ".
    """
    parts = []
    if declared is not None and declared is not inference.archetype:
        parts.append(_mismatch(signals, inference, declared))
    if inference.confidence < review_threshold:
        parts.append(_doubt(inference, review_threshold))
    return "; ".join(parts)


def _mismatch(signals: PersonaSignals, inference: ArchetypeInference, declared: Archetype) -> str:
    why = []
    for axis in Axis:
        high = inference.score(axis) >= inference.doubts[0].boundary
        if (declared in _HIGH_SIDE[axis]) == high:
            continue
        own = [c for c in inference.contributions if c.axis is axis and c.known]
        strongest = _strongest(own, high)
        phrases = " and ".join(signal_phrase(signals, c) for c in strongest)
        verb = "put" if high else "hold"
        boundary = inference.doubts[0].boundary
        gap = abs(inference.score(axis) - boundary)
        side = "above" if high else "below"
        score = f"{_SHORT[axis]} at {inference.score(axis):g} ({gap:g} {side} {boundary:g})"
        why.append(f"{phrases} {verb} {score}" if phrases else f"nothing stated lifts {score}")
    return f"declared {declared}, inferred {inference.archetype}: {'; '.join(why)}"


def _strongest(contributions: Sequence[Contribution], high: bool) -> list[Contribution]:
    """The signals that did most to put a score on its side: the most points above what
    the signal gives at least, for a high score; the largest shortfall from its maximum,
    for a low one."""

    def pull(c: Contribution) -> float:
        return c.points - c.min_points if high else c.max_points - c.points

    ranked = sorted(contributions, key=lambda c: -pull(c))
    return [c for c in ranked[:_SHOWN_SIGNALS] if pull(c) > 0]


def _doubt(inference: ArchetypeInference, threshold: float) -> str:
    weakest: AxisDoubt = min(inference.doubts, key=lambda d: d.probability)
    head = f"confidence {inference.confidence:.2f} (below {threshold:.2f})"
    score = f"{_SHORT[weakest.axis]} {weakest.score:g}"
    if weakest.unknown:
        names = _joined([_NAMES.get(name, name) for name in weakest.unknown])
        verb = "is" if len(weakest.unknown) == 1 else "are"
        across = f"across {weakest.boundary:g}"
        return f"{head}: {names} {verb} unstated and could carry {score} {across}"
    gap = abs(weakest.score - weakest.boundary)
    return f"{head}: {score} is {gap:g} from {weakest.boundary:g}"


def signal_phrase(signals: PersonaSignals, contribution: Contribution) -> str:
    """Returns: the signal with its value as a person says it ("budget 8M", "team 25")."""
    value = getattr(signals, contribution.signal, None)
    phrase = _PHRASES.get(contribution.signal)
    if contribution.signal == "automation_language":
        return f"AI language ({contribution.basis})" if contribution.points else "no AI language"
    if phrase is None or value is None:
        return _NAMES.get(contribution.signal, contribution.signal)
    return phrase(value)


def _money(value: float) -> str:
    for size, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "k")):
        if value >= size:
            return f"{value / size:.3g}{suffix}"
    return f"{value:g}"


def _joined(names: Sequence[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


_PHRASES: Final[dict[str, Callable[[Any], str]]] = {
    "seniority_level": lambda v: f"seniority {v}",
    "team_size": lambda v: f"team {v}",
    "budget_authority": lambda v: f"budget {_money(v)}",
    "stakeholder_count": lambda v: f"{v} stakeholders",
    "strategic_time_percent": lambda v: f"{v:g}% strategic time",
    "meeting_ratio": lambda v: f"{v:.0%} meetings",
    "technology_adoption": lambda v: f"adoption {v}",
    "risk_tolerance": lambda v: f"risk tolerance {v}",
    "change_readiness": lambda v: f"change readiness {v}",
}
