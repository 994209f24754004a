"""The opportunity-scoring formulas (DESIGN.md, "Opportunity scoring"), as pure functions.

Every sub-score lies in [0, 1]; ``overall`` is their geometric mean. Nothing here
touches the database, so the GDS path and an independent computation share them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from personagraph.model.archetype import Archetype

SEVERITY_MAX = 5
IMPORTANCE_MAX = 10
VALUE_MULTIPLIER_MAX = 10.0
# ODI = importance + max(importance - satisfaction, 0): at most 10 + 10 on 0-10 scales.
ODI_MAX = 2 * IMPORTANCE_MAX
# Person-months at which effort halves feasibility (two person-years).
EFFORT_HALF = 24.0


def pain_weight(severity: float, strength: float) -> float:
    """How strongly one experienced pain ties a persona to an opportunity.

    ``severity / 5 x strength`` (severity 1-5, strength in (0, 1]).
    """
    return severity / SEVERITY_MAX * strength


def job_weight(importance: float) -> float:
    """How strongly one performed JTBD ties a persona to an opportunity: ``importance / 10``."""
    return importance / IMPORTANCE_MAX


def normalise_reach(raw: Mapping[str, float]) -> dict[str, float]:
    """Reach scaled to [0, 1]: ``raw[o] / max(raw)``; all zero when nothing is reached.

    ``raw`` is the GDS weighted in-degree (whole population) or the personalised
    PageRank score (segment) of each opportunity.
    """
    top = max((value for value in raw.values()), default=0.0)
    if top <= 0:
        return dict.fromkeys(raw, 0.0)
    return {key: min(max(value / top, 0.0), 1.0) for key, value in raw.items()}


def odi_score(importance: float, satisfaction: float) -> float:
    """Outcome-Driven-Innovation score: ``importance + max(importance - satisfaction, 0)``."""
    return importance + max(importance - satisfaction, 0.0)


def impact(
    pains: Sequence[tuple[float, float]],
    value_multiplier: float,
    ratings: Sequence[tuple[float, float]] = (),
) -> float:
    """Impact in [0, 1]: the mean of a pain part and an outcome part (those present).

    - pain part = (Σ severity·strength / Σ strength) / 5 x min(value_multiplier, 10) / 10,
      over the ``(severity, strength)`` of every persona-pain link the opportunity addresses;
    - outcome part = mean of :func:`odi_score` / 20 over the ``(importance, satisfaction)``
      ratings of the outcomes of the JTBDs it supports.

    Zero when there is neither. :func:`impact_parts` computes the same from sums.
    """
    return impact_parts(
        ImpactSums(
            severity_strength=sum(severity * strength for severity, strength in pains),
            strength=sum(strength for _, strength in pains),
            pain_links=len(pains),
            odi=sum(odi_score(imp, sat) for imp, sat in ratings),
            ratings=len(ratings),
        ),
        value_multiplier,
    ).value


@dataclass(frozen=True)
class ImpactSums:
    """What impact is computed from, summed over the links of one opportunity:
    ``Σ severity·strength``, ``Σ strength`` and the number of persona-pain links; the sum
    of the ODI scores of the ratings of its jobs' outcomes and their number."""

    severity_strength: float
    strength: float
    pain_links: int
    odi: float
    ratings: int


@dataclass(frozen=True)
class ImpactParts:
    """Impact split into its parts. ``pain`` is the severity x value part, ``outcomes``
    the outcome-opportunity (ODI) part, each in [0, 1] and None when absent; impact is
    their mean, so each present part contributes ``part / parts`` of it."""

    pain: float | None
    outcomes: float | None
    mean_severity: float | None
    value_multiplier: float
    mean_odi: float | None
    pain_links: int
    ratings: int

    @property
    def parts(self) -> int:
        return sum(part is not None for part in (self.pain, self.outcomes))

    @property
    def pain_contribution(self) -> float:
        """The pain part's share of impact: ``pain / parts`` (0 when absent)."""
        return self.pain / self.parts if self.pain is not None else 0.0

    @property
    def outcomes_contribution(self) -> float:
        """The ODI part's share of impact: ``outcomes / parts`` (0 when absent)."""
        return self.outcomes / self.parts if self.outcomes is not None else 0.0

    @property
    def value(self) -> float:
        """Impact: the sum of the contributions, in [0, 1]."""
        return _unit(self.pain_contribution + self.outcomes_contribution) if self.parts else 0.0


