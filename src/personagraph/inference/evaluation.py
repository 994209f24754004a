"""Judging archetype confidence on a labelled set: fitting the calibration, and the
reliability table that shows whether a confidence means what it says.

A reliability table puts labelled personas into bins of confidence and reports, for
each bin, how many of them were in the right quadrant (agreement). Calibrated
confidence should have agreement at or above the bin's confidence; the table also says,
for a few thresholds c, the share right among all personas shown with confidence ≥ c.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Final

from personagraph.inference.archetype import ArchetypeInference, infer_archetype
from personagraph.inference.calibration import (
    ONE_SIDED_99,
    Calibration,
    CalibrationStep,
    fit_steps,
)
from personagraph.inference.confidence import side_probability, unknown_terms
from personagraph.inference.evidence import Axis, AxisScore
from personagraph.inference.labelled import LabelledPersona
from personagraph.inference.weights import DEFAULT_WEIGHTS, InferenceWeights

__all__ = [
    "BIN_EDGES",
    "NOISE_GRID",
    "Judged",
    "ReliabilityBin",
    "ReliabilityTable",
    "fit_calibration",
    "judge",
    "reliability",
]

BIN_EDGES: Final = tuple(i / 10 for i in range(11))
THRESHOLDS: Final = (0.5, 0.6, 0.7, 0.8, 0.9)
# Candidate per-axis noise (points) for the quadrant probability; the one whose
# probabilities fit the labels best (log loss) is kept.
NOISE_GRID: Final = tuple(float(n) for n in range(1, 16))
# Bins with fewer members say too little to hold a confidence to (docs: "enough members").
ENOUGH_MEMBERS: Final = 30


@dataclass(frozen=True, slots=True)
class Judged:
    """One labelled persona's inference against its label."""

    persona: LabelledPersona
    inference: ArchetypeInference

    @property
    def right(self) -> bool:
        """Returns: whether the inferred archetype is the labelled one."""
        return self.inference.archetype is self.persona.label


@dataclass(frozen=True, slots=True)
class ReliabilityBin:
    """Labelled personas with confidence in [low, high) (the last bin includes 1)."""

    low: float
    high: float
    members: int
    right: int
    mean_confidence: float

    @property
    def agreement(self) -> float:
        """Returns: the share of the bin's personas in the right quadrant."""
        return self.right / self.members if self.members else 0.0

    @property
    def holds(self) -> bool:
        """Returns: whether agreement is at least the mean confidence (or too few members
        to tell)."""
        return self.members < ENOUGH_MEMBERS or self.agreement >= self.mean_confidence


@dataclass(frozen=True, slots=True)
class ReliabilityTable:
    """Confidence bins against observed agreement, and the share right above thresholds."""

    bins: tuple[ReliabilityBin, ...]
    at_least: tuple[tuple[float, int, int], ...]

    @property
    def members(self) -> int:
        return sum(b.members for b in self.bins)

    @property
    def right(self) -> int:
        return sum(b.right for b in self.bins)

    @property
    def holds(self) -> bool:
        """Returns: whether every bin with enough members agrees at least as often as its
        confidence says."""
        return all(b.holds for b in self.bins)

    def lines(self) -> list[str]:
        """Returns: the table as Markdown rows (docs/archetype-inference.md prints these)."""
        rows = [
            "| confidence | personas | mean confidence | in the right quadrant | holds |",
            "|---|---|---|---|---|",
        ]
        for b in self.bins:
            if not b.members:
                continue
            verdict = "yes" if b.agreement >= b.mean_confidence else "no"
            if b.members < ENOUGH_MEMBERS:
                verdict += " (too few to tell)"
            rows.append(
                f"| {b.low:.1f} to {b.high:.1f} | {b.members:,} | {b.mean_confidence:.3f} "
                f"| {b.agreement:.3f} ({b.right:,}) | {verdict} |"
            )
        rows.append(f"| all | {self.members:,} | | {self.right / max(self.members, 1):.3f} | |")
        return rows


