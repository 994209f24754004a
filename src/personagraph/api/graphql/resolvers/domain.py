"""Root fields for the questions users ask most, each one named Cypher statement:
archetype distribution per function, cross-functional pain points, a persona's paths to
opportunities, and the archetype review queue."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

import strawberry
from starlette.concurrency import run_in_threadpool
from strawberry.types.field import StrawberryField

from personagraph.admin.review_queue import review_queue
from personagraph.analytics.distribution import ArchetypeDistribution, function_distributions
from personagraph.api.graphql.runtime.access import require
from personagraph.api.graphql.runtime.context import RequestContext, Role
from personagraph.api.graphql.runtime.policy import FieldSpec, by_limit, root_fields
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
    function_key: str = strawberry.field(
        description="The function's key; (all) for everyone, (none) for personas without one."
    )
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
    function: str | None = strawberry.field(description="Key of the persona's function.")
    declared: str | None
    inferred: str | None
    confidence: float | None
    work_complexity: float | None
    ai_maturity: float | None
    mismatch: bool | None
    low_confidence: bool | None
    opportunities: int = strawberry.field(
        description="Active opportunities that reach the persona (through its pains or jobs)."
    )
    version: int | None
    reason: str = strawberry.field(
        description="Why it is in the queue, in words: the mismatch and the signals behind "
        "it, and what makes the confidence low."
    )


async def _read(
    info: strawberry.Info[Any, Any], name: str, **parameters: Any
) -> list[dict[str, Any]]:
    context: RequestContext = require(info, Role.READER)
    return await run_in_threadpool(context.store.read, name, **parameters)


async def archetype_distribution(
    info: strawberry.Info[Any, Any], function: str | None = None
) -> list[FunctionArchetypes]:
    context: RequestContext = require(info, Role.READER)
    found = await run_in_threadpool(function_distributions, context.store)
    return [_distribution(d) for d in found if function is None or d.function == function]


def _distribution(found: ArchetypeDistribution) -> FunctionArchetypes:
    shares = [
        ArchetypeShare(
            archetype=archetype.value,
            personas=found.counts.get(archetype, 0),
            share=found.share(archetype),
            adoption_weight=archetype.adoption_weight,
        )
        for archetype in Archetype
    ]
    return FunctionArchetypes(
        function_key=found.function,
        personas=found.total,
        archetypes=shares,
        adoption_readiness=found.adoption_readiness,
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
    context: RequestContext = require(info, Role.READER)
    page = await run_in_threadpool(review_queue, context.store, _bounded(info, limit), offset)
    return [ReviewItem(**asdict(item)) for item in page.items]


def _bounded(info: strawberry.Info[Any, Any], limit: int) -> int:
    maximum = info.context.limits.max_page_size
    if not 0 <= limit <= maximum:
        raise ValidationFailed([f"limit: {limit} must be between 0 and {maximum}"])
    return limit


def domain_fields() -> list[tuple[str, Any, StrawberryField]]:
    """The fields, ready to place on ``Query``."""
    specs: list[FieldSpec] = [
        (
            "archetypeDistribution",
            list[FunctionArchetypes],
            archetype_distribution,
            "Archetype mix (overridden, else inferred, else declared archetype) and adoption "
            "readiness per function, and for everyone as (all); or one function, by key.",
            None,
        ),
        (
            "crossFunctionalPainPoints",
            list[CrossFunctionalPainPoint],
            cross_functional_pain_points,
            "Pain points felt in at least `minFunctions` functions, most widely shared first.",
            by_limit(),
        ),
        (
            "personaOpportunityPaths",
            list[OpportunityPath],
            persona_opportunity_paths,
            "Every path from a persona to an opportunity: through its pains or its jobs.",
            None,
        ),
        (
            "archetypeReviewQueue",
            list[ReviewItem],
            archetype_review_queue,
            "Personas whose archetype needs a person's decision, each with its reason: "
            "mismatches first, then the least confident, then those more opportunities reach.",
            by_limit(),
        ),
    ]
    return root_fields(specs, Role.READER)
