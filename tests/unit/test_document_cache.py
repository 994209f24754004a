"""Parsed documents are kept by text, within a byte bound, least recently used dropped first."""

from __future__ import annotations

import pytest
from graphql import GraphQLError

from personagraph.api.graphql.compile.worst_case import WorstCase
from personagraph.api.graphql.runtime.document_cache import Documents

SMALL = "{ server { ready } }"


def padded(name: str, size: int) -> str:
    return f"# {name} {'x' * size}\n{{ server {{ ready }} }}"


def test_the_same_text_gives_the_same_document_parsed_once() -> None:
    cache = Documents(max_bytes=1_048_576)
    first, entry = cache.parsed(SMALL, max_tokens=100)
    again, _ = cache.parsed(SMALL, max_tokens=100)
    assert again is first
    assert entry is not None
    assert len(cache) == 1
    assert cache.bytes == entry.weight


def test_the_bound_holds_and_the_least_recently_used_go_first() -> None:
    cache = Documents(max_bytes=1_048_576)
    texts = [padded(f"doc{number}", 20_000) for number in range(60)]
    documents = []
    for text in texts:
        documents.append(cache.parsed(text, max_tokens=100)[0])
        assert cache.bytes <= cache.max_bytes
    kept = len(cache)
    assert 0 < kept < 60
    oldest, second_oldest = len(texts) - kept, len(texts) - kept + 1
    # Reading the oldest kept document moves it to the back: the next one goes instead.
    assert cache.parsed(texts[oldest], max_tokens=100)[0] is documents[oldest]
    cache.parsed(padded("one more", 20_000), max_tokens=100)
    assert cache.parsed(texts[oldest], max_tokens=100)[0] is documents[oldest]
    assert cache.parsed(texts[second_oldest], max_tokens=100)[0] is not documents[second_oldest]


def test_a_document_heavier_than_a_sixteenth_of_the_bound_is_not_kept() -> None:
    cache = Documents(max_bytes=160_000)
    cache.parsed(SMALL, max_tokens=100)
    before = cache.bytes
    document, entry = cache.parsed(padded("heavy", 10_000), max_tokens=100)
    assert document.definitions
    assert entry is None
    assert cache.bytes == before


def test_the_count_is_bounded_too() -> None:
    cache = Documents(max_bytes=1 << 40, max_entries=5)
    for number in range(20):
        cache.parsed(f"query Q{number} {{ server {{ ready }} }}", max_tokens=100)
    assert len(cache) == 5


def test_a_document_that_does_not_parse_is_not_kept() -> None:
    cache = Documents(max_bytes=1_048_576)
    with pytest.raises(GraphQLError, match="Syntax Error"):
        cache.parsed("{ server { ready }", max_tokens=100)
    with pytest.raises(GraphQLError, match="more than 3 tokens"):
        cache.parsed(SMALL, max_tokens=3)
    assert len(cache) == 0
    assert cache.bytes == 0


def test_worst_cases_live_and_go_with_their_document() -> None:
    cache = Documents(max_bytes=1_048_576, max_entries=1)
    cache.parsed(SMALL, max_tokens=100)
    key = ("", '{"n": 1}', 1000)
    cache.remember_worst_case(SMALL, key, WorstCase(7))
    assert cache.worst_case(SMALL, key) == WorstCase(7)
    cache.remember_worst_case("never parsed", key, WorstCase(7))
    assert cache.worst_case("never parsed", key) is None
    cache.parsed("{ other: server { ready } }", max_tokens=100)  # pushes SMALL out
    assert cache.worst_case(SMALL, key) is None
