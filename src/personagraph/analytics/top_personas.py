"""The personas who reach each opportunity most: the persona part of a scoring explanation.

For the whole population the database returns, per opportunity, a window of its largest
summed link weights (``cypher/analytics/score_top_personas.cypher``); :func:`settle`
keeps the active personas, breaks ties by persona id and says whether the window was
wide enough to be sure of the top. An opportunity whose ties run past its window is
asked for again with a wider one. A segment's personas are few enough to be ranked in
full by the database (``score_top_personas_segment.cypher``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from personagraph.analytics.segment import Segment
from personagraph.store import Store

WINDOW = 50
WIDEN = 4

Candidate = Mapping[str, Any]


def settle(candidates: Sequence[Candidate], top: int, window: int) -> list[Candidate] | None:
    """The ``top`` active personas, most weight first, ties by id; None when the window
    cannot tell.

    Args:
        candidates: ``{key, weight, active}`` of the largest weights, at most ``window``.
        top: how many personas to keep.
        window: how many the database was asked for; fewer means it sent them all.
    """
    active = sorted(
        (c for c in candidates if c["active"]),
        key=lambda c: (-round(c["weight"], 12), c["key"]),
    )
    if len(candidates) < window:
        return active[:top]
    # Every persona outside the window weighs at most the window's lightest; the top is
    # certain when its last member weighs strictly more (equal would be a tie by id).
    lightest = min(round(c["weight"], 12) for c in candidates)
    if len(active) >= top and round(active[top - 1]["weight"], 12) > lightest:
        return active[:top]
    return None


def top_personas(store: Store, segment: Segment, top: int) -> dict[str, list[Candidate]]:
    """The ``top`` personas (``{key, weight}``) of every opportunity some persona reaches."""
    if segment:
        rows = store.read(
            "analytics/score_top_personas_segment",
            function=segment.function,
            archetype=segment.archetype_name,
            top=top,
        )
        return {row["key"]: row["personas"] for row in rows}
    found: dict[str, list[Candidate]] = {}
    keys: list[str] | None = None
    window = max(WINDOW, WIDEN * top)
    while keys is None or keys:
        rows = store.read("analytics/score_top_personas", keys=keys, window=window)
        keys = []
        for row in rows:
            settled = settle(row["personas"], top, window)
            if settled is None:
                keys.append(row["key"])
            else:
                found[row["key"]] = settled
        window *= WIDEN
    return found