def judge(
    labelled: Iterable[LabelledPersona], weights: InferenceWeights = DEFAULT_WEIGHTS
) -> list[Judged]:
    """Returns: every labelled persona inferred with ``weights``."""
    return [Judged(persona, infer_archetype(persona.signals, weights)) for persona in labelled]


def reliability(
    judged: Iterable[Judged],
    edges: Sequence[float] = BIN_EDGES,
    thresholds: Sequence[float] = THRESHOLDS,
) -> ReliabilityTable:
    """Returns: the reliability table of ``judged`` over the confidence bins ``edges``."""
    pairs = [(j.inference.confidence, j.right) for j in judged]
    bins = []
    for index, (low, high) in enumerate(pairwise(edges)):
        last = index == len(edges) - 2
        inside = [(c, r) for c, r in pairs if low <= c < high or (last and c == high)]
        mean = sum(c for c, _ in inside) / len(inside) if inside else 0.0
        bins.append(ReliabilityBin(low, high, len(inside), sum(r for _, r in inside), mean))
    at_least = tuple(
        (c, sum(1 for x, _ in pairs if x >= c), sum(1 for x, r in pairs if x >= c and r))
        for c in thresholds
    )
    return ReliabilityTable(tuple(bins), at_least)


def fit_calibration(
    labelled: Sequence[LabelledPersona],
    fitted_on: str,
    weights: InferenceWeights = DEFAULT_WEIGHTS,
    noise_grid: Sequence[float] = NOISE_GRID,
    z: float = ONE_SIDED_99,
) -> Calibration:
    """Fits the per-axis noise and the calibration steps on a labelled set.

    The noise pair (each axis's from ``noise_grid``) whose quadrant probabilities best
    predict the labels (least log loss) is kept; the steps then map those probabilities
    to confidence (:func:`fit_steps`).

    Args:
        labelled: the fitting set (never the set the calibration is judged on).
        fitted_on: says what the set was, kept with the calibration.
        weights: the points; their calibration is what gets replaced.
        noise_grid: the candidate noises, in points, tried on each axis.
        z: the normal quantile of each step's lower bound.

    Returns:
        The fitted calibration.
    """
    boundary = weights.quadrant_boundary
    inferred = [infer_archetype(p.signals, weights) for p in labelled]
    rights = [i.archetype is p.label for i, p in zip(inferred, labelled, strict=True)]
    # Per persona and axis, the side probability under every candidate noise.
    sides = [
        [
            [side_probability(axis.score, *unknown_terms(axis), n, boundary) for n in noise_grid]
            for axis in _axis_scores(i)
        ]
        for i in inferred
    ]
    pairs = [(c, m) for c in range(len(noise_grid)) for m in range(len(noise_grid))]
    best = min(pairs, key=lambda pair: _log_loss(sides, rights, pair))
    observations = [
        (_product(side, best), right) for side, right in zip(sides, rights, strict=True)
    ]
    steps: tuple[CalibrationStep, ...] = fit_steps(observations, z)
    return Calibration(noise_grid[best[0]], noise_grid[best[1]], steps, fitted_on, z)


def _axis_scores(inference: ArchetypeInference) -> tuple[AxisScore, AxisScore]:
    def axis_score(axis: Axis) -> AxisScore:
        parts = tuple(c for c in inference.contributions if c.axis is axis)
        return AxisScore(axis, inference.score(axis), parts)

    return axis_score(Axis.WORK_COMPLEXITY), axis_score(Axis.AI_MATURITY)


def _product(side: list[list[float]], pair: tuple[int, int]) -> float:
    # Rounded as infer_archetype rounds it, so that fitted steps meet the same numbers.
    return round(side[0][pair[0]] * side[1][pair[1]], 4)


def _log_loss(sides: list[list[list[float]]], rights: list[bool], pair: tuple[int, int]) -> float:
    total = 0.0
    for side, right in zip(sides, rights, strict=True):
        p = min(max(_product(side, pair), 1e-6), 1 - 1e-6)
        total -= math.log(p) if right else math.log(1 - p)
    return total
