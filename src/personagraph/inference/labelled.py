"""A labelled set for archetype confidence: personas whose right quadrant is known.

Each member is a *variant* of a base persona whose archetype an author declared (the seed
catalog's personas): some attributes are left out, some stated a little differently —
a seniority one level off, a budget or team a factor off, a strategic-time share some
points off, goals and pain points missing — the way personas written by different people
describe the same kind of person. A variant keeps its base's declared archetype as its
label: that is how its right quadrant is known. Inferring the variants and comparing with
the labels measures how often an inference is right given what a persona states, which is
what a confidence should say (:mod:`.calibration`, :mod:`.evaluation`).

Everything is drawn from one ``random.Random(seed)`` in a fixed order, so a seed gives
the same set on every machine.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, fields, replace
from random import Random
from typing import Any, Final

from personagraph.inference.archetype import PersonaSignals
from personagraph.inference.weights import DEFAULT_WEIGHTS, InferenceWeights
from personagraph.model.archetype import Archetype

__all__ = [
    "DEFAULT_PERTURBATION",
    "Base",
    "LabelledPersona",
    "Perturbation",
    "labelled_variants",
]

# The attributes a variant may drop or restate, in the order the random draws are made.
ATTRIBUTES: Final = tuple(
    f.name for f in fields(PersonaSignals) if f.name not in {"goals", "pain_points"}
)


@dataclass(frozen=True, slots=True)
class Perturbation:
    """How far variants stray from their base.

    Each variant draws its own rates, uniformly up to the maxima, so the set runs from
    near copies to personas missing half of what their base states.

    Attributes:
        max_drop: the most a variant's chance of leaving out each attribute, goal and
            pain point can be.
        max_restate: the most its chance of restating each remaining attribute can be.
        factor_spread: a restated count or budget is multiplied by exp(N(0, this)).
        percent_spread: a restated strategic-time percent moves by N(0, this) points.
        ratio_spread: a restated meeting ratio moves by N(0, this).
        years_spread: a restated years of experience moves by up to this many years.
    """

    max_drop: float = 0.5
    max_restate: float = 0.5
    factor_spread: float = 0.5
    percent_spread: float = 12.0
    ratio_spread: float = 0.12
    years_spread: int = 3


DEFAULT_PERTURBATION: Final = Perturbation()


@dataclass(frozen=True, slots=True)
class Base:
    """A persona whose archetype is declared: what variants are made from."""

    id: str
    declared: Archetype
    signals: PersonaSignals
    group: str = ""


@dataclass(frozen=True, slots=True)
class LabelledPersona:
    """One variant: its signals, the archetype it is known to have, and how it was made."""

    base: str
    label: Archetype
    signals: PersonaSignals
    dropped: tuple[str, ...]
    restated: tuple[str, ...]
    group: str = ""


def labelled_variants(
    bases: Sequence[Base],
    seed: int,
    per_base: int,
    perturbation: Perturbation = DEFAULT_PERTURBATION,
    weights: InferenceWeights = DEFAULT_WEIGHTS,
) -> list[LabelledPersona]:
    """Draws ``per_base`` variants of every base, in base order.

    Args:
        bases: personas with declared archetypes.
        seed: the seed of the one random generator every draw comes from.
        per_base: variants per base.
        perturbation: how far variants stray.
        weights: supply the vocabularies (seniority levels...) a restated level moves in.

    Returns:
        The variants, each labelled with its base's declared archetype.
    """
    rng = Random(seed)
    levels = _levels(weights)
    return [_variant(rng, base, perturbation, levels) for base in bases for _ in range(per_base)]


def _levels(weights: InferenceWeights) -> dict[str, tuple[str, ...]]:
    return {
        "seniority_level": weights.seniority.names,
        "technology_adoption": weights.technology_adoption.names,
        "risk_tolerance": weights.risk_tolerance.names,
        "change_readiness": weights.change_readiness.names,
    }


def _variant(
    rng: Random, base: Base, p: Perturbation, levels: dict[str, tuple[str, ...]]
) -> LabelledPersona:
    drop, restate = rng.uniform(0, p.max_drop), rng.uniform(0, p.max_restate)
    changes: dict[str, Any] = {}
    dropped, restated = [], []
    for name in ATTRIBUTES:
        value = getattr(base.signals, name)
        if value is None:
            continue
        if rng.random() < drop:
            changes[name] = None
            dropped.append(name)
        elif rng.random() < restate:
            changes[name] = _restated(rng, name, value, p, levels)
            restated.append(name)
    goals = tuple(text for text in base.signals.goals if rng.random() >= drop)
    pains = tuple(text for text in base.signals.pain_points if rng.random() >= drop)
    return LabelledPersona(
        base=base.id,
        label=base.declared,
        signals=replace(base.signals, **changes, goals=goals, pain_points=pains),
        dropped=tuple(dropped),
        restated=tuple(restated),
        group=base.group,
    )


def _restated(
    rng: Random, name: str, value: Any, p: Perturbation, levels: dict[str, tuple[str, ...]]
) -> Any:
    if name in levels:
        names = levels[name]
        if value not in names:
            return value
        index = names.index(value) + rng.choice((-1, 1))
        return names[min(max(index, 0), len(names) - 1)]
    if name == "strategic_time_percent":
        return round(min(max(value + rng.gauss(0, p.percent_spread), 0), 100))
    if name == "meeting_ratio":
        return round(min(max(value + rng.gauss(0, p.ratio_spread), 0.0), 1.0), 2)
    if name == "years_of_experience":
        return max(value + rng.randint(-p.years_spread, p.years_spread), 0)
    # Counts and money: off by a factor, never negative.
    return round(value * math.exp(rng.gauss(0, p.factor_spread)))
