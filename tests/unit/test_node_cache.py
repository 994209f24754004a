"""What is kept by a document's nodes is found by their identity, and keeps none alive."""

from __future__ import annotations

import gc

import pytest
from graphql import FieldNode, NameNode, Source, parse

from personagraph.api.graphql.compile import node_cache
from personagraph.api.graphql.compile.node_cache import NodeCache


def _field(name: str = "people") -> FieldNode:
    return FieldNode(name=NameNode(value=name))


def test_a_value_is_found_for_the_same_nodes_and_key_only() -> None:
    cache: NodeCache[str] = NodeCache(8)
    node, twin = _field(), _field()
    cache.put([node], "k", "kept")
    assert cache.get([node], "k") == "kept"
    assert cache.get([node], "other key") is None
    # Equal nodes of another document are other nodes.
    assert twin == node
    assert cache.get([twin], "k") is None


def test_the_least_recently_used_goes_first() -> None:
    cache: NodeCache[int] = NodeCache(2)
    a, b, c = _field("a"), _field("b"), _field("c")
    cache.put([a], None, 1)
    cache.put([b], None, 2)
    assert cache.get([a], None) == 1  # a is now the most recently used
    cache.put([c], None, 3)
    assert (cache.get([a], None), cache.get([b], None), cache.get([c], None)) == (1, None, 3)
    assert len(cache) == 2


def test_an_entry_does_not_keep_its_document_alive() -> None:
    cache: NodeCache[str] = NodeCache(8)
    marker = "#node-cache-test"
    document = parse(f"{marker} {'x' * 10_000}\n{{ people {{ id }} }}")
    field = document.definitions[0].selection_set.selections[0]  # type: ignore[attr-defined]
    cache.put([field], "k", "kept")
    del document, field
    gc.collect()
    alive = [o for o in gc.get_objects() if isinstance(o, Source) and marker in o.body]
    assert alive == []
    assert len(cache) == 1  # the entry stays until it is pushed out or looked up


def test_new_nodes_that_come_to_have_the_ids_of_gone_ones_find_nothing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # CPython may give a new object the id of a collected one; every node here has the
    # same id, as if the new node had been put where the gone one was.
    monkeypatch.setattr(node_cache, "id", lambda _node: 42, raising=False)
    cache: NodeCache[str] = NodeCache(8)
    gone = _field()
    cache.put([gone], "k", "stale")
    assert cache.get([gone], "k") == "stale"
    del gone
    gc.collect()
    assert cache.get([_field()], "k") is None
    assert len(cache) == 0
