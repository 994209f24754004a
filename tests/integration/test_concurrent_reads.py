"""Reads started together (``Store.start_read``) answer what the same reads run one after
the other answer, and fail the way they do."""

from __future__ import annotations

import pytest

from personagraph.errors import QueryFailed, QueryNotFound
from personagraph.store import Store


def test_reads_started_together_return_the_rows_of_reads_run_in_turn(store: Store) -> None:
    names = ["read/server_components", "read/gds_installed", "read/schema_migrations"]

    started = [store.start_read(name) for name in names]
    together = [future.result() for future in started]

    assert together == [store.read(name) for name in names]
    assert together[0]  # the server names its components: not an empty comparison


def test_a_started_read_passes_its_parameters(store: Store) -> None:
    started = store.start_read("read/documents/persona_exists", id="nobody")

    assert started.result() == []


def test_a_started_read_that_fails_raises_its_error_from_result(store: Store) -> None:
    started = store.start_read(
        "read/documents/lexical_candidates",
        lucene="text:(unclosed",  # Lucene refuses it: the statement fails on the server
        hits=5,
        limit=5,
        dataset_ids=[],
        vector=[0.1] * 384,
    )

    with pytest.raises(QueryFailed):
        started.result()


def test_an_unknown_statement_is_refused_before_anything_is_started(store: Store) -> None:
    with pytest.raises(QueryNotFound):
        store.start_read("read/documents/no_such_statement")
