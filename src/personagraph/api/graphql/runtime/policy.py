"""What each root field needs before it runs, declared where its resolver is.

Every ``Query`` and ``Mutation`` field carries a :class:`FieldPolicy` in its strawberry
``metadata``: the role a caller needs, and how to count the most the field can return
(its worst case, :mod:`..compile.worst_case`). :mod:`.admission` reads them before
anything runs, so that a caller without the role is refused before any input is
checked, and a request whose worst case is too large is refused before it reaches
the database.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import strawberry
from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLField,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
)
from strawberry.types.field import StrawberryField

from personagraph.api.graphql.compile.selection import Request
from personagraph.api.graphql.compile.worst_case import WorstCase
from personagraph.api.graphql.runtime.context import Role
from personagraph.api.graphql.runtime.internals import strawberry_field

__all__ = [
    "FieldPolicy",
    "FieldSpec",
    "by_limit",
    "policy",
    "policy_of",
    "root_field_names",
    "root_fields",
]

_KEY = "personagraph.policy"

Items = Callable[[Request], WorstCase]


@dataclass(frozen=True)
class FieldPolicy:
    """A root field's needs: ``role`` (None: anyone) and its worst case (None: one item).

    ``counts_arguments`` False says that ``items`` never reads the field's own
    arguments (``persona(id:)`` costs the same for every id), so a variable given only
    to them need not be part of the key its worst case is remembered by
    (:mod:`.worst_case_memo`).
    """

    role: Role | None
    items: Items | None = None
    counts_arguments: bool = True


def policy(
    role: Role | None, items: Items | None = None, *, counts_arguments: bool = True
) -> dict[str, FieldPolicy]:
    """Field ``metadata`` declaring its policy (``strawberry.field(metadata=...)``)."""
    return {_KEY: FieldPolicy(role, items, counts_arguments)}


def policy_of(field: GraphQLField) -> FieldPolicy | None:
    """The policy declared on ``field``, if any."""
    definition = strawberry_field(field)
    found = definition.metadata.get(_KEY) if definition is not None else None
    return found if isinstance(found, FieldPolicy) else None


# A hand-written root field: name, type, resolver, description, worst case (None: 1).
FieldSpec = tuple[str, Any, Callable[..., Any], str, Items | None]


def root_fields(
    specs: list[FieldSpec], role: Role | None
) -> list[tuple[str, Any, StrawberryField]]:
    """Fields for ``Query`` or ``Mutation`` from ``specs``, each declaring ``role``."""
    return [
        (
            name,
            annotation,
            strawberry.field(
                resolver=resolver,
                name=name,
                description=description,
                metadata=policy(role, items),
            ),
        )
        for name, annotation, resolver, description, items in specs
    ]


def by_limit(per_item: int = 1) -> Items:
    """The worst case of a field with its own statement and a ``limit`` argument:
    ``limit`` items (its default when not given; ``per_item`` items each)."""

    def items(request: Request) -> WorstCase:
        limit = request.arguments().get("limit")
        size = request.max_page_size if limit is None else max(limit, 0)
        return WorstCase(size * per_item, ((request.field_nodes[0].name.value, size),))

    return items


def root_field_names(document: DocumentNode, operation: OperationDefinitionNode) -> set[str]:
    """The names of every root field ``operation`` may run, through its fragments.

    Read before validation and before variables are known, so ``@skip``/``@include``
    are not applied and fragments that do not exist are passed over (validation
    reports them).
    """
    fragments = {
        definition.name.value: definition
        for definition in document.definitions
        if isinstance(definition, FragmentDefinitionNode)
    }
    names: set[str] = set()
    _names(operation.selection_set, fragments, names, set())
    return names


def _names(
    selection_set: SelectionSetNode,
    fragments: Mapping[str, FragmentDefinitionNode],
    names: set[str],
    seen: set[str],
) -> None:
    for selection in selection_set.selections:
        if isinstance(selection, FieldNode):
            names.add(selection.name.value)
        elif isinstance(selection, InlineFragmentNode):
            _names(selection.selection_set, fragments, names, seen)
        elif isinstance(selection, FragmentSpreadNode):
            name = selection.name.value
            if name not in seen and name in fragments:
                seen.add(name)
                _names(fragments[name].selection_set, fragments, names, seen)
