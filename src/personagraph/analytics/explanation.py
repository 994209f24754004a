"""What made an opportunity's scores: the top contributors to its reach, and the parts of
its impact, feasibility and adoption readiness.

A scoring run builds one :class:`Explanation` per opportunity from the sums Neo4j
returns (one row per opportunity, see ``cypher/analytics/score_aggregates.cypher``) and
stores it as JSON on the run's ``SCORED`` link; :func:`from_json` reads it back for the
CLI and the explorer. Pure: rows in, values out.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from personagraph.analytics import formulas
from personagraph.model.archetype import Archetype

NO_FUNCTION = "(none)"


@dataclass(frozen=True)
class Contribution:
    """One persona, pain point, JTBD or function and its share of an opportunity's weight."""

    key: str
    share: float


@dataclass(frozen=True)
class ReachParts:
    """Reach = ``raw / top``: the opportunity's raw reach (the summed weight of every
    persona's links to it, or its personalised PageRank for a segment) over the largest
    raw reach of the run."""

    method: str
    raw: float
    top: float

    @property
    def value(self) -> float:
        return min(max(self.raw / self.top, 0.0), 1.0) if self.top > 0 else 0.0


@dataclass(frozen=True)
class Explanation:
    """The top contributors of each kind, with shares of the opportunity's total weight,
    and the parts of every sub-score (None in explanations stored before they existed)."""

    personas: tuple[Contribution, ...]
    pain_points: tuple[Contribution, ...]
    jtbds: tuple[Contribution, ...]
    functions: tuple[Contribution, ...]
    reach: ReachParts | None = None
    impact: formulas.ImpactParts | None = None
    feasibility: formulas.FeasibilityParts | None = None
    readiness: tuple[formulas.ArchetypeShare, ...] | None = None


def top_contributions(
    weights: Sequence[tuple[str, float]], total: float, top: int
) -> tuple[Contribution, ...]:
    """The ``top`` largest weights as shares of ``total``, largest first, ties by key.

    Weights are compared rounded to 12 decimals, as in the ranking, so that sums taken
    in another order cannot reorder equal contributors.
    """
    if total <= 0:
        return ()
    ordered = sorted(weights, key=lambda item: (-round(item[1], 12), item[0]))
    return tuple(Contribution(key, weight / total) for key, weight in ordered[:top])


def archetype_weights(rows: Sequence[Mapping[str, Any]]) -> dict[Archetype, float]:
    """``{archetype: weight}`` from ``{key, weight}`` rows; personas without an archetype
    (key null) have no adoption weight and are left out."""
    return {Archetype(row["key"]): float(row["weight"]) for row in rows if row["key"] is not None}


def to_json(explanation: Explanation) -> str:
    """The explanation as stored on a ``SCORED`` link (archetypes by name)."""
    return json.dumps(asdict(explanation), sort_keys=True)


def from_json(text: str | None) -> Explanation | None:
    """An explanation read back from a ``SCORED`` link; None when there is none."""
    if not text:
        return None
    data = json.loads(text)

    def contributions(name: str) -> tuple[Contribution, ...]:
        return tuple(Contribution(c["key"], c["share"]) for c in data.get(name, ()))

    readiness = data.get("readiness")
    return Explanation(
        personas=contributions("personas"),
        pain_points=contributions("pain_points"),
        jtbds=contributions("jtbds"),
        functions=contributions("functions"),
        reach=ReachParts(**data["reach"]) if data.get("reach") else None,
        impact=formulas.ImpactParts(**data["impact"]) if data.get("impact") else None,
        feasibility=(
            formulas.FeasibilityParts(**data["feasibility"]) if data.get("feasibility") else None
        ),
        readiness=(
            tuple(
                formulas.ArchetypeShare(**{**share, "archetype": Archetype(share["archetype"])})
                for share in readiness
            )
            if readiness is not None
            else None
        ),
    )
