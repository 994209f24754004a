"""Persona-scoped hybrid retrieval: the chunks that answer a question, with their sources.

1. The scope: the persona's enabled datasets and the global ones (``read/documents/
   persona_scope``), read while the question is embedded; a persona with none gets an
   empty list.
2. Candidates, ``max_chunks x PERSONAGRAPH_RETRIEVAL_CANDIDATES_PER_CHUNK`` from each of
   two searches run at the same time (two statements, :meth:`Store.start_read`):
   the vector search (every chunk of the scope compared exactly while the scope holds
   at most ``PERSONAGRAPH_RETRIEVAL_EXACT_SCAN_LIMIT`` chunks; above that, Neo4j's
   vector index asked for enough neighbours that the scope's share of them is several
   times what is wanted, more if too few were in the scope) and the full-text search
   (Neo4j's Lucene index; a scope of at most half of all chunks is a filter in the
   Lucene query itself, a wider one is kept to after the search, which Lucene answers
   several times faster).
3. Every candidate's exact similarity, then fusion, weights, threshold and re-ranking
   (:mod:`personagraph.documents.ranking`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Any

from personagraph.documents.ranking import (
    Candidate,
    Signals,
    link_factor,
    lucene_query,
    lucene_words,
    rank,
    select,
)
from personagraph.embedding import Embedder
from personagraph.errors import EmbeddingModelMismatch, EntityNotFound, RequestRejected
from personagraph.settings import Settings
from personagraph.store import Store

_WIDENINGS = 3  # the vector index is asked three times at most, 4 times more each time
_WIDEN_BY = 4
# Lucene refuses queries of over 1,024 clauses: a scope of more datasets is always kept to
# after the full-text search.
_DATASETS_IN_LUCENE = 500
# A scope holding at least this share of all chunks is kept to after the full-text search:
# a required dataset clause costs Lucene far more than the few hits outside the scope.
_FILTER_AFTER_SHARE = 0.5
# ... which then asks for this many times the hits it wants, divided by the share.
_LEXICAL_OVERSAMPLING = 2
# The most chunks one retrieval may ask for.
MAX_CHUNKS = 50


@dataclass(frozen=True)
class RetrievalConfig:
    """Defaults and knobs of retrieval (from :class:`Settings`)."""

    max_chunks: int = 5
    threshold: float = 0.7
    candidates_per_chunk: int = 4
    lexical_weight: float = 0.5
    exact_scan_limit: int = 20_000
    index_oversampling: int = 2
    access_factors: dict[str, float] = field(
        default_factory=lambda: {"full": 1.0, "summary": 0.85, "reference_only": 0.7}
    )
    max_query_chars: int = 2_000

    @classmethod
    def from_settings(cls, settings: Settings) -> RetrievalConfig:
        return cls(
            max_chunks=settings.retrieval_max_chunks,
            threshold=settings.retrieval_threshold,
            candidates_per_chunk=settings.retrieval_candidates_per_chunk,
            lexical_weight=settings.retrieval_lexical_weight,
            exact_scan_limit=settings.retrieval_exact_scan_limit,
            index_oversampling=settings.retrieval_index_oversampling,
            access_factors=dict(settings.access_level_factors),
            max_query_chars=settings.max_query_chars,
        )


@dataclass(frozen=True)
class RetrievedChunk:
    """One chunk of an answer's context, with its source.

    ``score`` is the fused relevance (0-1); ``similarity`` the normalised cosine and
    ``lexical`` the full-text score behind it (None: not a full-text hit).
    """

    text: str
    score: float
    dataset: str
    source: str
    page: int | None
    section: str
    chunk_id: str
    dataset_id: str
    kind: str
    similarity: float
    lexical: float | None


@dataclass(frozen=True)
class _Scope:
    datasets: dict[str, dict[str, Any]]
    factors: dict[str, float]
    chunk_count: int
    all_chunks: int  # in every dataset, the scope's or not

    @property
    def share(self) -> float:
        """The scope's share of all chunks (0-1)."""
        return self.chunk_count / max(self.all_chunks, self.chunk_count, 1)


@dataclass(frozen=True)
class _LexicalSearch:
    """How the full-text search is asked: the Lucene query, how many hits, and whether
    the scope is a filter inside the query (else kept to afterwards)."""

    lucene: str
    hits: int
    filtered: bool


