"""Root fields for the questions users ask most, each one named Cypher statement:
archetype distribution per function, cross-functional pain points, a persona's paths to
opportunities, and the archetype review queue."""

from __future__ import annotations

from typing import Any

import strawberry
from starlette.concurrency import run_in_threadpool
from strawberry.types.field import StrawberryField

from personagraph.api.graphql.access import require
from personagraph.api.graphql.context import RequestContext, Role
from personagraph.errors import ValidationFailed
from personagraph.model.archetype import Archetype


@strawberry.type(description="How many personas of one archetype a function has.")
class ArchetypeShare:
    archetype: str
    personas: int
    share: float = strawberry.field(description="Of the function's personas, 0-1.")
    adoption_weight: int


@strawberry.type(description="A function's archetype mix and its adoption readiness.")
class FunctionArchetypes:
    function_key: str
    function_name: str | None
    personas: int
    archetypes: list[ArchetypeShare]
    adoption_readiness: float = strawberry.field(
        description="Mean adoption weight of its personas' archetypes, 0-1 "
        "(AUTOMATOR 1.0, ORCHESTRATOR 0.9, LEARNER 0.5, SKEPTIC 0.2)."
    )


@strawberry.type(description="A function sharing a pain point, and how many of its personas.")
class FunctionShare:
    key: str
    name: str | None
    personas: int


@strawberry.type(description="A pain point felt across functions.")
class CrossFunctionalPainPoint:
    key: str
    text: str | None
    category: str | None
    functions: list[FunctionShare]
    persona_count: int
    mean_severity: float
    opportunities: list[str] = strawberry.field(description="Keys of opportunities addressing it.")


@strawberry.type(description="One way a persona reaches an opportunity.")
class OpportunityPath:
    opportunity_key: str
    opportunity_name: str | None
    score: float | None = strawberry.field(description="Overall score in the latest run.")
    rank: int | None
    via: str = strawberry.field(description="PAIN_POINT (it addresses) or JTBD (it supports).")
    through_key: str
    through_text: str | None
    weight: int | None = strawberry.field(description="Pain severity or job importance.")
    strength: float | None = strawberry.field(description="How well it addresses the pain.")


@strawberry.type(description="A persona whose archetype a person should check.")
class ReviewItem:
    id: str
    name: str | None
    declared: str | None
    inferred: str | None
    confidence: float | None
    work_complexity: float | None
    ai_maturity: float | None
    mismatch: bool | None
    low_confidence: bool | None
    version: int | None


async def _read(
    info: strawberry.Info[Any, Any], name: str, **parameters: Any
) -> list[dict[str, Any]]:
    context: RequestContext = require(info, Role.READER)
    return await run_in_threadpool(context.store.read, name, **parameters)


async def archetype_distribution(
    info: strawberry.Info[Any, Any], function: str | None = None
) -> list[FunctionArchetypes]:
    rows = await _read(info, "read/domain/archetype_distribution", function=function)
    return [_distribution(row) for row in rows]


def _distribution(row: dict[str, Any]) -> FunctionArchetypes:
    total = sum(entry["personas"] for entry in row["archetypes"])
    shares = sorted(
        (
            ArchetypeShare(
                archetype=entry["archetype"],
                personas=entry["personas"],
                share=entry["personas"] / total,
                adoption_weight=entry["weight"] or Archetype(entry["archetype"]).adoption_weight,
            )
            for entry in row["archetypes"]
        ),
        key=lambda share: (-share.personas, share.archetype),
    )
    readiness = sum(s.personas * s.adoption_weight for s in shares) / (100 * total)
    return FunctionArchetypes(
        function_key=row["function_key"],
        function_name=row["function_name"],
        personas=total,
        archetypes=shares,
        adoption_readiness=readiness,
    )


async def cross_functional_pain_points(
    info: strawberry.Info[Any, Any], min_functions: int = 2, limit: int = 50
) -> list[CrossFunctionalPainPoint]:
    if min_functions < 1:
        raise ValidationFailed([f"minFunctions: {min_functions} must be 1 or more"])
    limit = _bounded(info, limit)
    rows = await _read(
        info, "read/domain/cross_functional_pain_points", min_functions=min_functions, limit=limit
    )
    return [
        CrossFunctionalPainPoint(
            key=row["key"],
            text=row["text"],
            category=row["category"],
            functions=[
                FunctionShare(key=f["key"], name=f["name"], personas=f["personas"])
                for f in row["functions"]
            ],
            persona_count=row["persona_count"],
            mean_severity=row["mean_severity"],
            opportunities=row["opportunities"],
        )
        for row in rows
    ]


async def persona_opportunity_paths(
    info: strawberry.Info[Any, Any], id: str
) -> list[OpportunityPath]:
    rows = await _read(info, "read/domain/persona_opportunity_paths", id=id)
    return [OpportunityPath(**row) for row in rows]


async def archetype_review_queue(
    info: strawberry.Info[Any, Any], limit: int = 50, offset: int = 0
) -> list[ReviewItem]:
    if offset < 0:
        raise ValidationFailed([f"offset: {offset} is negative; pass 0 or more"])
    rows = await _read(info, "read/domain/review_queue", limit=_bounded(info, limit), offset=offset)
    return [ReviewItem(**row) for row in rows]


def _bounded(info: strawberry.Info[Any, Any], limit: int) -> int:
    maximum = info.context.limits.max_page_size
    if not 0 <= limit <= maximum:
        raise ValidationFailed([f"limit: {limit} must be between 0 and {maximum}"])
    return limit


def domain_fields() -> list[tuple[str, Any, StrawberryField]]:
    """The fields, ready to place on ``Query``."""
    specs: list[tuple[str, Any, Any, str]] = [
        (
            "archetypeDistribution",
            list[FunctionArchetypes],
            archetype_distribution,
            "Archetype mix and adoption readiness per function (or one, by key).",
        ),
        (
            "crossFunctionalPainPoints",
            list[CrossFunctionalPainPoint],
            cross_functional_pain_points,
            "Pain points felt in at least `minFunctions` functions, most widely shared first.",
        ),
        (
            "personaOpportunityPaths",
            list[OpportunityPath],
            persona_opportunity_paths,
            "Every path from a persona to an opportunity: through its pains or its jobs.",
        ),
        (
            "archetypeReviewQueue",
            list[ReviewItem],
            archetype_review_queue,
            "Personas whose archetype needs a person's decision, mismatches first.",
        ),
    ]
    return [
        (name, annotation, strawberry.field(resolver=resolver, name=name, description=description))
        for name, annotation, resolver, description in specs
    ]
