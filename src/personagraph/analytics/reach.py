"""Who is behind an opportunity's reach: its personas, functions and archetypes, weighted.

The scoring run keeps only the top contributors of each kind in its explanation; the
explorer shows them all, so this recomputes the same link weights
(:func:`formulas.pain_weight`, :func:`formulas.job_weight`) over the evidence rows of one
opportunity, restricted to the run's segment. Pure: plain rows in, plain values out.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from personagraph.analytics import formulas

NO_FUNCTION = "(none)"


@dataclass(frozen=True)
class Evidence:
    """One link from a persona to the opportunity: a pain it addresses or a job it supports."""

    persona: str
    persona_name: str | None
    archetype: str | None
    function: str | None
    function_name: str | None
    kind: str  # "pain" or "job"
    severity: float | None = None
    strength: float | None = None
    importance: float | None = None

    @property
    def weight(self) -> float:
        if self.kind == "pain":
            return formulas.pain_weight(self.severity or 0.0, self.strength or 0.0)
        return formulas.job_weight(self.importance or 0.0)


@dataclass(frozen=True)
class Contributor:
    """A persona, function or archetype: its personas, summed weight and share of the total."""

    key: str
    name: str | None
    personas: int
    weight: float
    share: float


@dataclass(frozen=True)
class ReachBreakdown:
    """Every contributor of each kind, largest share first."""

    personas: tuple[Contributor, ...]
    functions: tuple[Contributor, ...]
    archetypes: tuple[Contributor, ...]


def in_segment(evidence: Evidence, parameters: Mapping[str, Any]) -> bool:
    """Whether the run whose ``parameters`` are given counted this persona."""
    function, archetype = parameters.get("function"), parameters.get("archetype")
    return (function is None or evidence.function == function) and (
        archetype is None or evidence.archetype == archetype
    )


def breakdown(evidence: Iterable[Evidence]) -> ReachBreakdown:
    """Weights per persona, function and archetype; shares of the total weight."""
    persona_weight: dict[str, float] = defaultdict(float)
    names: dict[str, str | None] = {}
    functions: dict[str, tuple[str, str | None]] = {}
    archetypes: dict[str, str] = {}
    for row in evidence:
        persona_weight[row.persona] += row.weight
        names[row.persona] = row.persona_name
        functions[row.persona] = (row.function or NO_FUNCTION, row.function_name)
        archetypes[row.persona] = row.archetype or "(unknown)"
    total = sum(persona_weight.values())
    people = [
        _Member(p, names[p], functions[p][0], functions[p][1], archetypes[p], w)
        for p, w in persona_weight.items()
    ]
    return ReachBreakdown(
        personas=_ranked(((m.persona, m.name, [m]) for m in people), total),
        functions=_ranked(_grouped(people, lambda m: (m.function, m.function_name)), total),
        archetypes=_ranked(_grouped(people, lambda m: (m.archetype, None)), total),
    )


@dataclass(frozen=True)
class _Member:
    persona: str
    name: str | None
    function: str
    function_name: str | None
    archetype: str
    weight: float


def _grouped(
    members: list[_Member], by: Callable[[_Member], tuple[str, str | None]]
) -> Iterable[tuple[str, str | None, list[_Member]]]:
    groups: dict[tuple[str, str | None], list[_Member]] = defaultdict(list)
    for member in members:
        groups[by(member)].append(member)
    return ((key, name, found) for (key, name), found in groups.items())


def _ranked(
    groups: Iterable[tuple[str, str | None, list[_Member]]], total: float
) -> tuple[Contributor, ...]:
    found = [
        Contributor(
            key=key,
            name=name,
            personas=len(members),
            weight=weight,
            share=weight / total if total > 0 else 0.0,
        )
        for key, name, members in groups
        for weight in [sum(m.weight for m in members)]
    ]
    return tuple(sorted(found, key=lambda c: (-round(c.weight, 12), c.key)))
