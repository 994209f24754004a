"""Compile a :mod:`.plan` into one parameterized Cypher statement.

Every level of a selection becomes a ``COLLECT { … }`` (lists, edges) or ``COUNT { … }``
(totals) subquery nested inside the map projection of its parent, so a query of any
depth is one statement and one round trip. Labels, relationship types and property
names come from the ontology; every value a client sends becomes a ``$p<n>`` parameter.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any

from personagraph.api.graphql.compile.conditions import all_of, where_clause
from personagraph.api.graphql.compile.derived import derived_fields
from personagraph.api.graphql.compile.index_walk import IndexWalk, IndexWalkText, walked_property
from personagraph.api.graphql.compile.label_sizes import LabelSizes
from personagraph.api.graphql.compile.node_fields import edge_properties, node_fields
from personagraph.api.graphql.compile.plan import (
    CompiledQuery,
    Connection,
    Hop,
    NodePlan,
    Page,
    RelatedList,
    SortKey,
    Where,
)
from personagraph.errors import ValidationFailed
from personagraph.model.ontology import Kind, NodeType, Property

__all__ = ["compile_by_key", "compile_connection", "compile_list"]

_COMPARISONS = {"gt": ">", "gte": ">=", "lt": "<", "lte": "<="}
_STRING_MATCHES = {"contains": "CONTAINS", "startsWith": "STARTS WITH", "endsWith": "ENDS WITH"}
_LOGICAL = {"AND", "OR", "NOT"}
# Filter inputs reach the compiler keyed by their Python names.
_OPERATOR_NAMES = {
    "in_": "in",
    "starts_with": "startsWith",
    "ends_with": "endsWith",
    "is_null": "isNull",
}
PROBE_KEY = "__probe"
OFFSET_KEY = "__offset"
SIZE_KEY = "__size"


def compile_by_key(plan: NodePlan, key: Any) -> CompiledQuery:
    """The node of ``plan.node`` whose key is ``key`` (inactive ones included)."""
    c = _Compiler()
    node = plan.node
    text = (
        f"MATCH (n0:{node.label} {{{node.key}: {c.param(key)}}})\n"
        f"RETURN {c.project('n0', plan)} AS result"
    )
    return c.statement(text)


def compile_list(
    plan: NodePlan,
    page: Page,
    walk: IndexWalk = IndexWalk(),
    sizes: LabelSizes = LabelSizes(),
) -> CompiledQuery:
    """Nodes of ``plan.node`` matching ``page``, in ``page``'s order, as one row's list.

    One row rather than one per node: the driver spends about as long on each record
    it receives as on a whole list in one (docs/benchmarks.md, "What changed since the
    first run", change 4). ``sizes`` (the labels' size classes, when known) decides
    whether a page is sorted at once or walked along an index (:meth:`_Compiler.walked_page`).
    """
    c = _Compiler(walk, sizes)
    walked = c.walked_page("n0", plan.node, page)
    if walked is not None:
        return c.statement(f"RETURN [n0 IN {walked} | {c.project('n0', plan)}] AS result")
    page_text = c.root_page("n0", plan.node, page)
    return c.statement(
        f"RETURN COLLECT {{ {page_text}\nRETURN {c.project('n0', plan)} }} AS result"
    )


def compile_connection(
    conn: Connection, walk: IndexWalk = IndexWalk(), sizes: LabelSizes = LabelSizes()
) -> CompiledQuery:
    """A root connection: one row holding the edges, totals and paging facts."""
    c = _Compiler(walk, sizes)
    return c.statement(f"RETURN {c.connection(None, conn)} AS result")


class _Compiler:
    """Accumulates parameters and fresh variable names while building one statement."""

    def __init__(self, walk: IndexWalk = IndexWalk(), sizes: LabelSizes = LabelSizes()) -> None:
        self.walk = walk
        self.sizes = sizes
        self.params: dict[str, Any] = {}
        self._variables = 0
        self._guards: dict[str, str] = {}  # soft-deleting label -> its guard's variable

    def statement(self, body: str) -> CompiledQuery:
        """``body`` after the guards it uses: one check per label, not one per node."""
        if not self._guards:
            return CompiledQuery(body, self.params)
        guards = ", ".join(
            f"NOT EXISTS {{ MATCH (r:{label}) WHERE r.is_active = false }} AS {name}"
            for label, name in self._guards.items()
        )
        return CompiledQuery(f"WITH {guards}\n{body}", self.params)

    def guard(self, label: str) -> str:
        """The variable that is true while no ``label`` node is retired."""
        return self._guards.setdefault(label, f"none_retired_{label}")

    def param(self, value: Any) -> str:
        name = f"p{len(self.params)}"
        self.params[name] = value
        return f"${name}"

    def fresh(self) -> tuple[str, str]:
        self._variables += 1
        return f"n{self._variables}", f"e{self._variables}"

    # -- projections -------------------------------------------------------------

    def project(self, var: str, plan: NodePlan) -> str:
        entries = [f"`{s.key}`: {var}.{s.prop.name}" for s in plan.scalars]
        entries += [f"`{r.key}`: {self.related(var, r)}" for r in plan.lists]
        entries += [f"`{c.key}`: {self.connection(var, c)}" for c in plan.connections]
        computed = derived_fields(plan.node.label)
        entries += [
            f"`{d.key}`: {computed[d.field].expression(var, self.param(d.limit))}"
            for d in plan.derived
        ]
        return "{" + ", ".join(entries) + "}" if not entries else f"{var} {{{', '.join(entries)}}}"

    def related(self, var: str, related: RelatedList) -> str:
        target, edge = self.fresh()
        hop, page = related.hop, related.page
        if not hop.many:
            page = Page(page.where, page.edge_where, page.sort, 0, 1)
        body = self.match_hop(var, hop, target, edge, page)
        order = self.order_by(target, edge, hop.target, page.sort)
        subquery = (
            f"COLLECT {{ {body} WITH {target}, {edge}{order}{self.slice(page)} "
            f"RETURN {self.project(target, related.nodes)} }}"
        )
        return subquery if hop.many else f"head({subquery})"

    def connection(self, var: str | None, conn: Connection) -> str:
        entries = [f"`{OFFSET_KEY}`: {conn.page.offset}", f"`{SIZE_KEY}`: {conn.page_size}"]
        for edges in conn.edges:
            target, edge = self.fresh()
            walked = None
            if conn.hop is None or var is None:
                walked = self.walked_page(target, conn.node, conn.page)
                body = "" if walked else self.root_page(target, conn.node, conn.page)
            else:
                order = self.order_by(target, edge, conn.node, conn.page.sort)
                body = (
                    f"{self.match_hop(var, conn.hop, target, edge, conn.page)} "
                    f"WITH {target}, {edge}{order}{self.slice(conn.page)}"
                )
            fields = [f"`{s.key}`: {edge}.{s.prop.name}" for s in edges.props]
            fields += [f"`{key}`: {self.project(target, plan)}" for key, plan in edges.nodes]
            edge_map = "{" + ", ".join(fields) + "}"
            entries.append(
                f"`{edges.key}`: [{target} IN {walked} | {edge_map}]"
                if walked
                else f"`{edges.key}`: COLLECT {{ {body} RETURN {edge_map} }}"
            )
        if conn.total_count_keys:
            target, edge = self.fresh()
            unpaged = Page(conn.page.where, conn.page.edge_where)
            total = f"COUNT {{ {self.match(var, conn.hop, conn.node, target, edge, unpaged)} }}"
            entries += [f"`{key}`: {total}" for key in conn.total_count_keys]
        if conn.needs_probe:
            target, edge = self.fresh()
            body = self.match(var, conn.hop, conn.node, target, edge, conn.page)
            entries.append(
                f"`{PROBE_KEY}`: size(COLLECT {{ {body} WITH {_carried(var, conn, target, edge)}"
                f"{self.slice(conn.page)} RETURN 1 }})"
            )
        return "{" + ", ".join(entries) + "}"

    def match(
        self, var: str | None, hop: Hop | None, node: NodeType, target: str, edge: str, page: Page
    ) -> str:
        if hop is None or var is None:
            # A root connection has no relationship. Its filter stays on the MATCH, where
            # the planner can use an index for it.
            where = self.conditions(target, node, page.where)
            return f"MATCH ({target}:{node.label}){where_clause(where)}"
        return self.match_hop(var, hop, target, edge, page)

    def match_hop(self, var: str, hop: Hop, target: str, edge: str, page: Page) -> str:
        label, rel_type = hop.target.label, hop.rel.type
        arrow = (
            f"-[{edge}:{rel_type}]->({target}:{label})"
            if hop.outgoing
            else f"<-[{edge}:{rel_type}]-({target}:{label})"
        )
        conditions = self.conditions(target, hop.target, page.where)
        conditions += self.edge_conditions(edge, hop, page.edge_where)
        return f"MATCH ({var}){arrow}{where_clause(conditions)}"

    # -- ordering and slicing ----------------------------------------------------

    def order_by(self, var: str, edge: str | None, node: NodeType, sort: Iterable[SortKey]) -> str:
        return " ORDER BY " + ", ".join(_sort_keys(var, edge, node, sort))

    def root_page(self, var: str, node: NodeType, page: Page) -> str:
        """One page of all ``node`` nodes that is not walked (:meth:`walked_page`), as the
        clauses before the subquery's RETURN: every match, sorted."""
        conditions = self.conditions(var, node, page.where)
        order = self.order_by(var, None, node, page.sort)
        return (
            f"MATCH ({var}:{node.label}){where_clause(conditions)}\n"
            f"WITH {var}{order}{self.slice(page)}"
        )

    def walked_page(self, var: str, node: NodeType, page: Page) -> str | None:
        """One page of all ``node`` nodes as a list expression, when it may be walked.

        A limited page sorted ascending on an indexed property (the key, or one in
        ``sorted_by``) is first looked for along that property's index, in order: the
        walk filters as it goes and stops once the page is full, so 50 of 100k personas
        by name read ~200 nodes, not ~50k. The walk is bounded (:class:`IndexWalk`),
        since a filter that few nodes pass would have it read the whole index; a page it
        does not fill is read by sorting every match, where the planner is free to use
        the filter's own indexes. A label no larger than the first window is sorted at
        once, and the walk is not even begun (its bound alone read every index entry of
        such a label): the label's size class (``sizes``) says so at compile time, or,
        when it is unknown, the count store does inside the statement. Either way the
        page is the one ``ORDER BY`` gives. None for pages that are never walked (and
        for pages of labels known to fit the first window: they are sorted at once).

        The two ways are two subqueries, each let through by an ``UNWIND`` of one row or
        none, rather than a ``CASE`` choosing between them: a subquery inside ``CASE`` is
        planned apart from the statement, and there the walk's index seeks no longer
        handed on the values they read, so every node's property was read again.
        """
        first = walked_property(node, page) if self.walk.first else None
        if first is None or page.limit is None or not _walkable(page.offset + page.limit):
            return None
        end = page.offset + page.limit
        largest = self.sizes.largest(node.label)
        if largest is not None and largest <= self.walk.first * end:
            return None  # known to fit the first window: sorted at once
        conditions = self.conditions(var, node, page.where)
        order = self.order_by(var, None, node, page.sort)
        start, stop = self.param(page.offset), self.param(end)
        index = IndexWalkText(var, node.label, first, order, stop, conditions)
        walked = self.walk_then_sort(index, end)
        if largest is not None:
            return f"COLLECT {{ {walked} }}[{start}..{stop}]"
        fits = index.fits(self.param(self.walk.first * end))
        return (
            f"(COLLECT {{ UNWIND (CASE WHEN {fits} THEN [1] ELSE [] END) AS at_once "
            f"{index.sorted_clauses()} }}\n"
            f"+ COLLECT {{ UNWIND (CASE WHEN {fits} THEN [] ELSE [1] END) AS walking\n"
            f"{walked} }})[{start}..{stop}]"
        )

    def walk_then_sort(self, index: IndexWalkText, end: int) -> str:
        """The clauses finding the page's first matches along the index within the
        windows, else by sorting."""
        # The last entry of each window (SKIP counts from zero), and what the first walk
        # must find for the second to be taken: enough to expect the page `growth` as far.
        near = self.param(self.walk.first * end - 1)
        far = self.param(self.walk.second * end - 1)
        growth = self.param(self.walk.second // self.walk.first)
        stop = index.stop
        promising = f"size(walked) < {stop} AND size(walked) * {growth} >= {stop}"
        return (
            f"WITH {index.bound(None, near)} AS bound\n"
            f"WITH bound, {index.walk(None, 'bound')} AS walked\n"
            f"WITH bound, walked, {index.bound(f'CASE WHEN {promising} THEN bound END', far)}"
            " AS far_bound\n"
            f"WITH walked + {index.walk('bound', 'far_bound')} AS walked\n"
            f"UNWIND (CASE WHEN size(walked) >= {stop} THEN walked ELSE {index.sort()} END)"
            " AS found RETURN found"
        )

    def slice(self, page: Page) -> str:
        text = f" SKIP {self.param(page.offset)}" if page.offset else ""
        if page.limit is not None:
            text += f" LIMIT {self.param(page.limit)}"
        return text

    # -- filters -----------------------------------------------------------------

    def conditions(self, var: str, node: NodeType, where: Where | None) -> list[str]:
        """Hidden (soft-deleted) nodes are left out unless the filter asks about them."""
        return self.active(var, node, where) + self.filters(var, node, where)

    def active(self, var: str, node: NodeType, where: Where | None) -> list[str]:
        # Reading is_active on every candidate was a good share of a statement over a
        # large catalog (docs/benchmarks.md, change 11); while a label has no retired node
        # (an index seek says so once per statement) the guard is true and no candidate's
        # is_active is read.
        if node.soft_deletes and not _mentions(where, "isActive"):
            return [f"({self.guard(node.label)} OR coalesce({var}.is_active, true))"]
        return []

    def filters(self, var: str, node: NodeType, where: Where | None) -> list[str]:
        return [] if where is None else [self.node_where(var, node, where)]

    def edge_conditions(self, edge: str, hop: Hop, where: Where | None) -> list[str]:
        if not where:
            return []
        return [self.edge_where(edge, hop, where)]

    def node_where(self, var: str, node: NodeType, where: Where) -> str:
        fields = node_fields(node.label)
        parts: list[str] = []
        for name, value in where.items():
            if name in _LOGICAL:
                parts.append(self.logical(name, value, lambda w: self.node_where(var, node, w)))
            elif name in fields.properties:
                parts.append(
                    self.scalar(
                        f"{var}.{fields.properties[name].name}", fields.properties[name], value
                    )
                )
            elif name in fields.hops:
                parts.append(self.relationship_filter(var, fields.hops[name], value))
            else:
                raise _bad_where(node.label, name)
        return all_of(parts)

    def edge_where(self, edge: str, hop: Hop, where: Where) -> str:
        props = edge_properties(hop)
        parts: list[str] = []
        for name, value in where.items():
            if name in _LOGICAL:
                parts.append(self.logical(name, value, lambda w: self.edge_where(edge, hop, w)))
            elif name in props:
                parts.append(self.scalar(f"{edge}.{props[name].name}", props[name], value))
            else:
                raise _bad_where(hop.rel.type, name)
        return all_of(parts)

    def logical(self, name: str, value: Any, compile_one: Any) -> str:
        if name == "NOT":
            return "true" if value is None else f"NOT ({compile_one(value)})"
        branches = [compile_one(w) for w in value or []]
        if name == "AND":
            return all_of(branches)
        return "(" + " OR ".join(branches) + ")" if branches else "false"

    def relationship_filter(self, var: str, hop: Hop, value: Mapping[str, Any]) -> str:
        parts: list[str] = []
        for quantifier, match in value.items():
            if match is None:
                continue
            target, edge = self.fresh()
            active = self.active(target, hop.target, match.get("node"))
            own = self.filters(target, hop.target, match.get("node"))
            own += self.edge_conditions(edge, hop, match.get("edge"))
            label, rel_type = hop.target.label, hop.rel.type
            arrow = f"-[{edge}:{rel_type}]->" if hop.outgoing else f"<-[{edge}:{rel_type}]-"
            pattern = f"({var}){arrow}({target}:{label})"
            if quantifier == "all":
                clause = where_clause([*active, f"NOT ({all_of(own)})"])
                parts.append(f"NOT EXISTS {{ MATCH {pattern}{clause} }}")
            else:
                exists = f"EXISTS {{ MATCH {pattern}{where_clause(active + own)} }}"
                parts.append(exists if quantifier == "some" else f"NOT {exists}")
        return all_of(parts)

    def scalar(self, target: str, prop: Property, ops: Mapping[str, Any]) -> str:
        parts: list[str] = []
        for given, raw in ops.items():
            op, value = _OPERATOR_NAMES.get(given, given), _parameter_value(prop, raw)
            if op == "eq":
                parts.append(
                    f"{target} IS NULL" if value is None else f"{target} = {self.param(value)}"
                )
            elif op == "in":
                parts.append(f"{target} IN {self.param(list(value or []))}")
            elif op in _STRING_MATCHES and value is not None:
                parts.append(f"{target} {_STRING_MATCHES[op]} {self.param(value)}")
            elif op in _COMPARISONS and value is not None:
                parts.append(f"{target} {_COMPARISONS[op]} {self.param(value)}")
            elif op == "includes" and value is not None:
                parts.append(f"{self.param(value)} IN {target}")
            elif op == "isNull" and value is not None:
                parts.append(f"{target} IS {'' if value else 'NOT '}NULL")
        return all_of(parts)


def _sort_keys(var: str, edge: str | None, node: NodeType, sort: Iterable[SortKey]) -> list[str]:
    keys = [
        f"{edge if key.on_edge else var}.{key.prop} {'DESC' if key.descending else 'ASC'}"
        for key in sort
    ]
    # The key breaks ties, so pages and cursors are stable.
    if not any(key.prop == node.key and not key.on_edge for key in sort):
        keys.append(f"{var}.{node.key} ASC")
    return keys


# Cypher slices lists with 32-bit indexes; the walk's page is such a slice.
_LARGEST_SLICE_END = 2**31 - 1


def _walkable(end: int) -> bool:
    """Whether a page ending at ``end`` can be read by walking an index.

    An empty page (``limit: 0``) has nothing to walk, and a page past the largest
    list index (``offset: 2147483647``) cannot be sliced from the walk; both are read
    by ``SKIP``/``LIMIT``, which take any offset, and come back empty or short as any
    page past the last node does.
    """
    return 0 < end <= _LARGEST_SLICE_END


def _carried(var: str | None, conn: Connection, target: str, edge: str) -> str:
    """What a connection's subquery carries past its MATCH: the node, and the edge if any.

    Nothing may stand between ``ORDER BY`` and ``LIMIT`` and the match: with a projection
    there (a root connection's empty edge map) the planner sorted every match in full
    instead of keeping the top few (45k personas at 100k: Sort where Top would do).
    """
    return target if conn.hop is None or var is None else f"{target}, {edge}"


def _parameter_value(prop: Property, value: Any) -> Any:
    if prop.kind is Kind.DATETIME and isinstance(value, datetime) and value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    if isinstance(value, list):
        return [_parameter_value(prop, item) for item in value]
    return value


def _mentions(where: Where | None, name: str) -> bool:
    if not where:
        return False
    if name in where:
        return True
    nested = [where.get("NOT"), *list(where.get("AND") or []), *list(where.get("OR") or [])]
    return any(_mentions(w, name) for w in nested if w)


def _bad_where(owner: str, name: str) -> ValidationFailed:
    return ValidationFailed([f"where: {owner} has no field {name!r} to filter on"])
