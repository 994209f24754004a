"""The four AI-adoption archetypes: the quadrants of work complexity x AI maturity."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from types import MappingProxyType
from typing import Final

__all__ = ["Archetype"]


class Archetype(StrEnum):
    """An AI-adoption archetype; the value is the name stored on the graph's ``Archetype`` node."""

    AUTOMATOR = "AUTOMATOR"
    ORCHESTRATOR = "ORCHESTRATOR"
    LEARNER = "LEARNER"
    SKEPTIC = "SKEPTIC"

    @property
    def adoption_weight(self) -> int:
        """How readily personas of this archetype adopt AI, 0-100.

        Returns:
            The archetype's weight in opportunity adoption readiness (AUTOMATOR 100,
            ORCHESTRATOR 90, LEARNER 50, SKEPTIC 20).
        """
        return _ADOPTION_WEIGHTS[self]

    @property
    def description(self) -> str:
        """Returns: one sentence on where the archetype sits and what it needs."""
        return _DESCRIPTIONS[self]


_ADOPTION_WEIGHTS: Final[Mapping[Archetype, int]] = MappingProxyType(
    {
        Archetype.AUTOMATOR: 100,
        Archetype.ORCHESTRATOR: 90,
        Archetype.LEARNER: 50,
        Archetype.SKEPTIC: 20,
    }
)

_DESCRIPTIONS: Final[Mapping[Archetype, str]] = MappingProxyType(
    {
        Archetype.AUTOMATOR: (
            "High AI maturity, lower work complexity: wants routine work automated end to end."
        ),
        Archetype.ORCHESTRATOR: (
            "High AI maturity, high work complexity: uses AI to coordinate strategic, "
            "cross-functional work."
        ),
        Archetype.LEARNER: (
            "Lower AI maturity, lower work complexity: building skills and confidence, "
            "wants guidance."
        ),
        Archetype.SKEPTIC: (
            "Lower AI maturity, high work complexity: needs evidence, citations and human "
            "review before trusting AI."
        ),
    }
)
