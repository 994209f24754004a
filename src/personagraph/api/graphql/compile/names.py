"""How the ontology's snake_case names become GraphQL names, in one place."""

from __future__ import annotations

from personagraph.model.ontology import NodeType, Relationship


def camel(name: str) -> str:
    """``pain_points`` → ``painPoints``; ``JTBD`` and other capitalised names are kept."""
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def pascal(name: str) -> str:
    """``pain_points`` → ``PainPoints``; ``IS_A`` → ``IsA``."""
    return "".join(part[:1].upper() + part[1:].lower() for part in name.split("_"))


def singular_field(node: NodeType) -> str:
    """The root field that fetches one node by key: ``persona``, ``painPoint``, ``jtbd``."""
    label = node.label
    if label.isupper():
        return label.lower()
    return label[:1].lower() + label[1:]


def plural_field(node: NodeType) -> str:
    """The root list field: ``personas``, ``painPoints``."""
    return camel(node.plural)


def edge_props_name(rel: Relationship) -> str:
    """The prefix of a relationship type's property inputs: ``EXPERIENCES`` → ``Experiences``."""
    return pascal(rel.type)


def hop_name(label: str, field: str) -> str:
    """The prefix of the types generated for one relationship field: ``PersonaPainPoints``."""
    return label + field[:1].upper() + field[1:]
