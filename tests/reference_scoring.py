"""The scoring of personagraph before issue 27, kept as a reference implementation.

Until then a scoring run read every persona's evidence into Python
(:func:`personagraph.analytics.evidence.evidence_paths`), summed it per opportunity
here, and took reach from GDS. This module does the same sums the same way, so that
the scoring done inside Neo4j can be checked against it on any catalog. Reach is the
sum of the path weights (what GDS's weighted degree gave) or, for a segment, the
personalised PageRank of the bipartite persona→opportunity graph in closed form: every
source persona spreads its out-weight, so an opportunity's rank is proportional to
``Σ over the segment's personas of w(p, o) / Σ_o' w(p, o')`` (what GDS converged to).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from personagraph.analytics import formulas
from personagraph.analytics.evidence import EvidencePath, evidence_paths
from personagraph.analytics.scoring import Segment
from personagraph.model.archetype import Archetype
from personagraph.store import Store


@dataclass(frozen=True)
class ReferenceScore:
    """One opportunity as the old scoring ranked, scored and explained it."""

    key: str
    rank: int
    reach: float
    impact: float
    feasibility: float
    adoption_readiness: float
    overall: float
    explanation: dict[str, list[tuple[str, float]]]


@dataclass
class _Evidence:
    persona_weight: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    item_weight: dict[tuple[str, str], float] = field(default_factory=lambda: defaultdict(float))
    function_weight: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    archetypes: dict[str, Archetype] = field(default_factory=dict)
    pains: list[tuple[float, float]] = field(default_factory=list)
    ratings: list[tuple[float, float]] = field(default_factory=list)

    def add(self, path: EvidencePath) -> None:
        self.persona_weight[path.persona] += path.weight
        self.item_weight[(path.kind, path.item)] += path.weight
        self.function_weight[path.function or "(none)"] += path.weight
        self.archetypes[path.persona] = path.archetype
        if path.pain is not None:
            self.pains.append(path.pain)
        self.ratings.extend(path.ratings)


def reference_scores(
    store: Store, segment: Segment | None = None, top: int = 5
) -> list[ReferenceScore]:
    """Every active opportunity's scores and explanation, best first, as the old code made them."""
    segment = segment or Segment()
    rows = store.read("analytics/opportunities")
    everyone = list(evidence_paths(store, rows))
    members = _segment(everyone, segment)
    raw = _raw_reach(everyone, members)
    reach = formulas.normalise_reach({row["key"]: raw.get(row["key"], 0.0) for row in rows})
    found: dict[str, _Evidence] = defaultdict(_Evidence)
    for path in everyone:
        if members is None or path.persona in members:
            found[path.opportunity].add(path)
    subs = [_sub_scores(row, found.get(row["key"], _Evidence()), reach) for row in rows]
    return [
        ReferenceScore(
            key=sub.key,
            rank=rank,
            reach=sub.reach,
            impact=sub.impact,
            feasibility=sub.feasibility,
            adoption_readiness=sub.adoption_readiness,
            overall=sub.overall,
            explanation=_explain(found.get(sub.key, _Evidence()), top),
        )
        for rank, sub in enumerate(formulas.rank(subs), start=1)
    ]


def _segment(paths: list[EvidencePath], segment: Segment) -> set[str] | None:
    """The personas of the segment that reach an opportunity (None: everyone)."""
    if segment.function is None and segment.archetype is None:
        return None
    return {
        path.persona
        for path in paths
        if segment.function in (None, path.function) and segment.archetype in (None, path.archetype)
    }


def _raw_reach(paths: list[EvidencePath], members: set[str] | None) -> dict[str, float]:
    pair: dict[tuple[str, str], float] = defaultdict(float)
    for path in paths:
        pair[(path.persona, path.opportunity)] += path.weight
    raw: dict[str, float] = defaultdict(float)
    if members is None:
        for (_, opportunity), weight in pair.items():
            raw[opportunity] += weight
        return raw
    out: dict[str, float] = defaultdict(float)
    for (persona, _), weight in pair.items():
        out[persona] += weight
    for (persona, opportunity), weight in pair.items():
        if persona in members:
            raw[opportunity] += weight / out[persona]
    return raw


def _sub_scores(
    row: Mapping[str, Any], found: _Evidence, reach: Mapping[str, float]
) -> formulas.SubScores:
    mix = [(found.archetypes[p], w) for p, w in found.persona_weight.items()]
    return formulas.SubScores(
        key=row["key"],
        reach=reach.get(row["key"], 0.0),
        impact=formulas.impact(found.pains, row["value_multiplier"], found.ratings),
        feasibility=formulas.feasibility(row["feasibility"], row["effort_person_months"]),
        adoption_readiness=formulas.adoption_readiness(mix),
    )


def _explain(evidence: _Evidence, top: int) -> dict[str, list[tuple[str, float]]]:
    total = sum(evidence.persona_weight.values())

    def best(weights: Mapping[str, float]) -> list[tuple[str, float]]:
        ordered = sorted(weights.items(), key=lambda item: (-round(item[1], 12), item[0]))
        return [(key, weight / total) for key, weight in ordered[:top]]

    if total <= 0:
        return {"personas": [], "pain_points": [], "jtbds": [], "functions": []}
    items = evidence.item_weight
    return {
        "personas": best(evidence.persona_weight),
        "pain_points": best({item: w for (kind, item), w in items.items() if kind == "pain"}),
        "jtbds": best({item: w for (kind, item), w in items.items() if kind == "job"}),
        "functions": best(evidence.function_weight),
    }
