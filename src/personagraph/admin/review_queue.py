"""The archetype review queue: the personas whose archetype a person should decide, the ones
that matter most first, each with the reason it is there.

A persona is in the queue while it is active, not yet decided by a person (an override
takes it out), and its declared archetype differs from the inferred one or the inference
is not confident (below the review threshold). Order: mismatches, then the least
confident, then those more opportunities reach (a decision about them moves more
opportunity scores), then id. The GraphQL ``archetypeReviewQueue``, ``personagraph
personas review``, the explorer's quadrant and the archetypes notebook all read it here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from personagraph.inference.archetype import (
    DEFAULT_WEIGHTS,
    InferenceWeights,
    infer_archetype,
    signals_from_properties,
)
from personagraph.inference.reasons import review_reason
from personagraph.model.archetype import Archetype
from personagraph.store import Store

__all__ = ["ReviewItem", "ReviewPage", "review_queue"]


@dataclass(frozen=True, slots=True)
class ReviewItem:
    """One persona of the queue, with the reason it is there."""

    id: str
    name: str | None
    function: str | None
    declared: str | None
    inferred: str | None
    confidence: float | None
    work_complexity: float | None
    ai_maturity: float | None
    mismatch: bool
    low_confidence: bool
    opportunities: int
    version: int | None
    reason: str


@dataclass(frozen=True, slots=True)
class ReviewPage:
    """A page of the queue and how many personas the whole queue holds."""

    items: tuple[ReviewItem, ...]
    total: int


def review_queue(
    store: Store, limit: int = 50, offset: int = 0, weights: InferenceWeights = DEFAULT_WEIGHTS
) -> ReviewPage:
    """Reads a page of the review queue.

    Args:
        store: the graph.
        limit: the most items to return.
        offset: how many items to skip.
        weights: the inference the reasons are written with (the graph's by default).

    Returns:
        The page, most important first, and the size of the whole queue.
    """
    rows = store.read("read/domain/review_queue", limit=limit, offset=offset)
    total = store.read("read/persona_review_count")[0]["total"]
    return ReviewPage(tuple(_item(row, weights) for row in rows), total)


def _item(row: dict[str, Any], weights: InferenceWeights) -> ReviewItem:
    return ReviewItem(
        id=row["id"],
        name=row["name"],
        function=row["function"],
        declared=row["declared"],
        inferred=row["inferred"],
        confidence=row["confidence"],
        work_complexity=row["work_complexity"],
        ai_maturity=row["ai_maturity"],
        mismatch=row["mismatch"],
        low_confidence=row["low_confidence"],
        opportunities=row["opportunities"],
        version=row["version"],
        reason=_reason(row, weights),
    )


def _reason(row: dict[str, Any], weights: InferenceWeights) -> str:
    signals = signals_from_properties(row["props"], row["goals"], row["pain_points"])
    inference = infer_archetype(signals, weights)
    declared = Archetype(row["declared"]) if row["declared"] in set(Archetype) else None
    reason = review_reason(signals, inference, declared, weights.review_threshold)
    if inference.archetype.value != row["inferred"]:
        # The stored inference predates the current weights; say so rather than explain
        # numbers the reviewer does not see.
        reason += (
            f" (the stored inference, {row['inferred']}, is older than the current "
            "weights: run reinferArchetype to refresh it)"
        )
    return reason or "in the queue by its stored flags; run reinferArchetype to refresh them"
