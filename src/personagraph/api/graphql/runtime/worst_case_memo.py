"""The key under which a request's worst case is remembered (:mod:`.admission`).

A worst case is counted from the document, the page size and the variables, so the
same operation with the same variables has the same one and is counted once. Not
every variable can change it, though: ``query ($id: String!) { persona(id: $id) {
name } }`` costs one item whatever the id. A client reading persona after persona by
id would otherwise never find its worst case remembered and pay for a fresh count on
every request.

A variable is left out of the key (*free*) when all of these hold:

- it is declared ``String`` or ``String!``, so whether its value is acceptable
  depends on its type alone (a string, or null where the type allows it): the key
  keeps that type, so a request whose variables fail to coerce — which is not
  charged, its errors are reported by execution — never shares a key with one whose
  variables coerce;
- it is used nowhere but as the whole value of an argument of a root field whose
  policy says its worst case does not read its arguments
  (``FieldPolicy.counts_arguments``, :mod:`.policy`).

Every other variable is in the key with its value, as before.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from graphql import (
    ArgumentNode,
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLObjectType,
    InlineFragmentNode,
    NamedTypeNode,
    NonNullTypeNode,
    OperationDefinitionNode,
    SelectionNode,
    TypeNode,
    VariableNode,
)

from personagraph.api.graphql.compile.plan_cache import inner_variables, value_variables
from personagraph.api.graphql.runtime.context import Limits
from personagraph.api.graphql.runtime.document_cache import MemoKey
from personagraph.api.graphql.runtime.policy import policy_of

__all__ = ["free_variables", "memo_key"]


def memo_key(
    operation: OperationDefinitionNode,
    variables: Mapping[str, Any] | None,
    limits: Limits,
    free: frozenset[str] = frozenset(),
) -> MemoKey | None:
    """The key of the worst case of ``operation`` with ``variables`` (None: they cannot
    be written as JSON); ``free`` variables count by their type only."""
    shown = {
        name: f"<{type(value).__name__}>" if name in free else value
        for name, value in (variables or {}).items()
    }
    try:
        text = json.dumps(shown, sort_keys=True)
    except (TypeError, ValueError):
        return None
    return (operation.name.value if operation.name else ""), text, limits.max_page_size


def free_variables(
    document: DocumentNode, operation: OperationDefinitionNode, root: GraphQLObjectType
) -> frozenset[str]:
    """The variables of ``operation`` its worst case cannot depend on (see the module doc)."""
    fragments = {
        definition.name.value: definition
        for definition in document.definitions
        if isinstance(definition, FragmentDefinitionNode)
    }
    strings = {
        definition.variable.name.value
        for definition in operation.variable_definitions or ()
        if _is_string(definition.type)
    }
    counted: set[str] = set()
    for field in _root_fields(operation.selection_set.selections, fragments, counted):
        found = root.fields.get(field.name.value)
        policy = policy_of(found) if found is not None else None
        free_arguments = policy is not None and not policy.counts_arguments
        for argument in field.arguments or ():
            if not (free_arguments and isinstance(argument.value, VariableNode)):
                value_variables([argument.value], counted)
        _directive_variables(field, counted)
        counted |= inner_variables([field], fragments)
    return frozenset(strings - counted)


def _is_string(type_node: TypeNode) -> bool:
    if isinstance(type_node, NonNullTypeNode):
        type_node = type_node.type
    return isinstance(type_node, NamedTypeNode) and type_node.name.value == "String"


def _root_fields(
    selections: Iterable[SelectionNode],
    fragments: Mapping[str, FragmentDefinitionNode],
    counted: set[str],
) -> list[FieldNode]:
    """The root fields among ``selections``, through fragments; the variables of the
    directives on those fragments go to ``counted``."""
    fields: list[FieldNode] = []
    seen: set[str] = set()
    pending = list(selections)
    while pending:
        selection = pending.pop()
        if isinstance(selection, FieldNode):
            fields.append(selection)
            continue
        _directive_variables(selection, counted)
        if isinstance(selection, InlineFragmentNode):
            pending.extend(selection.selection_set.selections)
        elif isinstance(selection, FragmentSpreadNode):
            name = selection.name.value
            if name not in seen and name in fragments:
                seen.add(name)
                _directive_variables(fragments[name], counted)
                pending.extend(fragments[name].selection_set.selections)
    return fields


def _directive_variables(node: SelectionNode | FragmentDefinitionNode, counted: set[str]) -> None:
    for directive in node.directives or ():
        arguments: Iterable[ArgumentNode] = directive.arguments or ()
        value_variables((argument.value for argument in arguments), counted)
