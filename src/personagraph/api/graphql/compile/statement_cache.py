"""Compiled statements, remembered per document field and variables.

Planning a root field reads the document again — its fields, fragments and every
nested ``where``/``sort``/``first`` argument, coerced by graphql-core — and then
compiles the plan to Cypher. For a repeated query (the usual case: a client sends the
same document with the same or new variables) that work gives the same statement
every time. Parsed documents are cached by the schema (``runtime/document_cache.py``),
so the same document arrives as the same field nodes, and their identity, with the
coerced variables and the labels' size classes (which decide how a root page is read,
:mod:`.label_sizes`), keys the statement.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

from personagraph.api.graphql.compile.node_cache import NodeCache
from personagraph.api.graphql.compile.plan import CompiledQuery
from personagraph.api.graphql.compile.selection import Request


class StatementCache:
    """The last ``size`` statements compiled, least recently used dropped first."""

    def __init__(self, size: int = 512) -> None:
        self.size = size
        # The field nodes are held weakly (:mod:`.node_cache`): a statement must not keep
        # its document alive once the document cache has let it go.
        self._entries: NodeCache[CompiledQuery] = NodeCache(size)

    def statement(
        self, request: Request, compile: Callable[[Request], CompiledQuery]
    ) -> CompiledQuery:
        """The statement ``compile`` makes of ``request``, compiled once per key."""
        variables = variables_text(getattr(request.variables, "coerced", request.variables))
        if variables is None:
            return compile(request)  # variables without a stable text form
        key = (request.parent_type, request.max_page_size, variables, request.sizes)
        found = self._entries.get(request.field_nodes, key)
        if found is None:
            found = compile(request)
            self._entries.put(request.field_nodes, key, found)
        return found

    def __len__(self) -> int:
        return len(self._entries)


def variables_text(values: Mapping[str, Any]) -> str | None:
    """Coerced variables as a text that tells unequal values apart (None: they have none)."""
    try:
        return json.dumps(values, sort_keys=True, default=_typed_repr)
    except (TypeError, ValueError):
        return None


def _typed_repr(value: Any) -> str:
    # Dates, enums and input objects: their type and repr tell equal values apart.
    return f"{type(value).__qualname__}:{value!r}"