def check_query(text: str, max_chars: int, what: str = "query") -> str:
    """``text`` stripped, refused when empty or longer than ``max_chars``."""
    stripped = text.strip()
    if not stripped:
        raise RequestRejected(f"{what}: it is empty; ask a question in words")
    if len(stripped) > max_chars:
        raise RequestRejected(
            f"{what}: {len(stripped):,} characters is over the limit of {max_chars:,}; "
            "ask a shorter question (the limit is PERSONAGRAPH_MAX_QUERY_CHARS)"
        )
    return stripped


def retrieve_context(
    store: Store,
    embedder: Embedder,
    persona_id: str,
    query: str,
    *,
    max_chunks: int | None = None,
    threshold: float | None = None,
    config: RetrievalConfig = RetrievalConfig(),
    signals: Signals = Signals.FUSED,
) -> list[RetrievedChunk]:
    """The chunks of ``persona_id``'s datasets that best answer ``query``, best first.

    Args:
        max_chunks: at most this many (default: the setting, 5).
        threshold: only chunks of at least this relevance (default: the setting, 0.7).
        signals: fused (default), or one search alone (for comparisons).

    Raises:
        RequestRejected: an empty or over-long query, or a limit out of range.
        EntityNotFound: no active persona with that id.
        EmbeddingModelMismatch: a dataset in scope was embedded by another model.
    """
    query = check_query(query, config.max_query_chars)
    limit = config.max_chunks if max_chunks is None else max_chunks
    floor = config.threshold if threshold is None else threshold
    if not 1 <= limit <= MAX_CHUNKS:
        raise RequestRejected(f"maxChunks: {limit} is outside 1-{MAX_CHUNKS}")
    if not 0 <= floor <= 1:
        raise RequestRejected(f"threshold: {floor} is outside 0-1")
    scope_read = store.start_read("read/documents/persona_scope", persona_id=persona_id)
    vector = embedder.embed([query])[0].tolist()  # while the scope is read
    scope = _scope(scope_read.result(), persona_id, embedder.model_id, config)
    if not scope.datasets:
        return []
    rows = _candidates(
        store, vector, query, limit * config.candidates_per_chunk, scope, config, signals
    )
    candidates = [
        Candidate(row["id"], row["dataset_id"], row["text"], row["similarity"], row["lexical"])
        for row in rows
    ]
    ranked = rank(candidates, scope.factors, lexical_weight=config.lexical_weight, signals=signals)
    details = {row["id"]: row for row in rows}
    return [
        _retrieved(item.candidate, item.score, details[item.candidate.chunk_id], scope)
        for item in select(ranked, limit=limit, threshold=floor)
    ]


def _scope(
    rows: list[dict[str, Any]], persona_id: str, model_id: str, config: RetrievalConfig
) -> _Scope:
    row = rows[0]
    if not row["found"]:
        raise EntityNotFound(f"personaId: no active persona with id {persona_id!r}")
    datasets: dict[str, dict[str, Any]] = {d["id"]: d for d in row["global"]}
    datasets.update({d["id"]: d for d in row["own"]})  # the persona's link beats the default
    stale = sorted(d["name"] for d in datasets.values() if d["embedding_model"] != model_id)
    if stale:
        raise EmbeddingModelMismatch(
            f"dataset(s) {', '.join(map(repr, stale[:5]))} were embedded by another model "
            f"than {model_id!r}; run `personagraph docs reembed`"
        )
    factors = {
        dataset_id: link_factor(d["weight"], d["access_level"], config.access_factors)
        for dataset_id, d in datasets.items()
    }
    total = sum(d["chunk_count"] for d in datasets.values())
    return _Scope(datasets, factors, total, row["all_chunks"])


def _candidates(
    store: Store,
    vector: list[float],
    query: str,
    wanted: int,
    scope: _Scope,
    config: RetrievalConfig,
    signals: Signals,
) -> list[dict[str, Any]]:
    """Both searches' candidates, each chunk once (``lexical`` None: not a full-text hit).

    The full-text statement is started first and runs while this thread runs the vector
    one: the two take as long as the slower, not as both.
    """
    lexical = None
    if signals is not Signals.VECTOR and lucene_words(query):
        search = _lexical_search(query, wanted, scope)
        lexical = (search, _start_lexical(store, search, vector, wanted, scope))
    found: dict[str, dict[str, Any]] = {}
    if signals is not Signals.LEXICAL:
        for row in _vector_candidates(store, vector, wanted, scope, config):
            found[row["id"]] = {**row, "lexical": None}
    if lexical is not None:
        for row in _lexical_candidates(store, query, *lexical, vector, wanted, scope):
            found[row["id"]] = row
    return list(found.values())


