"""Fusing vector and full-text evidence into one relevance per chunk, then re-ranking.

For a chunk with normalised cosine similarity ``s`` = (1 + cos) / 2 (Neo4j's vector
score, exact: recomputed for every candidate) and full-text score ``b`` (Lucene's BM25,
0 when the words did not match), with ``l = b / max b`` over the candidates:

    relevance = factor * (s + w * (1 - s) * l)

Full-text evidence lifts the similarity toward 1 by at most ``w`` of the way
(``PERSONAGRAPH_RETRIEVAL_LEXICAL_WEIGHT``, 0.5), so a chunk found by meaning alone
keeps its similarity, and the score stays in [0, 1]. ``factor`` is the link's weight
(0-1) times its access level's factor (``PERSONAGRAPH_ACCESS_LEVEL_FACTORS``).
Then: the threshold, best first, and a chunk whose word pairs are nearly all in a chunk
already chosen (the same passage in two datasets) is skipped.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

_WORD = re.compile(r"[^\W_]+")
_MAX_TERMS = 64
_REDUNDANT = 0.9


class Signals(StrEnum):
    """Which evidence ranks the candidates (the bench compares the three)."""

    FUSED = "fused"
    VECTOR = "vector"
    LEXICAL = "lexical"


@dataclass(frozen=True)
class Candidate:
    """A chunk found by either search, with both scores (``lexical`` None when the
    full-text search did not return it)."""

    chunk_id: str
    dataset_id: str
    text: str
    similarity: float
    lexical: float | None


@dataclass(frozen=True)
class Ranked:
    candidate: Candidate
    score: float


def lucene_words(text: str) -> str:
    """The words of ``text`` for a Lucene query, lower-cased, each once, at most 64; every
    character Lucene treats as syntax left out, so nothing a user types is Lucene syntax."""
    words = dict.fromkeys(w.lower() for w in _WORD.findall(text) if len(w) > 1)
    return " ".join(list(words)[:_MAX_TERMS])


def lucene_query(text: str, dataset_ids: Sequence[str] | None) -> str:
    """A Lucene query for chunks (of ``dataset_ids``, unless None) holding any word of
    ``text`` in their text or section; empty when ``text`` has no words.

    The dataset clause filters without scoring (boost 0): a chunk's score comes from its words.
    """
    words = lucene_words(text)
    if not words:
        return ""
    matching = f"text:({words}) section:({words})"
    if dataset_ids is None:
        return matching
    return f"+({matching}) +dataset_id:({' '.join(dataset_ids)})^0"


def relevance(
    similarity: float, lexical: float, *, lexical_weight: float, factor: float = 1.0
) -> float:
    """The fused relevance of one chunk (see the module docstring); inputs in [0, 1]."""
    return factor * (similarity + lexical_weight * (1.0 - similarity) * lexical)


def rank(
    candidates: Iterable[Candidate],
    factors: dict[str, float],
    *,
    lexical_weight: float,
    signals: Signals = Signals.FUSED,
) -> list[Ranked]:
    """Every candidate with its relevance, best first (ties by chunk id)."""
    pool = list(candidates)
    best = max((c.lexical or 0.0 for c in pool), default=0.0)
    ranked = []
    for candidate in pool:
        lexical = (candidate.lexical or 0.0) / best if best > 0 else 0.0
        factor = factors.get(candidate.dataset_id, 1.0)
        if signals is Signals.LEXICAL:
            score = factor * lexical
        elif signals is Signals.VECTOR:
            score = factor * candidate.similarity
        else:
            score = relevance(
                candidate.similarity, lexical, lexical_weight=lexical_weight, factor=factor
            )
        ranked.append(Ranked(candidate, score))
    ranked.sort(key=lambda item: (-item.score, item.candidate.chunk_id))
    return ranked


def select(ranked: Sequence[Ranked], *, limit: int, threshold: float) -> list[Ranked]:
    """The best ``limit`` at or above ``threshold``, skipping near-duplicates of chosen ones."""
    chosen: list[Ranked] = []
    chosen_pairs: list[set[tuple[str, str]]] = []
    for item in ranked:
        if item.score < threshold or len(chosen) == limit:
            break
        pairs = _word_pairs(item.candidate.text)
        if any(_overlap(pairs, other) >= _REDUNDANT for other in chosen_pairs):
            continue
        chosen.append(item)
        chosen_pairs.append(pairs)
    return chosen


def _word_pairs(text: str) -> set[tuple[str, str]]:
    words = _WORD.findall(text.lower())
    return set(itertools.pairwise(words))


def _overlap(first: set[tuple[str, str]], second: set[tuple[str, str]]) -> float:
    smaller = min(len(first), len(second))
    return len(first & second) / smaller if smaller else 0.0


def link_factor(weight: float, access_level: str, access_factors: dict[str, float]) -> float:
    """How much a dataset's chunks count for a persona: weight times access-level factor."""
    return max(0.0, min(weight, 1.0)) * access_factors.get(access_level, 1.0)
