"""The default inference weights: every point, threshold and keyword, each with its reason.

docs/archetype-inference.md explains each number and works examples through them.
"""

# The scales are frozen dataclasses, so sharing one as a default is safe; ruff recognises
# that only for dataclasses defined in the same module.
# ruff: noqa: RUF009

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from personagraph.errors import ConfigurationError
from personagraph.inference.calibration import DEFAULT_CALIBRATION, Calibration
from personagraph.inference.scales import Bands, KeywordGroup, KeywordPoints, Levels, Linear

__all__ = ["DEFAULT_WEIGHTS", "InferenceWeights"]


@dataclass(frozen=True, slots=True)
class InferenceWeights:
    """Every point, threshold and keyword archetype inference uses.

    The defaults are the seed document's points plus our own signals, and the confidence
    calibration fitted on a labelled set (``calibration.json``); replace any field
    (``dataclasses.replace``) to configure. Each scale carries its reason.
    """

    seniority: Levels = Levels(
        points=(
            ("entry", 5),
            ("mid", 15),
            ("senior", 20),
            ("director", 22),
            ("executive", 25),
            ("c_suite", 25),
        ),
        unknown=10,
        reason="Seed: seniority measures the scope of decisions a persona owns.",
    )
    team_size: Bands = Bands(
        bounds=(0, 5, 15),
        points=(5, 12, 18, 20),
        unknown=5,
        reason="Seed: a larger team means more work to coordinate; unstated scope is not credited.",
    )
    budget_authority: Bands = Bands(
        bounds=(100_000, 1_000_000, 5_000_000),
        points=(5, 12, 18, 20),
        unknown=5,
        inclusive=False,
        reason="Seed: budget (USD) measures accountability; unstated scope is not credited.",
    )
    stakeholder_count: Bands = Bands(
        bounds=(0, 5, 15),
        points=(0, 4, 8, 10),
        unknown=0,
        reason=(
            "Ours: each regular stakeholder is another party whose needs must be reconciled "
            "(cut points reuse the seed's team-size bands: both count people to coordinate)."
        ),
    )
    strategic_time: Linear = Linear(
        max_points=15,
        unknown=0,
        reason=(
            "Ours: time on strategy rather than execution is what separates variants of one "
            "role; the largest of our weights because it measures non-routine work directly."
        ),
    )
    meeting_ratio: Linear = Linear(
        max_points=10,
        unknown=0,
        reason=(
            "Ours: a meeting-heavy week means coordination and judgement that resist "
            "automation; below strategic time because many meetings are routine status updates."
        ),
    )
    technology_adoption: Levels = Levels(
        points=(
            ("laggard", 5),
            ("late_majority", 12),
            ("early_majority", 18),
            ("early_adopter", 25),
            ("innovator", 30),
        ),
        unknown=15,
        reason="Seed: how early a persona takes up new technology.",
    )
    risk_tolerance: Levels = Levels(
        points=(
            ("very_conservative", 5),
            ("conservative", 10),
            ("moderate", 15),
            ("aggressive", 20),
        ),
        unknown=10,
        reason="Seed: trying AI means accepting the risk of its mistakes.",
    )
    change_readiness: Levels = Levels(
        points=(("low", 0), ("moderate", 10), ("high", 20)),
        unknown=0,
        reason=(
            "Ours: readiness to change how one works is what turns interest in tools into "
            "adoption; unstated readiness is not credited."
        ),
    )
    automation_language: KeywordPoints = KeywordPoints(
        groups=(
            KeywordGroup(
                "ai", ("ai", "artificial intelligence", "machine learning", "llm", "llms", "genai")
            ),
            KeywordGroup(
                "automation",
                ("automate", "automates", "automated", "automating", "automation", "automatic"),
            ),
            KeywordGroup("manual work", ("manual", "manually")),
            KeywordGroup("repetitive work", ("repetitive", "repetition", "routine")),
        ),
        points_per_group=10,
        max_points=30,
        reason=(
            "Ours: people who already describe their goals and pains as automatable, or in terms "
            "of AI, are further along; three of the four ideas already say it emphatically."
        ),
    )
    quadrant_boundary: float = 50.0
    # The source's confidence, min(distance from the centre / this, 1), kept beside ours
    # for comparison (ArchetypeInference.centre_distance).
    confidence_scale: float = 100.0
    # How sure a quadrant is, from the scores and what was unknown, mapped to the share of
    # labelled personas that were right (inference/confidence.py, inference/calibration.py).
    calibration: Calibration = DEFAULT_CALIBRATION
    review_threshold: float = 0.60

    def __post_init__(self) -> None:
        if not 0 <= self.review_threshold <= 1:
            raise ConfigurationError(
                f"review_threshold is {self.review_threshold!r}; confidence lies in [0, 1], "
                "so give a threshold between 0 and 1 (the default is 0.60)."
            )
        if self.confidence_scale <= 0:
            raise ConfigurationError(
                f"confidence_scale is {self.confidence_scale!r}; it divides the distance from "
                "the centre, so it must be greater than 0 (the default is 100)."
            )


DEFAULT_WEIGHTS: Final = InferenceWeights()
