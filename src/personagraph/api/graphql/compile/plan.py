"""What a GraphQL selection asks of the graph, as plain data.

:mod:`.selection` builds these from a request; :mod:`.compiler` turns them into one
Cypher statement. Names and labels in a plan come from the ontology; values stay in
the ``where`` mappings and offsets, and become parameters.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from personagraph.model.ontology import NodeType, Property, Relationship, node_type

Where = Mapping[str, Any]


@dataclass(frozen=True)
class Hop:
    """One step along a relationship, from the node at hand to its neighbours."""

    rel: Relationship
    outgoing: bool

    @property
    def target(self) -> NodeType:
        return node_type(self.rel.target if self.outgoing else self.rel.source)

    @property
    def many(self) -> bool:
        return self.rel.out_many if self.outgoing else self.rel.in_many


@dataclass(frozen=True)
class SortKey:
    """Order by a node property (``on_edge`` False) or a relationship property."""

    prop: str
    descending: bool = False
    on_edge: bool = False


@dataclass(frozen=True)
class Page:
    """Which neighbours, in which order, which slice: filters, sort, offset and limit."""

    where: Where | None = None
    edge_where: Where | None = None
    sort: tuple[SortKey, ...] = ()
    offset: int = 0
    limit: int | None = None


@dataclass(frozen=True)
class Scalar:
    """A property, under the response key the client asked for."""

    key: str
    prop: Property


@dataclass(frozen=True)
class Derived:
    """A computed field (:mod:`.derived`), under its response key, with its page size."""

    key: str
    field: str
    limit: int


@dataclass(frozen=True)
class NodePlan:
    """What to return for each node of one type: properties, lists, connections and
    computed fields."""

    node: NodeType
    scalars: tuple[Scalar, ...] = ()
    lists: tuple[RelatedList, ...] = ()
    connections: tuple[Connection, ...] = ()
    derived: tuple[Derived, ...] = ()


@dataclass(frozen=True)
class RelatedList:
    """Neighbours along ``hop`` as a list (or one node when the hop is to-one)."""

    key: str
    hop: Hop
    page: Page
    nodes: NodePlan


@dataclass(frozen=True)
class EdgePlan:
    """What each edge of a connection returns: its cursor, relationship properties, node."""

    key: str
    props: tuple[Scalar, ...] = ()
    nodes: tuple[tuple[str, NodePlan], ...] = ()


@dataclass(frozen=True)
class Connection:
    """A Relay connection; ``hop`` is None at the root (all nodes of a label).

    ``page.limit`` is the page size plus one, so that ``hasNextPage`` can be told.
    """

    key: str
    hop: Hop | None
    node: NodeType
    page: Page
    edges: tuple[EdgePlan, ...] = ()
    total_count_keys: tuple[str, ...] = ()
    needs_probe: bool = False
    page_size: int = 0


@dataclass(frozen=True)
class CompiledQuery:
    """One Cypher statement and its parameters."""

    text: str
    parameters: dict[str, Any] = field(default_factory=dict)