def _vector_candidates(
    store: Store, vector: list[float], wanted: int, scope: _Scope, config: RetrievalConfig
) -> list[dict[str, Any]]:
    ids = list(scope.datasets)
    if scope.chunk_count <= config.exact_scan_limit:
        return store.read(
            "read/documents/vector_candidates_exact", vector=vector, dataset_ids=ids, limit=wanted
        )
    # Enough neighbours that the scope's share of them is index_oversampling times what is
    # wanted: the index is approximate, and a wider search finds more of the true nearest.
    k = math.ceil(wanted * config.index_oversampling / scope.share)
    for _ in range(_WIDENINGS):
        rows = store.read(
            "read/documents/vector_candidates_index",
            k=k,
            vector=vector,
            dataset_ids=ids,
            limit=wanted,
        )
        if len(rows) >= wanted:
            break
        k *= _WIDEN_BY
    return rows


def _lexical_search(query: str, wanted: int, scope: _Scope) -> _LexicalSearch:
    ids = list(scope.datasets)
    if scope.share < _FILTER_AFTER_SHARE and len(ids) <= _DATASETS_IN_LUCENE:
        return _LexicalSearch(lucene_query(query, ids), wanted, filtered=True)
    hits = min(
        math.ceil(wanted * _LEXICAL_OVERSAMPLING / scope.share), wanted * _WIDEN_BY**_WIDENINGS
    )
    return _LexicalSearch(lucene_query(query, None), hits, filtered=False)


def _lexical_parameters(
    search: _LexicalSearch, vector: list[float], wanted: int, scope: _Scope
) -> dict[str, Any]:
    return {
        "lucene": search.lucene,
        "hits": search.hits,
        "limit": wanted,
        "dataset_ids": list(scope.datasets),
        "vector": vector,
    }


def _start_lexical(
    store: Store, search: _LexicalSearch, vector: list[float], wanted: int, scope: _Scope
) -> Future[list[dict[str, Any]]]:
    parameters = _lexical_parameters(search, vector, wanted, scope)
    return store.start_read("read/documents/lexical_candidates", **parameters)


def _lexical_candidates(
    store: Store,
    query: str,
    search: _LexicalSearch,
    started: Future[list[dict[str, Any]]],
    vector: list[float],
    wanted: int,
    scope: _Scope,
) -> list[dict[str, Any]]:
    """The full-text hits in the scope. When a search kept to the scope afterwards found
    too few of them while more hits were left, it is asked again: with the scope as a
    filter, or (a scope of too many datasets for a Lucene query) for the most hits."""
    row = started.result()[0]
    chunks: list[dict[str, Any]] = row["chunks"]
    widest = wanted * _WIDEN_BY**_WIDENINGS
    more_left = row["hits"] >= search.hits
    if search.filtered or len(chunks) >= wanted or not more_left:
        return chunks
    if len(scope.datasets) <= _DATASETS_IN_LUCENE:
        again = _LexicalSearch(lucene_query(query, list(scope.datasets)), wanted, filtered=True)
    elif search.hits < widest:
        again = _LexicalSearch(search.lucene, widest, filtered=False)
    else:
        return chunks
    parameters = _lexical_parameters(again, vector, wanted, scope)
    rows = store.read("read/documents/lexical_candidates", **parameters)
    result: list[dict[str, Any]] = rows[0]["chunks"]
    return result


def _retrieved(
    candidate: Candidate, score: float, row: dict[str, Any], scope: _Scope
) -> RetrievedChunk:
    dataset = scope.datasets[candidate.dataset_id]
    return RetrievedChunk(
        text=candidate.text,
        score=round(score, 4),
        dataset=dataset["name"],
        source=dataset["file_name"],
        page=row["page"],
        section=row["section"] or "",
        chunk_id=candidate.chunk_id,
        dataset_id=candidate.dataset_id,
        kind=row["kind"],
        similarity=round(candidate.similarity, 4),
        lexical=candidate.lexical,
    )


def as_json(chunks: Sequence[RetrievedChunk]) -> list[dict[str, Any]]:
    """The ``--json`` form of ``docs search``: text, score, dataset, source, page, section."""
    return [
        {
            "text": chunk.text,
            "score": chunk.score,
            "dataset": chunk.dataset,
            "source": chunk.source,
            "page": chunk.page,
            "section": chunk.section,
        }
        for chunk in chunks
    ]
