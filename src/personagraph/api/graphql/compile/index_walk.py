"""Root pages read along an index in order, and how far such a walk may go.

A root page sorted ascending on an indexed property need not sort every match: it can
walk the property's index in order, filter as it goes, and stop when the page is full.
:mod:`.compiler` composes the statement; this module decides which pages qualify
(:func:`walked_property`), bounds the walk (:class:`IndexWalk`) and writes its
subqueries (:class:`IndexWalkText`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from personagraph.api.graphql.compile.conditions import where_clause
from personagraph.api.graphql.compile.names import camel
from personagraph.api.graphql.compile.plan import Page, SortKey, Where
from personagraph.model.ontology import NodeType

__all__ = ["IndexWalk", "IndexWalkText", "walked_property"]


@dataclass(frozen=True)
class IndexWalk:
    """How far a root page walks an index in order before it sorts every match instead.

    Windows are counted in index entries, as multiples of the page's end (offset +
    limit): the first walk covers the first ``first`` times the end; a page it leaves
    short is walked on over the next ``second`` times the end, but only if the first
    walk found enough to expect the page there. A page still short is sorted in full,
    having cost the walks at most their windows. Unbounded, a walk for a filter few
    nodes pass read the whole index, several times slower than sorting every match, the
    more so when the filter had an index of its own (the figures, before and after the
    bound: docs/benchmarks.md, "The price of change 12, and change 14 that bounds it").

    A label with no more nodes than the first window is sorted in full: it is read
    whole either way, and the count store says so before any walk begins.
    ``IndexWalk(0, 0)`` never walks (``bench/root_pages.py`` times pages against that
    full sort).
    """

    first: int = 20
    second: int = 320

    def __post_init__(self) -> None:
        if not 0 <= self.first <= self.second or (self.first == 0 and self.second != 0):
            raise ValueError(
                f"IndexWalk(first={self.first}, second={self.second}): the windows must"
                " satisfy 1 <= first <= second, or both be 0 (never walk)"
            )


def walked_property(node: NodeType, page: Page) -> str | None:
    """The property a root page can be read in the order of, from its index, if any.

    Only a limited page whose first key is ascending qualifies: descending, ``ORDER BY``
    puts the nodes without the property first, and finding those has no index to use.
    Nor does a page whose filter names the nodes, by key or by the sort property
    itself: an index seek finds those few, and there is nothing to walk.
    """
    first = page.sort[0] if page.sort else SortKey(node.key)
    if page.limit is None or first.descending or first.on_edge:
        return None
    if first.prop != node.key and first.prop not in node.sorted_by:
        return None
    if _pinned(page.where, node.key) or _pinned(page.where, first.prop):
        return None
    return first.prop


def _pinned(where: Where | None, prop: str) -> bool:
    """Whether ``where`` (at its top level) asks for given values of ``prop``."""
    ops = (where or {}).get(camel(prop))
    return isinstance(ops, Mapping) and any(ops.get(op) is not None for op in ("eq", "in", "in_"))


@dataclass(frozen=True)
class IndexWalkText:
    """The subqueries of a root page read along the index of ``prop`` (see root_page)."""

    var: str
    label: str
    prop: str
    order: str  # " ORDER BY …" on the page's sort keys
    stop: str  # the parameter holding the page's end
    conditions: list[str]

    def fits(self, window: str) -> str:
        """Whether the label has no more nodes than ``window``: from the count store, which
        answers without reading a node or an index entry."""
        return f"COUNT {{ (:{self.label}) }} <= {window}"

    def bound(self, above: str | None, skip: str) -> str:
        """The value ``skip`` entries into the index (past ``above``), read from the index
        alone; null when the index holds fewer, or when ``above`` is null."""
        lower = f" AND b.{self.prop} > {above}" if above else ""
        return (
            f"head(COLLECT {{ MATCH (b:{self.label}) USING INDEX b:{self.label}({self.prop}) "
            f"WHERE b.{self.prop} IS NOT NULL{lower} "
            f"WITH b.{self.prop} AS v ORDER BY v SKIP {skip} LIMIT 1 RETURN v }})"
        )

    def walk(self, above: str | None, upto: str) -> str:
        """The page's first matches with the property above ``above``, up to ``upto``,
        read in index order; a null bound makes an empty range, read at no cost."""
        var, prop = self.var, self.prop
        lower = [f"{var}.{prop} > {above}"] if above else []
        where = where_clause([*lower, f"{var}.{prop} <= {upto}", *self.conditions])
        return (
            f"COLLECT {{ MATCH ({var}:{self.label}) USING INDEX {var}:{self.label}({prop})"
            f"{where} WITH {var}{self.order} LIMIT {self.stop} RETURN {var} }}"
        )

    def sort(self) -> str:
        """The page's first matches by sorting them all."""
        return f"COLLECT {{ {self.sorted_clauses()} }}"

    def sorted_clauses(self) -> str:
        """The clauses of :meth:`sort`'s subquery."""
        return (
            f"MATCH ({self.var}:{self.label}){where_clause(self.conditions)} "
            f"WITH {self.var}{self.order} LIMIT {self.stop} RETURN {self.var}"
        )
