"""How likely an inferred quadrant is right, before calibration.

A persona's quadrant is the pair of sides of the boundary (50) its two scores fall on.
A side can be wrong for two reasons:

* **a stated signal is a little off** (a budget rounded, readiness judged a level too
  high): read as normal noise of ``noise`` points on the axis (configuration, fitted
  with the calibration);
* **a signal is unstated**: it scores its "unknown" points, but stated it could score
  anything its scale gives. Taken as uniform over that range, it moves the score's
  expectation to the middle of the range and adds (max - min)² / 12 to its variance.
  An unstated attribute therefore widens the doubt instead of silently dragging the
  score towards a side.

On each axis the score is read as normal with mean ``expected`` (the score with every
unknown signal at the middle of its range) and standard deviation ``spread``; the
probability that the score's side holds is Φ(±(expected - 50) / spread), and the
quadrant's is the product of the two axes' (no signal feeds both). This is a score,
not yet a promise: :mod:`.calibration` maps it to the share of labelled personas that
were in the right quadrant.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final

from personagraph.inference.evidence import Axis, AxisScore

__all__ = [
    "AxisDoubt",
    "axis_doubt",
    "quadrant_probability",
    "side_probability",
    "unknown_terms",
]

_DECIMALS: Final = 4


@dataclass(frozen=True, slots=True)
class AxisDoubt:
    """How sure one score's side of the boundary is."""

    axis: Axis
    score: float
    boundary: float
    expected: float
    spread: float
    unknown: tuple[str, ...]
    probability: float

    @property
    def high(self) -> bool:
        """Returns: whether the score is on the high side (on the boundary counts as high)."""
        return self.score >= self.boundary

    def describe(self) -> str:
        """Returns: e.g. ``work complexity 32 is low (< 50); with meeting_ratio unknown it
        would be 37 ± 5.8 on average: low with probability 0.98``."""
        side = f"high (≥ {self.boundary:g})" if self.high else f"low (< {self.boundary:g})"
        given = f"with {', '.join(self.unknown)} unknown" if self.unknown else "all stated"
        return (
            f"{self.axis.words} {self.score:g} is {side}; {given} it would be "
            f"{self.expected:.3g} ± {self.spread:.2g} on average: "
            f"{'high' if self.high else 'low'} with probability {self.probability:.2f}"
        )


def axis_doubt(score: AxisScore, boundary: float, noise: float) -> AxisDoubt:
    """The doubt about one score's side of the boundary.

    Args:
        score: the score and its contributions (which say what was unknown).
        boundary: the quadrant boundary (50).
        noise: the standard deviation, in points, of a score whose signals are all stated.

    Returns:
        The expected score and its spread given the unknown signals, and the probability
        that the score's side of the boundary holds.
    """
    expected, unknown_variance = unknown_terms(score)
    return AxisDoubt(
        axis=score.axis,
        score=score.score,
        boundary=boundary,
        expected=round(expected, 2),
        spread=round(math.sqrt(noise**2 + unknown_variance), 2),
        unknown=tuple(c.signal for c in score.contributions if not c.known),
        probability=side_probability(score.score, expected, unknown_variance, noise, boundary),
    )


def unknown_terms(score: AxisScore) -> tuple[float, float]:
    """Returns: the score expected with every unknown signal at the middle of its range,
    and the variance those signals add (uniform over their ranges)."""
    unknown = [c for c in score.contributions if not c.known]
    expected = score.score + sum((c.min_points + c.max_points) / 2 - c.points for c in unknown)
    variance = sum((c.max_points - c.min_points) ** 2 / 12 for c in unknown)
    return expected, variance


def side_probability(
    score: float, expected: float, unknown_variance: float, noise: float, boundary: float
) -> float:
    """Returns: the probability that ``score``'s side of ``boundary`` holds, for a score
    read as normal with mean ``expected`` and variance noise² + ``unknown_variance``."""
    spread = math.sqrt(noise**2 + unknown_variance)
    high = score >= boundary
    if spread == 0:
        return 1.0 if (expected >= boundary) == high else 0.0
    above = 0.5 * (1.0 + math.erf((expected - boundary) / (spread * math.sqrt(2.0))))
    return round(above if high else 1.0 - above, _DECIMALS)


def quadrant_probability(doubts: Iterable[AxisDoubt]) -> float:
    """Returns: the probability that every axis's side holds: the quadrant's."""
    return round(math.prod(doubt.probability for doubt in doubts), _DECIMALS)
