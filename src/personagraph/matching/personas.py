"""The personas closest to a request: characteristic embeddings and texts, fused.

Each persona's characteristic text (:mod:`characteristics`) is embedded and stored on
the persona (``characteristic_text``, ``characteristic_model``, and the float32 vector
``characteristic_embedding``). :func:`refresh_characteristics` re-embeds exactly the
personas whose text or model changed since; :func:`match_personas` calls it first, so
whatever changed a persona (a seed load, an edit, a new persona), matching sees it.

Matching ranks like document retrieval (:mod:`personagraph.documents.ranking`): the
exact similarity of the embeddings, lifted by a full-text match of the request's words
in the characteristic text (index ``persona_characteristic_text``, migration 021).
On the labelled requests of bench/data/persona_requests.yaml the words decide between
the four archetype variants of one role far more often than the embedding alone does
(docs/benchmarks.md).
"""

from __future__ import annotations

from dataclasses import dataclass

from personagraph.documents.ranking import Candidate, Signals, lucene_words, rank
from personagraph.documents.retrieval import check_query
from personagraph.embedding import Embedder
from personagraph.errors import RequestRejected
from personagraph.matching.characteristics import PersonaFacts, characteristic_text
from personagraph.store import Store

PERSONA_KINDS = ("workforce", "behavioral", "assistant")
_ROWS_PER_WRITE = 200


@dataclass(frozen=True)
class PersonaMatch:
    """A persona and how close it is to the request (normalised cosine, 0-1)."""

    id: str
    name: str | None
    kind: str | None
    score: float


def refresh_characteristics(store: Store, embedder: Embedder) -> int:
    """Embed the personas whose characteristic text or model changed; returns how many."""
    stale: list[tuple[str, str]] = []
    for row in store.read("read/matching/persona_facts"):
        text = characteristic_text(PersonaFacts.from_row(row))
        if row["stored_text"] != text or row["stored_model"] != embedder.model_id:
            stale.append((row["id"], text))
    for start in range(0, len(stale), _ROWS_PER_WRITE):
        batch = stale[start : start + _ROWS_PER_WRITE]
        vectors = embedder.embed([text for _, text in batch])
        rows = [
            {"id": persona_id, "text": text, "embedding": vector.tolist()}
            for (persona_id, text), vector in zip(batch, vectors, strict=True)
        ]
        store.write("write/matching/set_characteristics", rows=rows, model=embedder.model_id)
    return len(stale)


# How many personas a match returns unless asked for another number.
TOP_K = 5


def match_personas(
    store: Store,
    embedder: Embedder,
    text: str,
    top_k: int = TOP_K,
    kind: str | None = None,
    *,
    refresh: bool = True,
    max_chars: int = 2_000,
    lexical_weight: float = 0.5,
    signals: Signals = Signals.FUSED,
) -> list[PersonaMatch]:
    """The ``top_k`` active personas (of ``kind``, when given) closest to ``text``.

    Args:
        refresh: first re-embed personas that changed (one read of every persona's
            facts); a caller that refreshed moments ago may skip it.
        lexical_weight: how far a full-text match lifts a persona's similarity toward 1.
        signals: fused (default), or the embedding or the words alone (for comparisons).

    Raises:
        RequestRejected: empty or over-long text, ``top_k`` outside 1-100, unknown kind.
    """
    text = check_query(text, max_chars, "text")
    if not 1 <= top_k <= 100:
        raise RequestRejected(f"topK: {top_k} is outside 1-100")
    if kind is not None and kind not in PERSONA_KINDS:
        raise RequestRejected(f"kind: {kind!r} is not one of {', '.join(PERSONA_KINDS)}")
    if refresh:
        refresh_characteristics(store, embedder)
    vector = embedder.embed([text])[0].tolist()
    wanted = max(top_k * 4, 20)
    model = embedder.model_id
    lexical: dict[str, float] = {}
    ids: list[str] = []
    if signals is not Signals.LEXICAL:
        rows = store.read(
            "read/matching/match_personas", vector=vector, kind=kind, limit=wanted, model=model
        )
        ids = [row["id"] for row in rows]
    words = lucene_words(text)
    if signals is not Signals.VECTOR and words:
        hits = store.read(
            "read/matching/characteristic_search",
            lucene=f"characteristic_text:({words})",
            kind=kind,
            limit=wanted,
            model=model,
        )
        lexical = {hit["id"]: hit["lexical"] for hit in hits}
    rows = store.read(
        "read/matching/persona_similarity",
        ids=list(dict.fromkeys([*ids, *lexical])),
        vector=vector,
        model=model,
    )
    found = {row["id"]: row for row in rows}
    candidates = [
        Candidate(row["id"], "", "", row["similarity"], lexical.get(row["id"])) for row in rows
    ]
    ranked = rank(candidates, {}, lexical_weight=lexical_weight, signals=signals)
    return [
        PersonaMatch(
            item.candidate.chunk_id,
            found[item.candidate.chunk_id]["name"],
            found[item.candidate.chunk_id]["kind"],
            round(item.score, 4),
        )
        for item in ranked[:top_k]
    ]
