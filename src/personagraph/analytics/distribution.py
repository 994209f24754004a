"""Archetype distribution and adoption readiness per function.

The source's ``calculateArchetypeDistribution`` counts a function's personas per
archetype; ``calculateAdoptionReadiness`` weighs the shares AUTOMATOR 100,
ORCHESTRATOR 90, LEARNER 50, SKEPTIC 20. Here readiness is on the [0, 1] scale of the
opportunity sub-score of the same name (times 100 gives the source's figure). Counting is
one Cypher statement; the arithmetic is pure and tested without a database.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from personagraph.analytics import formulas
from personagraph.model.archetype import Archetype
from personagraph.store import Store

ALL_FUNCTIONS = "(all)"
NO_FUNCTION = "(none)"


@dataclass(frozen=True)
class ArchetypeDistribution:
    """How many personas of each archetype a function has, and how ready they are for AI."""

    function: str
    counts: Mapping[Archetype, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def share(self, archetype: Archetype) -> float:
        """The archetype's share of the function's personas, 0-1 (0 for an empty function)."""
        return self.counts.get(archetype, 0) / self.total if self.total else 0.0

    @property
    def adoption_readiness(self) -> float:
        """Σ share · adoption weight / 100, in [0, 1]; 0 for a function without personas."""
        return formulas.adoption_readiness(self.counts.items())


def distribution(function: str, archetypes: Iterable[Archetype]) -> ArchetypeDistribution:
    """The distribution of one function from the archetype of each of its personas."""
    counts = dict.fromkeys(Archetype, 0)
    for archetype in archetypes:
        counts[archetype] += 1
    return ArchetypeDistribution(function, counts)


def from_counts(rows: Iterable[tuple[str | None, Archetype, int]]) -> list[ArchetypeDistribution]:
    """Per-function distributions from ``(function, archetype, count)`` rows, plus the total.

    Functions come sorted by key, personas without a function under ``(none)``, and
    the whole population last under ``(all)``.
    """
    per_function: dict[str, dict[Archetype, int]] = {}
    everyone = dict.fromkeys(Archetype, 0)
    for function, archetype, count in rows:
        counts = per_function.setdefault(function or NO_FUNCTION, dict.fromkeys(Archetype, 0))
        counts[archetype] += count
        everyone[archetype] += count
    order = sorted(per_function, key=lambda f: (f == NO_FUNCTION, f))
    result = [ArchetypeDistribution(f, per_function[f]) for f in order]
    return [*result, ArchetypeDistribution(ALL_FUNCTIONS, everyone)]


def function_distributions(store: Store) -> list[ArchetypeDistribution]:
    """Every function's archetype distribution and readiness, and the whole population's."""
    rows = store.read("analytics/function_archetypes")
    return from_counts(
        (row["function"], Archetype(row["archetype"]), int(row["personas"])) for row in rows
    )
