"""``persona(id:)`` and ``template(key:)`` answered from the serving cache.

Only selections of the node's own properties are served from it: the cache holds each
node's properties, and the change sequence that keeps it coherent moves with every
change of a persona or a template, not of what they link to. Any relationship, or a
computed field such as ``history``, sends the read to Neo4j as usual.
"""

from __future__ import annotations

from typing import Any, Final

from personagraph.api.graphql.compile.plan import NodePlan
from personagraph.api.graphql.compile.plan_cache import PLANS
from personagraph.api.graphql.compile.selection import Request
from personagraph.api.graphql.runtime.context import RequestContext
from personagraph.model.ontology import NodeType
from personagraph.serving.cache import ServingCache

NOT_SERVED: Final = object()


async def from_cache(context: RequestContext, node: NodeType, request: Request, key: str) -> Any:
    """The answer for the ``node`` of ``key`` from the cache, or :data:`NOT_SERVED` when
    it cannot give it."""
    cache: ServingCache | None = context.serving_cache
    if cache is None or not cache.serves(node.label):
        return NOT_SERVED
    plan = PLANS.plan(request, node)
    if not own_properties_only(plan):
        return NOT_SERVED
    props = await cache.get(node.label, key)
    if props is None:
        return None
    return {scalar.key: props.get(scalar.prop.name) for scalar in plan.scalars}


def own_properties_only(plan: NodePlan) -> bool:
    """Whether ``plan`` reads nothing but the node's own properties."""
    return not (plan.lists or plan.connections or plan.derived)
