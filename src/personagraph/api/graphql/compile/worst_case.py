"""The most a planned selection can return, counted before anything runs.

A plan knows every page size along every path: a list returns at most its ``limit``
nodes (the maximum page size when none is given), a connection at most ``first``
edges, a to-one hop at most one node. The worst case of a selection is therefore
the product of the page sizes along each path, summed over every list and
connection in it: ``personas(limit: 100) { painPoints(limit: 10) { key } }`` is
100 + 100 * 10 = 1,100 items (a connection's edge and its node are one item). The
service refuses a request whose worst case is over ``PERSONAGRAPH_MAX_RESPONSE_ITEMS``
before it runs, and charges it to the caller's rate limit.
"""

from __future__ import annotations

from dataclasses import dataclass

from personagraph.api.graphql.compile.plan import Connection, NodePlan, Page
from personagraph.api.graphql.compile.plan_cache import PLANS
from personagraph.api.graphql.compile.selection import (
    Request,
    list_page,
    plan_connection,
    root_sort,
)
from personagraph.model.ontology import NodeType

__all__ = ["WorstCase", "by_key_items", "connection_items", "list_items"]


@dataclass(frozen=True)
class WorstCase:
    """How many items a selection may return; ``path`` is its largest contribution,
    as (response key, page size) pairs from the root field down."""

    items: int
    path: tuple[tuple[str, int], ...] = ()

    def __add__(self, other: WorstCase) -> WorstCase:
        largest = max(self, other, key=_largest_step)
        return WorstCase(self.items + other.items, largest.path)

    def describe(self) -> str:
        """The largest path, e.g. ``personas (1,000) x painPoints (1,000)``."""
        return " x ".join(f"{key} ({size:,})" for key, size in self.path)


def _largest_step(case: WorstCase) -> int:
    product = 1
    for _, size in case.path:
        product *= size
    return product


def by_key_items(request: Request, node: NodeType) -> WorstCase:
    """``persona(id:)``, and mutations returning one node: it and what it selects."""
    count = _Count(request.max_page_size)
    return count.nodes(PLANS.plan(request, node), 1, ((_key(request), 1),))


def list_items(request: Request, node: NodeType) -> WorstCase:
    """``personas(limit:)``: the page and what each of its nodes selects."""
    args = request.arguments()
    count = _Count(request.max_page_size)
    size = count.size(list_page(request, args, root_sort(node, args)))
    return count.nodes(PLANS.plan(request, node), size, ((_key(request), size),))


def connection_items(request: Request, node: NodeType) -> WorstCase:
    """``personasConnection(first:)``: the page's edges and what each node selects."""
    conn = plan_connection(request, node)
    return _Count(request.max_page_size).edges(conn, 1, ((_key(request), conn.page_size),))


def _key(request: Request) -> str:
    node = request.field_nodes[0]
    return node.alias.value if node.alias else node.name.value


@dataclass(frozen=True)
class _Count:
    max_page_size: int

    def size(self, page: Page) -> int:
        # selection.list_page gives every page a limit; None would mean the default.
        return self.max_page_size if page.limit is None else page.limit

    def nodes(self, plan: NodePlan, rows: int, path: tuple[tuple[str, int], ...]) -> WorstCase:
        """``rows`` nodes of ``plan`` (reached along ``path``) and everything beneath them."""
        return WorstCase(rows, path) + self.beneath(plan, rows, path)

    def beneath(self, plan: NodePlan, rows: int, path: tuple[tuple[str, int], ...]) -> WorstCase:
        total = WorstCase(0)
        for related in plan.lists:
            size = self.size(related.page) if related.hop.many else 1
            total += self.nodes(related.nodes, rows * size, (*path, (related.key, size)))
        for conn in plan.connections:
            total += self.edges(conn, rows, (*path, (conn.key, conn.page_size)))
        for derived in plan.derived:
            total += WorstCase(rows * derived.limit, (*path, (derived.key, derived.limit)))
        return total

    def edges(self, conn: Connection, parents: int, path: tuple[tuple[str, int], ...]) -> WorstCase:
        """A connection's edges under ``parents`` nodes; the path ends at the connection."""
        count = parents * conn.page_size
        total = WorstCase(0)
        for edge in conn.edges:
            # An edge and its node are one item: only what the node selects adds more.
            total += WorstCase(count, path)
            for _, nodes in edge.nodes:
                total += self.beneath(nodes, count, path)
        return total
