"""``matchPersonas``: the personas closest to a request by their characteristic embeddings."""

from __future__ import annotations

from typing import Any

import strawberry
from starlette.concurrency import run_in_threadpool
from strawberry.types.field import StrawberryField

from personagraph.api.graphql.compile.selection import Request
from personagraph.api.graphql.compile.worst_case import WorstCase
from personagraph.api.graphql.runtime.access import require
from personagraph.api.graphql.runtime.context import RequestContext, Role
from personagraph.api.graphql.runtime.policy import policy
from personagraph.matching import TOP_K, match_personas


@strawberry.type(description="A persona close to a request.")
class PersonaMatch:
    id: str
    name: str | None
    kind: str | None
    score: float = strawberry.field(description="Normalised cosine similarity, 0-1.")


async def _match(
    info: strawberry.Info[RequestContext, Any],
    text: str,
    top_k: int = TOP_K,
    kind: str | None = None,
) -> list[PersonaMatch]:
    context = require(info, Role.READER)
    tools = context.documents

    def run() -> list[PersonaMatch]:
        found = match_personas(
            context.store,
            tools.load_embedder(),
            text,
            top_k,
            kind,
            max_chars=tools.retrieval.max_query_chars,
        )
        return [PersonaMatch(id=m.id, name=m.name, kind=m.kind, score=m.score) for m in found]

    return await run_in_threadpool(run)


def _matches_asked(request: Request) -> WorstCase:
    asked = request.arguments().get("topK")
    size = TOP_K if asked is None else max(asked, 0)
    return WorstCase(size, ((request.field_nodes[0].name.value, size),))


def matching_field() -> tuple[str, Any, StrawberryField]:
    """``matchPersonas(text, topK, kind)`` (reader role)."""
    field = strawberry.field(
        resolver=_match,
        name="matchPersonas",
        description="The personas (of a kind: workforce, behavioral, assistant) whose "
        "characteristics (name, tagline, specialty, expertise, system prompt, pains, goals, "
        "jobs) are closest to a request, best first.",
        metadata=policy(Role.READER, _matches_asked),
    )
    return "matchPersonas", list[PersonaMatch], field
