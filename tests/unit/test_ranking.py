"""Fusion and re-ranking: how vector and full-text evidence, weights and access levels
make one relevance, and what the threshold and the duplicate filter keep."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from personagraph.documents.ranking import (
    Candidate,
    Ranked,
    Signals,
    link_factor,
    lucene_query,
    rank,
    relevance,
    select,
)


def candidate(chunk_id: str, similarity: float, lexical: float | None, text: str = "") -> Candidate:
    return Candidate(chunk_id, "d1", text or f"text of {chunk_id}", similarity, lexical)


unit = st.floats(0, 1)


@given(unit, unit, unit, unit)
def test_relevance_stays_in_0_1_and_never_falls_below_the_weighted_similarity(
    similarity: float, lexical: float, weight: float, factor: float
) -> None:
    score = relevance(similarity, lexical, lexical_weight=weight, factor=factor)

    assert 0 <= score <= 1
    assert score >= factor * similarity - 1e-12


@given(unit, unit, unit)
def test_more_full_text_evidence_never_lowers_relevance(
    similarity: float, low: float, high: float
) -> None:
    low, high = sorted((low, high))

    assert relevance(similarity, low, lexical_weight=0.5) <= relevance(
        similarity, high, lexical_weight=0.5
    )


def test_a_chunk_found_by_meaning_alone_keeps_its_similarity() -> None:
    assert relevance(0.8, 0.0, lexical_weight=0.5) == pytest.approx(0.8)
    assert relevance(0.8, 1.0, lexical_weight=0.5) == pytest.approx(0.9)


def test_full_text_evidence_lifts_a_chunk_past_one_with_slightly_more_similarity() -> None:
    ranked = rank(
        [candidate("meaning", 0.80, None), candidate("both", 0.78, 6.0)],
        {},
        lexical_weight=0.5,
    )

    assert [r.candidate.chunk_id for r in ranked] == ["both", "meaning"]
    assert ranked[0].score == pytest.approx(0.78 + 0.5 * 0.22)


def test_each_signal_alone_ranks_by_its_own_score() -> None:
    pool = [candidate("a", 0.9, 1.0), candidate("b", 0.7, 8.0)]

    by_vector = rank(pool, {}, lexical_weight=0.5, signals=Signals.VECTOR)
    by_words = rank(pool, {}, lexical_weight=0.5, signals=Signals.LEXICAL)

    assert [r.candidate.chunk_id for r in by_vector] == ["a", "b"]
    assert [r.candidate.chunk_id for r in by_words] == ["b", "a"]
    assert by_words[0].score == 1.0


def test_weight_and_access_level_scale_a_datasets_chunks() -> None:
    factors = {"d1": link_factor(0.5, "summary", {"full": 1.0, "summary": 0.8})}

    (only,) = rank([candidate("a", 0.9, None)], factors, lexical_weight=0.5)

    assert only.score == pytest.approx(0.9 * 0.5 * 0.8)
    assert link_factor(3.0, "unknown", {}) == 1.0  # weight capped at 1, unknown level neutral


def test_select_keeps_the_best_above_the_threshold_up_to_the_limit() -> None:
    ranked = [Ranked(candidate(str(i), 0, None, f"distinct text number {i}"), 1 - i / 10)
              for i in range(6)]  # fmt: skip

    assert [r.candidate.chunk_id for r in select(ranked, limit=3, threshold=0.0)] == ["0", "1", "2"]
    assert [r.candidate.chunk_id for r in select(ranked, limit=9, threshold=0.75)] == [
        "0",
        "1",
        "2",
    ]


def test_select_skips_the_same_passage_found_twice() -> None:
    passage = "Breathe in for four counts, hold for four counts and breathe out for four counts."
    ranked = [
        Ranked(candidate("a", 0, None, passage), 0.9),
        Ranked(candidate("b", 0, None, passage + " Repeat."), 0.89),
        Ranked(candidate("c", 0, None, "Name five things you can see."), 0.8),
    ]

    assert [r.candidate.chunk_id for r in select(ranked, limit=5, threshold=0)] == ["a", "c"]


def test_a_lucene_query_holds_only_words_and_the_scope() -> None:
    query = lucene_query('What is "box breathing"? (AND) title:x* ~2 \\ OR', ["d1", "d2"])

    assert query == (
        "+(text:(what is box breathing and title or) section:(what is box breathing and "
        "title or)) +dataset_id:(d1 d2)^0"
    )
    assert lucene_query("?! -", ["d1"]) == ""
    assert lucene_query("panic", None) == "text:(panic) section:(panic)"
