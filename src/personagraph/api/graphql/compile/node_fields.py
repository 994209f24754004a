"""Which GraphQL field of a node type is which property or relationship hop."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from personagraph.api.graphql.compile.names import camel
from personagraph.api.graphql.compile.plan import Hop
from personagraph.model.ontology import RELATIONSHIPS, NodeType, Property, node_type

CONNECTION_SUFFIX = "Connection"


@dataclass(frozen=True)
class NodeFields:
    """The GraphQL fields of one node type, by GraphQL name."""

    properties: dict[str, Property]
    hops: dict[str, Hop]


@cache
def node_fields(label: str) -> NodeFields:
    """Properties and relationship hops of ``label``, keyed by their GraphQL names."""
    node: NodeType = node_type(label)
    properties = {camel(prop.name): prop for prop in node.properties}
    hops: dict[str, Hop] = {}
    for rel in RELATIONSHIPS:
        if rel.source == label:
            hops[camel(rel.out_field)] = Hop(rel, outgoing=True)
        if rel.target == label and rel.in_field:
            hops[camel(rel.in_field)] = Hop(rel, outgoing=False)
    return NodeFields(properties, hops)


def edge_properties(hop: Hop) -> dict[str, Property]:
    """The relationship's properties by GraphQL name."""
    return {camel(prop.name): prop for prop in hop.rel.properties}
