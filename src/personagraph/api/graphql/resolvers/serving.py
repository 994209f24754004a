"""``servingCache``: this worker's serving cache, how fresh and how useful it is."""

from __future__ import annotations

import os
from typing import Any

import strawberry
from strawberry.types.field import StrawberryField

from personagraph.api.graphql.runtime.access import require
from personagraph.api.graphql.runtime.context import Role
from personagraph.api.graphql.runtime.policy import root_fields
from personagraph.serving.cache import ServingCache


@strawberry.type(description="The serving cache of the worker that answered.")
class ServingCacheStatus:
    process: int = strawberry.field(description="The worker process that answered.")
    enabled: bool
    sequence: int | None = strawberry.field(
        description="The graph's change sequence the cache is current with."
    )
    age_seconds: float | None = strawberry.field(
        description="Since the cache last emptied (a change, or the worker's first read)."
    )
    checked_seconds_ago: float | None = strawberry.field(
        description="Since it last compared its sequence with the graph's."
    )
    check_interval_seconds: float | None
    entries: int
    hits: int
    misses: int
    refreshes: int


def serving_cache(info: strawberry.Info[Any, Any]) -> ServingCacheStatus:
    context = require(info, Role.READER)
    cache: ServingCache | None = context.serving_cache
    if cache is None:
        return ServingCacheStatus(
            process=os.getpid(),
            enabled=False,
            sequence=None,
            age_seconds=None,
            checked_seconds_ago=None,
            check_interval_seconds=None,
            entries=0,
            hits=0,
            misses=0,
            refreshes=0,
        )
    status = cache.status()
    return ServingCacheStatus(
        process=os.getpid(),
        enabled=True,
        sequence=status.sequence,
        age_seconds=status.age_seconds,
        checked_seconds_ago=status.checked_seconds_ago,
        check_interval_seconds=status.check_interval,
        entries=status.entries,
        hits=status.hits,
        misses=status.misses,
        refreshes=status.refreshes,
    )


def serving_queries() -> list[tuple[str, Any, StrawberryField]]:
    """``servingCache`` (reader role)."""
    description = "This worker's serving cache of persona and template reads by key."
    return root_fields(
        [("servingCache", ServingCacheStatus, serving_cache, description, None)], Role.READER
    )
