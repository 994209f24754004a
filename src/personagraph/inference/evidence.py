"""What archetype scoring hands on: the two axes, and each signal's contribution to one.

Scoring (:mod:`.archetype`) makes them; confidence (:mod:`.confidence`), explanations and
review reasons (:mod:`.reasons`) read them.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

__all__ = ["Axis", "AxisScore", "Contribution"]


class Axis(StrEnum):
    """The two scores a persona is placed by."""

    WORK_COMPLEXITY = "work_complexity"
    AI_MATURITY = "ai_maturity"

    @property
    def words(self) -> str:
        """Returns: the axis as a person reads it ("work complexity")."""
        return "work complexity" if self is Axis.WORK_COMPLEXITY else "AI maturity"


@dataclass(frozen=True, slots=True)
class Contribution:
    """What one signal added to one score, and why.

    ``min_points`` and ``max_points`` are what a stated value of the signal can score:
    an unknown signal scores its ``points`` (the scale's "unknown" points), but had it
    been stated it could have scored anything between the two.
    """

    signal: str
    axis: Axis
    points: float
    max_points: float
    basis: str
    known: bool
    reason: str
    min_points: float = 0.0


@dataclass(frozen=True, slots=True)
class AxisScore:
    """One score with the contributions it is the (clamped) sum of."""

    axis: Axis
    score: float
    contributions: tuple[Contribution, ...]
