"""Synthetic personas: one drawn at a time from the pools, after a real template.

A persona copies the attributes of a real persona of its archetype (with a little
jitter) and draws only texts that archetype uses in the real catalog, so archetype
inference puts it in the quadrant it declares.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from itertools import accumulate, pairwise
from random import Random
from typing import Any, TypeVar

from personagraph.model.catalog import Persona, PersonaAttributes, RoleDefinition
from personagraph.seeding.synthetic_pools import (
    ARCHETYPES,
    FACETS,
    SENIORITY,
    Facet,
    Item,
    Vocabulary,
)

__all__ = ["bounded", "draw_persona"]

T = TypeVar("T")

# Real personas mostly list 3-4 entries per facet; longer lists are rare, and every entry
# costs load time in each benchmark.
FACET_COUNTS, FACET_COUNT_CUM = (3, 4, 5, 6), tuple(accumulate((50, 30, 15, 5)))
ARCHETYPE_CUM = tuple(accumulate((25, 20, 30, 25)))  # in ARCHETYPES order
# As in the hand-made catalog: automators and learners sit one level below their role.
SENIORITY_SHIFT = {"AUTOMATOR": -1, "ORCHESTRATOR": 1, "LEARNER": -1, "SKEPTIC": 1}
FREQUENCIES = ("daily", "weekly", "weekly", "weekly", "monthly", "monthly", "quarterly")


def _pick(rng: Random, values: Sequence[T], cum: Sequence[int]) -> T:
    return values[bisect_right(cum, rng.random() * cum[-1])]


def bounded(value: float, low: float, high: float) -> float:
    """Returns: ``value`` clamped to ``[low, high]``."""
    return min(max(value, low), high)


def _attributes(rng: Random, base: PersonaAttributes) -> dict[str, Any]:
    # Jitter stays small so that the persona keeps its template's quadrant.
    return base.model_dump(mode="json") | {
        "years_of_experience": int(bounded(base.years_of_experience + rng.randint(-2, 2), 0, 50)),
        "team_size": round(base.team_size * rng.uniform(0.8, 1.2)),
        "budget_authority": round(base.budget_authority * rng.uniform(0.9, 1.05) / 1000) * 1000,
        "stakeholder_count": max(base.stakeholder_count + rng.randint(-1, 1), 0),
        "strategic_time_percent": int(
            bounded(base.strategic_time_percent + rng.randint(-5, 5), 0, 100)
        ),
        "meeting_ratio": round(bounded(base.meeting_ratio + rng.uniform(-0.05, 0.05), 0, 1), 2),
    }


def _entry(facet: Facet, item: Item, rng: Random) -> Any:
    if facet.text_field is None:
        return item.text
    entry = {facet.text_field: item.text, **item.payload}
    if "severity" in entry:  # the same pain hurts some people more than others
        entry["severity"] = int(bounded(entry["severity"] + rng.choice((-1, 0, 0, 1)), 1, 5))
    return entry


def _percents(rng: Random, parts: int) -> list[int]:
    """``parts`` multiples of 5, none zero, that sum to 100."""
    cuts = [0, *sorted(rng.sample(range(1, 20), parts - 1)), 20]
    return [5 * (high - low) for low, high in pairwise(cuts)]


def _service_layers(rng: Random, template: Persona) -> list[dict[str, Any]]:
    ranked = sorted(template.service_layers, key=lambda s: -s.weight)
    keep = len(ranked) - 1 if len(ranked) > 3 and rng.random() < 0.3 else len(ranked)
    return [
        {
            "layer": s.layer.value,
            "weight": round(bounded(s.weight + rng.uniform(-0.05, 0.05), 0, 1), 2),
        }
        for s in ranked[:keep]
    ]


def _job(rng: Random, item: Item) -> dict[str, Any]:
    outcomes = item.payload["outcomes"]
    rated = rng.sample(outcomes, min(len(outcomes), rng.choice((1, 2, 2))))
    ratings = [
        {"outcome": o, "importance": rng.randint(6, 10), "satisfaction": rng.randint(2, 7)}
        for o in rated
    ]
    return {
        "key": item.text,
        "importance": rng.randint(5, 10),
        "frequency": rng.choice(FREQUENCIES),
        "outcome_ratings": ratings,
    }


def draw_persona(
    v: Vocabulary, rng: Random, role: RoleDefinition, persona_id: str
) -> dict[str, Any]:
    """Returns: a persona of ``role`` with a random archetype, as its JSON document."""
    archetype = _pick(rng, ARCHETYPES, ARCHETYPE_CUM)
    rank = bounded(SENIORITY.index(role.seniority_level) + SENIORITY_SHIFT[archetype], 0, 5)
    template = rng.choice(v.templates[archetype, SENIORITY[int(rank)]])
    person = f"{rng.choice(v.names['first_names'])} {rng.choice(v.names['last_names'])}"
    persona: dict[str, Any] = {
        "id": persona_id,
        "name": f"{person} - {role.title} ({archetype.title()})",
        "title": role.title,
        "role": role.key,
        "archetype": archetype.value,
        "tagline": f"{template.tagline.split()[0]} {role.title}",
        "attributes": _attributes(rng, template.attributes),
    }
    for facet in FACETS:
        items = v.pools[facet.field].draw(rng, _pick(rng, FACET_COUNTS, FACET_COUNT_CUM), archetype)
        persona[facet.field] = [_entry(facet, item, rng) for item in items]
    activities = persona["activities"]
    for activity, percent in zip(activities, _percents(rng, len(activities)), strict=True):
        activity["percent"] = percent
    persona["service_layers"] = _service_layers(rng, template)
    jobs = v.jtbd_pool.draw(rng, _pick(rng, FACET_COUNTS, FACET_COUNT_CUM), archetype)
    persona["jtbds"] = [_job(rng, item) for item in jobs]
    return persona
