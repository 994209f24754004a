"""Calibration: from a quadrant probability to a confidence a reviewer can take at its word.

:mod:`.confidence` scores how likely a quadrant is; this maps that score to what was
observed on a labelled set (:mod:`.labelled`). Pool-adjacent-violators (isotonic
regression) groups the labelled personas, ordered by their score, into steps whose share
of right quadrants never decreases; a step's confidence is the lower end of a one-sided
99% Wilson interval of that share (raised to the previous step's when lower). 99%, not
95%: the variants of one persona are not independent draws, so a step holds less
evidence than its member count suggests, and a 95% bound was seen to promise a little
more than a second labelled set delivered. Confidence therefore errs on the modest
side: of the personas shown with confidence c, a share of about c or more were in the
right quadrant.

The fitted steps and the per-axis noise of :mod:`.confidence` are configuration: they
ship in ``calibration.json`` beside this module, written by ``personagraph seed
calibrate --write`` (docs/archetype-inference.md, "Calibration"), and any
:class:`Calibration` can replace them in :class:`~.weights.InferenceWeights`.
"""

from __future__ import annotations

import json
import math
from bisect import bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from importlib import resources
from itertools import pairwise
from typing import Any, Final

from personagraph.errors import ConfigurationError
from personagraph.inference.evidence import Axis

__all__ = [
    "DEFAULT_CALIBRATION",
    "ONE_SIDED_99",
    "Calibration",
    "CalibrationStep",
    "fit_steps",
    "wilson_lower_bound",
]

ONE_SIDED_99: Final = 2.326
RESOURCE: Final = "calibration.json"
_DECIMALS: Final = 4


@dataclass(frozen=True, slots=True)
class CalibrationStep:
    """Labelled personas whose quadrant probability is ``start`` or more (up to the next
    step): how many, how many of them were right, and the confidence that gives."""

    start: float
    confidence: float
    members: int
    right: int
    end: float = 1.0

    @property
    def share(self) -> float:
        """Returns: the share of the step's labelled personas in the right quadrant."""
        return self.right / self.members if self.members else 0.0


