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

    Zero when there is neither.
    """
    parts: list[float] = []
    strength_total = sum(strength for _, strength in pains)
    if strength_total > 0:
        severity = sum(sev * strength for sev, strength in pains) / strength_total
        multiplier = min(max(value_multiplier, 0.0), VALUE_MULTIPLIER_MAX)
        parts.append(severity / SEVERITY_MAX * multiplier / VALUE_MULTIPLIER_MAX)
    if ratings:
        odi = sum(odi_score(imp, sat) for imp, sat in ratings) / len(ratings)
        parts.append(odi / ODI_MAX)
    if not parts:
        return 0.0
    return _unit(sum(parts) / len(parts))


def feasibility(declared: float, effort_person_months: float) -> float:
    """Feasibility in [0, 1]: ``declared x 24 / (24 + effort_person_months)``.

    The catalog's own feasibility, discounted by effort: two person-years halve it.
    """
    effort = max(effort_person_months, 0.0)
    return _unit(declared) * EFFORT_HALF / (EFFORT_HALF + effort)


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