def impact_parts(sums: ImpactSums, value_multiplier: float) -> ImpactParts:
    """Impact's parts from the sums over an opportunity's links (see :func:`impact`)."""
    multiplier = min(max(value_multiplier, 0.0), VALUE_MULTIPLIER_MAX)
    pain = mean_severity = None
    if sums.strength > 0:
        mean_severity = sums.severity_strength / sums.strength
        pain = mean_severity / SEVERITY_MAX * multiplier / VALUE_MULTIPLIER_MAX
    outcomes = mean_odi = None
    if sums.ratings:
        mean_odi = sums.odi / sums.ratings
        outcomes = mean_odi / ODI_MAX
    return ImpactParts(
        pain=pain,
        outcomes=outcomes,
        mean_severity=mean_severity,
        value_multiplier=multiplier,
        mean_odi=mean_odi,
        pain_links=sums.pain_links,
        ratings=sums.ratings,
    )


def feasibility(declared: float, effort_person_months: float) -> float:
    """Feasibility in [0, 1]: ``declared x 24 / (24 + effort_person_months)``.

    The catalog's own feasibility, discounted by effort: two person-years halve it.
    """
    return feasibility_parts(declared, effort_person_months).value


@dataclass(frozen=True)
class FeasibilityParts:
    """Feasibility's inputs: the catalog's ``declared`` feasibility (clamped to [0, 1]), the
    effort in person-months and the discount it brings, ``24 / (24 + effort)``; feasibility
    is ``declared x effort_factor``."""

    declared: float
    effort_person_months: float
    effort_factor: float

    @property
    def value(self) -> float:
        return self.declared * self.effort_factor


def feasibility_parts(declared: float, effort_person_months: float) -> FeasibilityParts:
    """The inputs of :func:`feasibility`."""
    effort = max(effort_person_months, 0.0)
    return FeasibilityParts(_unit(declared), effort, EFFORT_HALF / (EFFORT_HALF + effort))


def adoption_readiness(mix: Iterable[tuple[Archetype, float]]) -> float:
    """Adoption readiness in [0, 1] of the personas reached, weighted by how much each reaches.

    ``Σ weight·adoption_weight(archetype) / (100 · Σ weight)`` over ``(archetype, weight)``
    (AUTOMATOR 100, ORCHESTRATOR 90, LEARNER 50, SKEPTIC 20); zero for no one.
    """
    total = 0.0
    weighted = 0.0
    for archetype, weight in mix:
        total += weight
        weighted += weight * archetype.adoption_weight
    return _unit(weighted / (100 * total)) if total > 0 else 0.0


@dataclass(frozen=True)
class ArchetypeShare:
    """One archetype's part of adoption readiness: the reach weight of its personas, that
    weight's ``share`` of all of them, the archetype's adoption weight (0-100), and its
    ``contribution`` ``share x adoption_weight / 100``; readiness is the sum of the
    contributions."""

    archetype: Archetype
    weight: float
    share: float
    adoption_weight: int
    contribution: float


def readiness_parts(weights: Mapping[Archetype, float]) -> tuple[ArchetypeShare, ...]:
    """Each archetype's share of the reach weight and contribution to adoption readiness,
    largest contribution first (empty when no one is reached)."""
    total = sum(weights.values())
    if total <= 0:
        return ()
    shares = [
        ArchetypeShare(
            archetype=archetype,
            weight=weight,
            share=weight / total,
            adoption_weight=archetype.adoption_weight,
            contribution=weight / total * archetype.adoption_weight / 100,
        )
        for archetype, weight in weights.items()
        if weight > 0
    ]
    return tuple(sorted(shares, key=lambda s: (-round(s.contribution, 12), s.archetype.value)))


def overall(reach: float, impact: float, feasibility: float, adoption_readiness: float) -> float:
    """The geometric mean ``(reach x impact x feasibility x adoption_readiness) ^ ¼``."""
    product = _unit(reach) * _unit(impact) * _unit(feasibility) * _unit(adoption_readiness)
    return float(product**0.25)


@dataclass(frozen=True)
class SubScores:
    """An opportunity's four sub-scores and their geometric mean."""

    key: str
    reach: float
    impact: float
    feasibility: float
    adoption_readiness: float

    @property
    def overall(self) -> float:
        return overall(self.reach, self.impact, self.feasibility, self.adoption_readiness)


def rank(scores: Iterable[SubScores]) -> list[SubScores]:
    """Best first: by overall, then reach, then impact (descending), then key (ascending).

    Scores are compared rounded to 12 decimals so that floating-point noise from the
    server cannot reorder equal scores; the key settles every remaining tie.
    """
    return sorted(
        scores,
        key=lambda s: (-round(s.overall, 12), -round(s.reach, 12), -round(s.impact, 12), s.key),
    )


def _unit(value: float) -> float:
    return min(max(float(value), 0.0), 1.0)
