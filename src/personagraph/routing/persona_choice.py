"""Choosing the persona for a request that names none: the best of ``matchPersonas``.

The service and the CLI hand a :class:`MatchingPersonaChooser` to the
:class:`~personagraph.routing.router.Router`; it ranks the active personas of one kind
(workforce by default: the personas that have the archetype, role and function the
rules look at) by their characteristic embeddings and words, exactly as
``matchPersonas`` does, and takes the first unless its score is under the minimum.
"""

from __future__ import annotations

from collections.abc import Callable

from personagraph.embedding import Embedder
from personagraph.matching import match_personas
from personagraph.routing.router import PersonaChoice
from personagraph.settings import Settings
from personagraph.store import Store

__all__ = ["MatchingPersonaChooser", "chooser_for"]


class MatchingPersonaChooser:
    """The closest persona of ``kind`` to a request, or None under ``min_score``.

    Args:
        store: the database (the personas' characteristic embeddings).
        load_embedder: the local model, loaded on first use (the model loads in about a
            second; a service that never routes without a persona never loads it).
        kind: workforce, behavioral or assistant (None: any).
        min_score: the lowest match score (0-1) that may choose a persona.
        max_chars: the longest request matched (the router's own limit).
    """

    def __init__(
        self,
        store: Store,
        load_embedder: Callable[[], Embedder],
        *,
        kind: str | None,
        min_score: float,
        max_chars: int,
    ) -> None:
        self.store = store
        self.load_embedder = load_embedder
        self.kind = kind
        self.min_score = min_score
        self.max_chars = max_chars

    def __call__(self, text: str) -> PersonaChoice | None:
        found = match_personas(
            self.store, self.load_embedder(), text, 1, self.kind, max_chars=self.max_chars
        )
        if not found or found[0].score < self.min_score:
            return None
        return PersonaChoice(found[0].id, found[0].score)


def chooser_for(
    store: Store, settings: Settings, load_embedder: Callable[[], Embedder]
) -> MatchingPersonaChooser | None:
    """The chooser the settings ask for (None when ``routing_match_personas`` is off)."""
    if not settings.routing_match_personas:
        return None
    return MatchingPersonaChooser(
        store,
        load_embedder,
        kind=settings.routing_match_kind,
        min_score=settings.routing_match_min_score,
        max_chars=settings.routing_max_request_chars,
    )