@dataclass(frozen=True, slots=True)
class Calibration:
    """The per-axis noise of the quadrant probability and the steps mapping it to confidence.

    Raises:
        ConfigurationError: a noise is negative, or the steps do not start at 0, do not
            increase, or give confidences outside [0, 1] or decreasing ones.
    """

    noise_work_complexity: float
    noise_ai_maturity: float
    steps: tuple[CalibrationStep, ...]
    fitted_on: str = "(not fitted)"
    z: float = ONE_SIDED_99

    def __post_init__(self) -> None:
        problems = []
        if min(self.noise_work_complexity, self.noise_ai_maturity) < 0:
            problems.append("a noise is negative")
        starts = [step.start for step in self.steps]
        confidences = [step.confidence for step in self.steps]
        if not starts or starts[0] != 0:
            problems.append("the first step must start at 0")
        if any(b <= a for a, b in pairwise(starts)):
            problems.append(f"step starts {starts} do not increase")
        if any(not 0 <= c <= 1 for c in confidences) or any(
            b < a for a, b in pairwise(confidences)
        ):
            problems.append(f"confidences {confidences} leave [0, 1] or decrease")
        if problems:
            raise ConfigurationError(
                f"The archetype calibration is unusable ({'; '.join(problems)}): refit it "
                "with `personagraph seed calibrate --write`."
            )
        ends = [*starts[1:], 1.0]
        ended = tuple(replace(s, end=end) for s, end in zip(self.steps, ends, strict=True))
        object.__setattr__(self, "steps", ended)

    def noise(self, axis: Axis) -> float:
        """Returns: the standard deviation, in points, of a fully stated score on ``axis``."""
        if axis is Axis.WORK_COMPLEXITY:
            return self.noise_work_complexity
        return self.noise_ai_maturity

    def step(self, probability: float) -> CalibrationStep:
        """Returns: the step a quadrant probability falls in (the last one starting at or
        below it)."""
        index = bisect_right([step.start for step in self.steps], probability) - 1
        return self.steps[max(index, 0)]

    def to_json(self) -> dict[str, Any]:
        """Returns: the calibration as the JSON ``calibration.json`` holds."""
        return {
            "fitted_on": self.fitted_on,
            "z": self.z,
            "noise": {
                Axis.WORK_COMPLEXITY.value: self.noise_work_complexity,
                Axis.AI_MATURITY.value: self.noise_ai_maturity,
            },
            "steps": [
                {
                    "start": s.start,
                    "confidence": s.confidence,
                    "members": s.members,
                    "right": s.right,
                }
                for s in self.steps
            ],
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Calibration:
        """Reads what :meth:`to_json` writes.

        Raises:
            ConfigurationError: a field is missing or of the wrong type.
        """
        try:
            noise = data["noise"]
            steps = tuple(
                CalibrationStep(
                    float(s["start"]), float(s["confidence"]), int(s["members"]), int(s["right"])
                )
                for s in data["steps"]
            )
            return cls(
                float(noise[Axis.WORK_COMPLEXITY.value]),
                float(noise[Axis.AI_MATURITY.value]),
                steps,
                str(data.get("fitted_on", "(not said)")),
                float(data.get("z", ONE_SIDED_99)),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise ConfigurationError(
                f"The archetype calibration cannot be read ({exc!r}); it needs 'noise' with "
                "both axes and 'steps' of start, confidence, members and right. Refit it "
                "with `personagraph seed calibrate --write`."
            ) from exc


def wilson_lower_bound(right: int, members: int, z: float = ONE_SIDED_99) -> float:
    """Returns: the lower end of the Wilson score interval of ``right / members``."""
    if members == 0:
        return 0.0
    share = right / members
    centre = share + z * z / (2 * members)
    margin = z * math.sqrt(share * (1 - share) / members + z * z / (4 * members * members))
    return max((centre - margin) / (1 + z * z / members), 0.0)


def fit_steps(
    observations: Iterable[tuple[float, bool]], z: float = ONE_SIDED_99
) -> tuple[CalibrationStep, ...]:
    """Fits the steps from labelled personas.

    Args:
        observations: each labelled persona's quadrant probability and whether its
            inferred quadrant was the right one.
        z: the normal quantile of the lower bound (2.326: one-sided 99%).

    Returns:
        Steps of increasing start and non-decreasing confidence, the first starting at 0.
    """
    blocks: list[list[float]] = []  # [start, members, right], equal scores kept together
    for score, was_right in sorted(observations):
        if blocks and blocks[-1][0] == score:
            blocks[-1][1] += 1
            blocks[-1][2] += was_right
        else:
            blocks.append([score, 1, float(was_right)])
        # Pool adjacent violators: a block may not be right less often than the one before.
        while len(blocks) > 1 and blocks[-2][2] * blocks[-1][1] >= blocks[-1][2] * blocks[-2][1]:
            last = blocks.pop()
            blocks[-1][1] += last[1]
            blocks[-1][2] += last[2]
    steps: list[CalibrationStep] = []
    for start, members, right in blocks:
        bound = round(wilson_lower_bound(int(right), int(members), z), _DECIMALS)
        if steps and bound <= steps[-1].confidence:
            previous = steps.pop()
            steps.append(
                CalibrationStep(
                    previous.start,
                    previous.confidence,
                    previous.members + int(members),
                    previous.right + int(right),
                )
            )
            continue
        steps.append(CalibrationStep(start if steps else 0.0, bound, int(members), int(right)))
    return tuple(steps) or (CalibrationStep(0.0, 0.0, 0, 0),)


def _shipped() -> Calibration:
    text = resources.files(__package__).joinpath(RESOURCE).read_text(encoding="utf-8")
    return Calibration.from_json(json.loads(text))


DEFAULT_CALIBRATION: Final = _shipped()
