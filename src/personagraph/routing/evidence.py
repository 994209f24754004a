"""What every finding carries: the value found, a score, and the evidence for it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Evidence:
    """One thing looked at: ``signal`` names it, ``matched`` quotes what matched.

    Personal data is never quoted: its evidence holds the placeholder it is redacted to.
    """

    signal: str
    matched: tuple[str, ...] = ()
    score: float = 0.0

    def as_json(self) -> dict[str, Any]:
        return {"signal": self.signal, "matched": list(self.matched), "score": self.score}


@dataclass(frozen=True)
class Finding:
    """A value of the analysis (a request type, a complexity, a sentiment) and why."""

    value: str
    score: float
    evidence: tuple[Evidence, ...]

    def as_json(self) -> dict[str, Any]:
        return {
            "value": self.value,
            "score": self.score,
            "evidence": [item.as_json() for item in self.evidence],
        }
