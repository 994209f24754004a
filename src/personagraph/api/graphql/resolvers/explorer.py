"""Root fields the graph explorer reads: text search across labels, one node's
neighbourhood, and the personas, functions and archetypes behind an opportunity's reach.

Each is one named Cypher statement. Labels come from the ontology's allow-list only;
a label a request names is checked against it before anything runs.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import strawberry
from starlette.concurrency import run_in_threadpool
from strawberry.scalars import JSON
from strawberry.types.field import StrawberryField

from personagraph.analytics import reach
from personagraph.api.graphql.runtime.access import require
from personagraph.api.graphql.runtime.context import RequestContext, Role
from personagraph.api.graphql.runtime.errors import NotFound
from personagraph.api.graphql.runtime.policy import FieldSpec, by_limit, root_fields
from personagraph.errors import ValidationFailed
from personagraph.model.ontology import NODE_TYPES, RELATIONSHIPS, NodeType

LABELS: Mapping[str, NodeType] = {node_type.label: node_type for node_type in NODE_TYPES}
SEARCHABLE = ("Persona", "PainPoint", "JTBD", "Opportunity", "Function")
# What a node is called on the canvas, in order of preference.
_CAPTIONS = ("name", "title", "text", "statement", "action", "kind")
# Relationship properties too large to ride along with every neighbour.
_BULKY_EDGE_PROPERTIES = frozenset({"explanation"})


@strawberry.type(description="A node as the explorer draws it.")
class GraphNode:
    label: str
    key: str
    caption: str
    score: float | None = strawberry.field(
        description="What sizes it, 0-1: an opportunity's overall score in the latest run, "
        "a persona's archetype confidence; null for other labels."
    )
    needs_review: bool | None = strawberry.field(
        description="Personas: the archetype inference asks for a person's review."
    )


@strawberry.type(description="A neighbour and the properties of the link to it.")
class Neighbour:
    node: GraphNode
    link: dict[str, Any] = strawberry.field(
        graphql_type=JSON, description="The relationship's properties."
    )


@strawberry.type(description="The neighbours over one relationship type in one direction.")
class NeighbourGroup:
    type: str
    direction: str = strawberry.field(description="OUT (from the node) or IN (to it).")
    total: int = strawberry.field(description="How many there are; `nodes` holds at most limit.")
    nodes: list[Neighbour]


@strawberry.type(description="One node, all its properties and its neighbours.")
class Neighbourhood:
    node: GraphNode
    properties: dict[str, Any] = strawberry.field(graphql_type=JSON)
    groups: list[NeighbourGroup]


@strawberry.type(description="A node whose name or text matches a search.")
class SearchHit:
    label: str
    key: str
    caption: str
    detail: str | None = strawberry.field(description="Title, category or status.")


@strawberry.type(description="A persona, function or archetype behind an opportunity's reach.")
class ReachContributor:
    key: str
    name: str | None
    personas: int
    weight: float = strawberry.field(description="Summed pain and job weights of its links.")
    share: float = strawberry.field(description="Of the opportunity's total weight, 0-1.")


@strawberry.type(description="The scoring run an opportunity's scores come from.")
class ReachRun:
    id: str
    started_at: str | None
    parameters: dict[str, Any] = strawberry.field(
        graphql_type=JSON, description="Its segment (function, archetype) and settings."
    )


@strawberry.type(description="An opportunity's scores in its latest run and who is behind them.")
class OpportunityReach:
    key: str
    name: str | None
    run: ReachRun | None = strawberry.field(description="Null until a scoring run scored it.")
    rank: int | None
    overall: float | None
    reach: float | None
    impact: float | None
    feasibility: float | None
    adoption_readiness: float | None
    personas: list[ReachContributor]
    functions: list[ReachContributor]
    archetypes: list[ReachContributor]


async def search(
    info: strawberry.Info[Any, Any],
    text: str,
    labels: list[str] | None = None,
    limit: int = 10,
) -> list[SearchHit]:
    context: RequestContext = require(info, Role.READER)
    unknown = [label for label in labels or () if label not in SEARCHABLE]
    if unknown:
        choices = ", ".join(SEARCHABLE)
        raise ValidationFailed(
            [f"labels: {label!r} is not searchable; use {choices}" for label in unknown]
        )
    needle = text.strip().lower()
    if not needle:
        return []
    rows = await run_in_threadpool(
        context.store.read,
        "read/domain/search",
        text=needle,
        labels=labels,
        limit=_bounded(info, limit),
    )
    return [SearchHit(**row) for row in rows]


async def neighbourhood(
    info: strawberry.Info[Any, Any], label: str, key: str, limit: int = 25
) -> Neighbourhood:
    context: RequestContext = require(info, Role.READER)
    node_type = _node_type(label)
    rows = await run_in_threadpool(
        context.store.read,
        "read/domain/neighbourhood",
        label=label,
        key=key,
        labels=list(LABELS),
        limit=_bounded(info, limit),
    )
    if not rows:
        raise NotFound(f"No {label} with {node_type.key} {key!r}. Search for it by name instead.")
    row = rows[0]
    properties = {name: _plain(value) for name, value in row["properties"].items()}
    return Neighbourhood(
        node=graph_node(label, properties),
        properties=properties,
        groups=[_group(group) for group in row["groups"]],
    )


async def opportunity_reach(info: strawberry.Info[Any, Any], key: str) -> OpportunityReach:
    context: RequestContext = require(info, Role.READER)
    rows = await run_in_threadpool(context.store.read, "read/domain/opportunity_reach", key=key)
    if not rows:
        raise NotFound(f"No Opportunity with key {key!r}. Search for it by name instead.")
    row = rows[0]
    parameters = json.loads(row["run_parameters"]) if row["run_parameters"] else {}
    evidence = [reach.Evidence(**found) for found in _evidence(row["evidence"])]
    found = reach.breakdown(e for e in evidence if reach.in_segment(e, parameters))
    run = None
    if row["run_id"]:
        run = ReachRun(id=row["run_id"], started_at=row["run_started_at"], parameters=parameters)
    return OpportunityReach(
        key=row["key"],
        name=row["name"],
        run=run,
        rank=row["rank"],
        overall=row["overall"],
        reach=row["reach"],
        impact=row["impact"],
        feasibility=row["feasibility"],
        adoption_readiness=row["adoption_readiness"],
        personas=[_contributor(c) for c in found.personas],
        functions=[_contributor(c) for c in found.functions],
        archetypes=[_contributor(c) for c in found.archetypes],
    )


def graph_node(label: str, properties: Mapping[str, Any]) -> GraphNode:
    """How the explorer draws a node of ``label`` with these properties."""
    key = str(properties.get(LABELS[label].key))
    caption = next((str(properties[p]) for p in _CAPTIONS if properties.get(p)), key)
    score: float | None = None
    if label == "Opportunity":
        score = properties.get("score_overall")
    elif label == "Persona":
        score = properties.get("archetype_confidence")
    needs_review = properties.get("requires_review") if label == "Persona" else None
    return GraphNode(label=label, key=key, caption=caption, score=score, needs_review=needs_review)


def _group(group: Mapping[str, Any]) -> NeighbourGroup:
    neighbours = []
    for found in group["nodes"]:
        label = next(label for label in found["labels"] if label in LABELS)
        link = {k: _plain(v) for k, v in found["edge"].items() if k not in _BULKY_EDGE_PROPERTIES}
        neighbours.append(Neighbour(node=graph_node(label, found["node"]), link=link))
    return NeighbourGroup(
        type=group["type"],
        direction="OUT" if group["outgoing"] else "IN",
        total=group["total"],
        nodes=neighbours,
    )


def _evidence(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    # The item key only told rows apart in Cypher; a persona's weight does not need it.
    return [{k: v for k, v in row.items() if k != "item"} for row in rows]


def _contributor(found: reach.Contributor) -> ReachContributor:
    return ReachContributor(
        key=found.key,
        name=found.name,
        personas=found.personas,
        weight=found.weight,
        share=found.share,
    )


def _node_type(label: str) -> NodeType:
    try:
        return LABELS[label]
    except KeyError:
        raise ValidationFailed(
            [f"label: {label!r} is not a node label; use one of {', '.join(LABELS)}"]
        ) from None


def _plain(value: Any) -> Any:
    """A property value as JSON can carry it (temporal values as ISO text)."""
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, list):
        return [_plain(item) for item in value]
    iso_format = getattr(value, "iso_format", None)
    return iso_format() if callable(iso_format) else str(value)


def _bounded(info: strawberry.Info[Any, Any], limit: int) -> int:
    maximum = info.context.limits.max_page_size
    if not 1 <= limit <= maximum:
        raise ValidationFailed([f"limit: {limit} must be between 1 and {maximum}"])
    return limit


def explorer_fields() -> list[tuple[str, Any, StrawberryField]]:
    """The fields, ready to place on ``Query``."""
    specs: list[FieldSpec] = [
        (
            "search",
            list[SearchHit],
            search,
            "Personas, pain points, JTBDs, opportunities and functions whose name or text "
            "contains `text` (any case), names starting with it first.",
            by_limit(),
        ),
        (
            "neighbourhood",
            Neighbourhood,
            neighbourhood,
            "One node by label and key, its properties, and its neighbours per relationship "
            "type and direction (at most `limit` of each).",
            # At most `limit` per relationship type and direction.
            by_limit(per_item=2 * len(RELATIONSHIPS)),
        ),
        (
            "opportunityReach",
            OpportunityReach,
            opportunity_reach,
            "An opportunity's scores in the latest run that scored it, and every persona, "
            "function and archetype it reaches within that run's segment, by weight.",
            None,
        ),
    ]
    return root_fields(specs, Role.READER)
