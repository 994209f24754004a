"""Archetype inference: two scores from a persona's signals, then a quadrant.

``work_complexity`` and ``ai_maturity`` are sums of points, one term per signal,
clamped to 0-100. The seed document's points (seniority, team size, budget;
technology adoption, risk tolerance) reach at most 65 and 50; our own signals
fill the rest exactly, so every default maximum adds up to 100:

=================  ======================================  =====================================
axis               seed points (max)                       our points (max)
=================  ======================================  =====================================
work complexity    seniority 25, team 20, budget 20        stakeholders 10, strategic time 15,
                                                           meeting ratio 10
AI maturity        technology adoption 30, risk 20         change readiness 20, automation/AI
                                                           language 30
=================  ======================================  =====================================

The quadrant split at 50 gives the archetype. Confidence says how often such an
inference is right: how sure each score's side of 50 is given what was stated and
what was not (``confidence.py``), calibrated on a labelled set (``calibration.py``);
a result below the review threshold (0.60) needs a person to look at it. Missing or
unrecognised values score their signal's "unknown" points. Every number lives in
:class:`InferenceWeights` (``weights.py``), built from the scales of ``scales.py``;
docs/archetype-inference.md gives the reason for each and worked examples.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Final

from personagraph.errors import ValidationFailed
from personagraph.inference.calibration import CalibrationStep
from personagraph.inference.confidence import AxisDoubt, axis_doubt, quadrant_probability
from personagraph.inference.evidence import Axis, AxisScore, Contribution
from personagraph.inference.scales import (
    Bands,
    KeywordGroup,
    KeywordPoints,
    Levels,
    Linear,
    Points,
    Scale,
)
from personagraph.inference.weights import DEFAULT_WEIGHTS, InferenceWeights
from personagraph.model.archetype import Archetype

__all__ = [
    "DEFAULT_WEIGHTS",
    "ArchetypeComparison",
    "ArchetypeInference",
    "Axis",
    "AxisScore",
    "Bands",
    "Contribution",
    "InferenceWeights",
    "KeywordGroup",
    "KeywordPoints",
    "Levels",
    "Linear",
    "PersonaSignals",
    "centre_distance",
    "classify_quadrant",
    "compare_archetypes",
    "infer_archetype",
    "score_ai_maturity",
    "score_work_complexity",
    "signals_from_properties",
]

SCORE_MIN: Final = 0.0
SCORE_MAX: Final = 100.0
# Scores are stored on the graph and shown to people: without rounding, float
# noise such as 10 * 0.3 == 3.0000000000000004 would leak into both.
_POINT_DECIMALS: Final = 2
_CONFIDENCE_DECIMALS: Final = 4


# --- input --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PersonaSignals:
    """What inference reads about a persona; every field may be missing (``None`` / empty).

    ``years_of_experience`` is carried but not scored: the seed declares it without
    scoring it, and it mostly restates seniority.

    Raises:
        ValidationFailed: a number is negative or not finite, ``strategic_time_percent``
            exceeds 100 or ``meeting_ratio`` exceeds 1 (every problem is listed).
    """

    seniority_level: str | None = None
    years_of_experience: float | None = None
    team_size: int | None = None
    budget_authority: float | None = None
    technology_adoption: str | None = None
    risk_tolerance: str | None = None
    change_readiness: str | None = None
    stakeholder_count: int | None = None
    strategic_time_percent: float | None = None
    meeting_ratio: float | None = None
    goals: tuple[str, ...] = ()
    pain_points: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        # Callers often hold lists; tuples keep the value immutable and hashable.
        object.__setattr__(self, "goals", tuple(self.goals))
        object.__setattr__(self, "pain_points", tuple(self.pain_points))
        problems = [
            *_range_problems("years_of_experience", self.years_of_experience, math.inf),
            *_range_problems("team_size", self.team_size, math.inf),
            *_range_problems("budget_authority", self.budget_authority, math.inf),
            *_range_problems("stakeholder_count", self.stakeholder_count, math.inf),
            *_range_problems("strategic_time_percent", self.strategic_time_percent, 100),
            *_range_problems("meeting_ratio", self.meeting_ratio, 1),
        ]
        if problems:
            raise ValidationFailed(problems)


INPUTS: Final = (
    "seniority_level",
    "years_of_experience",
    "team_size",
    "budget_authority",
    "technology_adoption",
    "risk_tolerance",
    "change_readiness",
    "stakeholder_count",
    "strategic_time_percent",
    "meeting_ratio",
)


def signals_from_properties(
    props: Mapping[str, Any], goals: Iterable[str] = (), pain_points: Iterable[str] = ()
) -> PersonaSignals:
    """The signals of a persona as the graph stores it (its properties, goal and pain texts).

    Raises:
        ValidationFailed: a stored number is impossible (see :class:`PersonaSignals`).
    """
    return PersonaSignals(
        **{name: props.get(name) for name in INPUTS},
        goals=tuple(goals),
        pain_points=tuple(pain_points),
    )


def _range_problems(name: str, value: float | None, upper: float) -> list[str]:
    if value is None or (math.isfinite(value) and 0 <= value <= upper):
        return []
    limit = "0 or more" if math.isinf(upper) else f"between 0 and {upper:g}"
    return [f"{name} is {value!r}; give a number {limit}, or leave it out if unknown"]


# --- output -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ArchetypeInference:
    """The inferred archetype of a persona, with its scores and their explanation.

    ``confidence`` is calibrated: the share of labelled personas with the same quadrant
    probability that were in the right quadrant (a lower bound of it). ``centre_distance``
    is the source's measure, kept for comparison; ``doubts`` and ``calibration_step`` say
    how the confidence came about.
    """

    work_complexity_score: float
    ai_maturity_score: float
    archetype: Archetype
    confidence: float
    requires_review: bool
    contributions: tuple[Contribution, ...]
    centre_distance: float
    doubts: tuple[AxisDoubt, ...]
    quadrant_probability: float
    calibration_step: CalibrationStep

    def graph_properties(self) -> dict[str, float | str | bool]:
        """Returns: the inference results under their ``Persona`` property names (DESIGN.md)."""
        return {
            "work_complexity_score": self.work_complexity_score,
            "ai_maturity_score": self.ai_maturity_score,
            "inferred_archetype": self.archetype.value,
            "archetype_confidence": self.confidence,
            "requires_review": self.requires_review,
        }

    def score(self, axis: Axis) -> float:
        """Returns: the score on ``axis``."""
        if axis is Axis.WORK_COMPLEXITY:
            return self.work_complexity_score
        return self.ai_maturity_score

    def explain(self) -> str:
        """Returns: a few lines a person can read: the verdict, how sure it is and why,
        then every contribution."""
        review = ", needs review" if self.requires_review else ""
        step = self.calibration_step
        lines = [
            f"{self.archetype} (confidence {self.confidence:.2f}{review}): work complexity "
            f"{self.work_complexity_score:g}, AI maturity {self.ai_maturity_score:g}"
        ]
        lines += [f"  {doubt.describe()}" for doubt in self.doubts]
        lines.append(
            f"  quadrant probability {self.quadrant_probability:.2f}: of the {step.members:,} "
            f"labelled personas between {step.start:.2f} and {step.end:.2f}, {step.share:.0%} "
            f"were in the right quadrant; confidence is a cautious lower bound of that share "
            f"(the source's distance from the centre is {self.centre_distance:.2f})"
        )
        lines += [
            f"  {c.axis:<15} {c.signal:<22} {c.points:>5g} / {c.max_points:<3g} {c.basis}"
            for c in self.contributions
        ]
        return "\n".join(lines)


@dataclass(frozen=True, slots=True)
class ArchetypeComparison:
    """A declared archetype beside the inferred one; both are kept, a mismatch is flagged."""

    declared: Archetype | None
    inferred: Archetype

    @property
    def mismatch(self) -> bool:
        """Returns: whether an archetype was declared and differs from the inferred one."""
        return self.declared is not None and self.declared is not self.inferred


# --- scoring ------------------------------------------------------------------------------------


def _axis_score(axis: Axis, terms: Iterable[tuple[str, Scale, Any]]) -> AxisScore:
    contributions = tuple(
        _contribution(axis, signal, scale, scale.score(value)) for signal, scale, value in terms
    )
    total = sum(c.points for c in contributions)
    clamped = min(max(total, SCORE_MIN), SCORE_MAX)
    return AxisScore(axis, round(clamped, _POINT_DECIMALS), contributions)


def _contribution(axis: Axis, signal: str, scale: Scale, scored: Points) -> Contribution:
    return Contribution(
        signal=signal,
        axis=axis,
        points=round(scored.points, _POINT_DECIMALS),
        max_points=scale.maximum,
        min_points=scale.minimum,
        basis=scored.basis,
        known=scored.known,
        reason=scale.reason,
    )


def score_work_complexity(
    signals: PersonaSignals, weights: InferenceWeights = DEFAULT_WEIGHTS
) -> AxisScore:
    """How complex and non-routine a persona's work is.

    Args:
        signals: the persona's attributes; missing ones score their "unknown" points.
        weights: the points to use.

    Returns:
        The score in 0-100 and one contribution per signal: seniority, team size,
        budget authority, stakeholder count, strategic time, meeting ratio.
    """
    s, w = signals, weights
    strategic_share = None if s.strategic_time_percent is None else s.strategic_time_percent / 100
    terms: tuple[tuple[str, Scale, Any], ...] = (
        ("seniority_level", w.seniority, s.seniority_level),
        ("team_size", w.team_size, s.team_size),
        ("budget_authority", w.budget_authority, s.budget_authority),
        ("stakeholder_count", w.stakeholder_count, s.stakeholder_count),
        ("strategic_time_percent", w.strategic_time, strategic_share),
        ("meeting_ratio", w.meeting_ratio, s.meeting_ratio),
    )
    return _axis_score(Axis.WORK_COMPLEXITY, terms)


def score_ai_maturity(
    signals: PersonaSignals, weights: InferenceWeights = DEFAULT_WEIGHTS
) -> AxisScore:
    """How far a persona has come in adopting AI.

    Args:
        signals: the persona's attributes; missing ones score their "unknown" points.
        weights: the points to use.

    Returns:
        The score in 0-100 and one contribution per signal: technology adoption, risk
        tolerance, change readiness, automation/AI language in goals and pain points.
    """
    s, w = signals, weights
    terms: tuple[tuple[str, Scale, Any], ...] = (
        ("technology_adoption", w.technology_adoption, s.technology_adoption),
        ("risk_tolerance", w.risk_tolerance, s.risk_tolerance),
        ("change_readiness", w.change_readiness, s.change_readiness),
        ("automation_language", w.automation_language, (*s.goals, *s.pain_points)),
    )
    return _axis_score(Axis.AI_MATURITY, terms)


def classify_quadrant(
    work_complexity: float, ai_maturity: float, weights: InferenceWeights = DEFAULT_WEIGHTS
) -> Archetype:
    """The archetype whose quadrant holds the two scores.

    Args:
        work_complexity: score in 0-100.
        ai_maturity: score in 0-100.
        weights: supplies the boundary (50); a score on the boundary counts as high.

    Returns:
        ORCHESTRATOR (both high), AUTOMATOR (mature, less complex), SKEPTIC (complex,
        less mature) or LEARNER (both low).
    """
    complex_work = work_complexity >= weights.quadrant_boundary
    mature = ai_maturity >= weights.quadrant_boundary
    if mature:
        return Archetype.ORCHESTRATOR if complex_work else Archetype.AUTOMATOR
    return Archetype.SKEPTIC if complex_work else Archetype.LEARNER


def centre_distance(
    work_complexity: float, ai_maturity: float, weights: InferenceWeights = DEFAULT_WEIGHTS
) -> float:
    """How far the scores sit from the centre of the quadrants: the source's confidence.

    Kept for comparison (``ArchetypeInference.centre_distance``); it is not a probability
    and is not what ``confidence`` reports (see :func:`infer_archetype`).

    Args:
        work_complexity: score in 0-100.
        ai_maturity: score in 0-100.
        weights: supplies the centre (50) and the scale (100).

    Returns:
        min((|complexity - 50| + |maturity - 50|) / 100, 1), in [0, 1].
    """
    centre = weights.quadrant_boundary
    distance = abs(work_complexity - centre) + abs(ai_maturity - centre)
    return round(min(distance / weights.confidence_scale, 1.0), _CONFIDENCE_DECIMALS)


def infer_archetype(
    signals: PersonaSignals, weights: InferenceWeights = DEFAULT_WEIGHTS
) -> ArchetypeInference:
    """Infer a persona's archetype from its signals.

    Args:
        signals: the persona's attributes; any of them may be missing.
        weights: the points and thresholds to use (defaults: ``DEFAULT_WEIGHTS``).

    Returns:
        Both scores, the quadrant's archetype, the confidence, whether it needs review
        (confidence below ``weights.review_threshold``) and every signal's contribution.
    """
    complexity = score_work_complexity(signals, weights)
    maturity = score_ai_maturity(signals, weights)
    calibration, boundary = weights.calibration, weights.quadrant_boundary
    doubts = tuple(
        axis_doubt(score, boundary, calibration.noise(score.axis))
        for score in (complexity, maturity)
    )
    probability = quadrant_probability(doubts)
    step = calibration.step(probability)
    return ArchetypeInference(
        work_complexity_score=complexity.score,
        ai_maturity_score=maturity.score,
        archetype=classify_quadrant(complexity.score, maturity.score, weights),
        confidence=step.confidence,
        requires_review=step.confidence < weights.review_threshold,
        contributions=complexity.contributions + maturity.contributions,
        centre_distance=centre_distance(complexity.score, maturity.score, weights),
        doubts=doubts,
        quadrant_probability=probability,
        calibration_step=step,
    )


def compare_archetypes(
    declared: Archetype | str | None, inferred: Archetype | ArchetypeInference
) -> ArchetypeComparison:
    """Set a declared archetype beside the inferred one.

    Args:
        declared: the archetype a catalog or a person gave, if any (any letter case).
        inferred: the inferred archetype, or the whole inference result.

    Returns:
        Both archetypes; ``mismatch`` is true when one was declared and they differ.

    Raises:
        ValidationFailed: ``declared`` names no archetype.
    """
    if isinstance(inferred, ArchetypeInference):
        inferred = inferred.archetype
    return ArchetypeComparison(declared=_parse_archetype(declared), inferred=inferred)


def _parse_archetype(value: Archetype | str | None) -> Archetype | None:
    if value is None or isinstance(value, Archetype):
        return value
    try:
        return Archetype(value.strip().upper())
    except ValueError:
        names = ", ".join(Archetype)
        raise ValidationFailed(
            [f"declared archetype {value!r} is not one of {names}; use one of those names"]
        ) from None
