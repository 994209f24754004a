"""Mutations that run Graph Data Science analytics and return their results as graph nodes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import strawberry
from starlette.concurrency import run_in_threadpool
from strawberry.types.field import StrawberryField

from personagraph.analytics import pain_clusters, scoring, similar_personas
from personagraph.api.graphql.compile.compiler import compile_by_key
from personagraph.api.graphql.compile.selection import plan_nodes
from personagraph.api.graphql.compile.worst_case import by_key_items
from personagraph.api.graphql.resolvers.reads import request_of, run_read
from personagraph.api.graphql.runtime.access import require
from personagraph.api.graphql.runtime.context import RequestContext, Role
from personagraph.api.graphql.runtime.errors import ApiError, BadInput
from personagraph.api.graphql.runtime.policy import policy
from personagraph.model.archetype import Archetype
from personagraph.model.ontology import NodeType, node_type
from personagraph.store import Store
from personagraph.store.connection import ConnectionSpec

SCORING_RUN = node_type("ScoringRun")
ANALYSIS_RUN = node_type("AnalysisRun")


async def score_opportunities(
    info: strawberry.Info[Any, Any],
    function: str | None = None,
    archetype: Archetype | None = None,
    top: int = scoring.TOP,
) -> Any:
    if not 1 <= top <= 50:
        raise BadInput(f"top: {top} must be between 1 and 50")
    segment = scoring.Segment(
        function=function, archetype=Archetype(archetype) if archetype else None
    )
    return await _run(
        info, SCORING_RUN, lambda spec, store: scoring.run_scoring(spec, store, segment, top).run_id
    )


async def find_pain_clusters(
    info: strawberry.Info[Any, Any],
    top_k: int = pain_clusters.TOP_K,
    similarity_cutoff: float = pain_clusters.SIMILARITY_CUTOFF,
) -> Any:
    analysis = _run_id(
        pain_clusters.run_pain_clustering, top_k=top_k, similarity_cutoff=similarity_cutoff
    )
    return await _run(info, ANALYSIS_RUN, analysis)


async def find_similar_personas(
    info: strawberry.Info[Any, Any],
    top_k: int = similar_personas.TOP_K,
    similarity_cutoff: float = similar_personas.SIMILARITY_CUTOFF,
) -> Any:
    analysis = _run_id(
        similar_personas.run_similarity, top_k=top_k, similarity_cutoff=similarity_cutoff
    )
    return await _run(info, ANALYSIS_RUN, analysis)


def _run_id(
    analysis: Callable[..., Any], **parameters: Any
) -> Callable[[ConnectionSpec, Store], str]:
    """``analysis`` with ``parameters``, as :func:`_run` takes it: to the id of its run."""
    return lambda spec, store: str(analysis(spec, store, **parameters).run_id)


async def _run(
    info: strawberry.Info[Any, Any],
    node: NodeType,
    analysis: Callable[[ConnectionSpec, Store], str],
) -> Any:
    """Run ``analysis`` off the event loop (editor role), then read its run node back.

    Its errors reach the client with the codes of ``runtime/errors.py``: bad arguments
    (ValidationFailed) as BAD_USER_INPUT, a run too large for the heap as UNAVAILABLE.
    """
    context = require(info, Role.EDITOR)
    spec = _spec(context)
    run_id = await run_in_threadpool(analysis, spec, context.store)
    plan = plan_nodes(request_of(info), node)
    rows = await run_read(context, compile_by_key(plan, run_id))
    return rows[0]


def _spec(context: RequestContext) -> ConnectionSpec:
    if context.spec is None:
        raise ApiError("this service has no database connection details for GDS")
    return context.spec


def analytics_mutations(
    scoring_run_type: type, analysis_run_type: type
) -> list[tuple[str, Any, StrawberryField]]:
    """Mutations that run GDS analytics (editor role) and return their run."""
    clusters = strawberry.field(
        resolver=find_pain_clusters,
        name="findPainClusters",
        description=(
            "Cluster pain points by the personas who share them (Jaccard, then Leiden with a "
            "fixed seed); replaces the stored clusters. Read them on the run's `clusters`."
        ),
        graphql_type=analysis_run_type,
        metadata=policy(Role.EDITOR, lambda request: by_key_items(request, ANALYSIS_RUN)),
    )
    similar = strawberry.field(
        resolver=find_similar_personas,
        name="findSimilarPersonas",
        description=(
            "Link each persona to its most similar ones (shared pain points, jobs, goals) as "
            "SIMILAR_TO; read them on `Persona.similarPersonasConnection`."
        ),
        graphql_type=analysis_run_type,
        metadata=policy(Role.EDITOR, lambda request: by_key_items(request, ANALYSIS_RUN)),
    )
    field = strawberry.field(
        resolver=score_opportunities,
        name="scoreOpportunities",
        description=(
            "Score every opportunity with GDS (reach, impact, feasibility, adoption readiness), "
            "for everyone or a segment (one function and/or archetype); returns the run, whose "
            "`scores` edges hold ranks, sub-scores and explanations."
        ),
        graphql_type=scoring_run_type,
        metadata=policy(Role.EDITOR, lambda request: by_key_items(request, SCORING_RUN)),
    )
    return [
        ("scoreOpportunities", scoring_run_type, field),
        ("findPainClusters", analysis_run_type, clusters),
        ("findSimilarPersonas", analysis_run_type, similar),
    ]
