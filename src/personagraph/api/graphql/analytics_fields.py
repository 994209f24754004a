"""Mutations that run Graph Data Science analytics and return their results as graph nodes."""

from __future__ import annotations

from typing import Any

import strawberry
from starlette.concurrency import run_in_threadpool
from strawberry.types.field import StrawberryField

from personagraph.analytics.scoring import InsufficientMemory, Segment, run_scoring
from personagraph.api.graphql.access import require
from personagraph.api.graphql.compiler import compile_by_key
from personagraph.api.graphql.context import Role
from personagraph.api.graphql.errors import UNAVAILABLE, ApiError, BadInput
from personagraph.api.graphql.read_fields import request_of, run_read
from personagraph.api.graphql.selection import plan_nodes
from personagraph.errors import ConfigurationError
from personagraph.model.archetype import Archetype
from personagraph.model.ontology import node_type

SCORING_RUN = node_type("ScoringRun")


async def score_opportunities(
    info: strawberry.Info[Any, Any],
    function: str | None = None,
    archetype: Archetype | None = None,
    top: int = 5,
) -> Any:
    context = require(info, Role.EDITOR)
    if not 1 <= top <= 50:
        raise BadInput(f"top: {top} must be between 1 and 50")
    if context.spec is None:
        raise ApiError("this service has no database connection details for GDS")
    segment = Segment(function=function, archetype=Archetype(archetype) if archetype else None)
    try:
        result = await run_in_threadpool(run_scoring, context.spec, context.store, segment, top)
    except ConfigurationError as exc:
        raise BadInput(str(exc)) from exc
    except InsufficientMemory as exc:
        raise ApiError(str(exc), UNAVAILABLE) from exc
    plan = plan_nodes(request_of(info), SCORING_RUN)
    rows = await run_read(context, compile_by_key(plan, result.run_id))
    return rows[0]


def analytics_mutations(scoring_run_type: type) -> list[tuple[str, Any, StrawberryField]]:
    """``scoreOpportunities``: run an opportunity scoring (editor role)."""
    field = strawberry.field(
        resolver=score_opportunities,
        name="scoreOpportunities",
        description=(
            "Score every opportunity with GDS (reach, impact, feasibility, adoption readiness), "
            "for everyone or a segment (one function and/or archetype); returns the run, whose "
            "`scores` edges hold ranks, sub-scores and explanations."
        ),
        graphql_type=scoring_run_type,
    )
    return [("scoreOpportunities", scoring_run_type, field)]
