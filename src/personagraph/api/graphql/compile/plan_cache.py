"""Plans of root fields' selections, remembered per field and the variables inside it.

A by-key read plans its selection up to three times: to count its worst case before
it runs (:mod:`.worst_case`), to see whether the serving cache can answer it, and to
compile its statement. A plan (:func:`.selection.plan_nodes`) reads only what is
*inside* the root field — its fields, fragments, and the variables their arguments
and ``@skip``/``@include`` use — and the page size; never the root field's own
arguments. ``persona(id: $id)`` asked for another id is the same plan, so it is
planned once per document field, not once per key (the statement cache, keyed by
every variable, would plan it again for each id).

The document cache keeps a repeated document's nodes the same objects, so their
identity keys a plan (held weakly, :mod:`.node_cache`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    ListValueNode,
    ObjectValueNode,
    SelectionNode,
    ValueNode,
    VariableNode,
)

from personagraph.api.graphql.compile.node_cache import NodeCache
from personagraph.api.graphql.compile.plan import NodePlan
from personagraph.api.graphql.compile.selection import Request, plan_nodes
from personagraph.api.graphql.compile.statement_cache import variables_text
from personagraph.model.ontology import NodeType

__all__ = ["PLANS", "PlanCache", "inner_variables", "value_variables"]


class PlanCache:
    """The last ``size`` plans made, least recently used dropped first."""

    def __init__(self, size: int = 512) -> None:
        self.size = size
        self._plans: NodeCache[NodePlan] = NodeCache(size)
        self._inner: NodeCache[frozenset[str]] = NodeCache(size)

    def plan(self, request: Request, node: NodeType) -> NodePlan:
        """What the root field of ``request`` selects on each ``node`` (as ``plan_nodes``)."""
        nodes = request.field_nodes
        used = self._inner.get(nodes, None)
        if used is None:
            used = inner_variables(nodes, request.fragments)
            self._inner.put(nodes, None, used)
        coerced: Mapping[str, object] = getattr(request.variables, "coerced", request.variables)
        values = {name: coerced[name] for name in used if name in coerced}
        text = variables_text(values) if values else "{}"
        if text is None:
            return plan_nodes(request, node)  # variables without a stable text form
        key = (node.label, request.max_page_size, text)
        found = self._plans.get(nodes, key)
        if found is None:
            found = plan_nodes(request, node)
            self._plans.put(nodes, key, found)
        return found

    def __len__(self) -> int:
        return len(self._plans)


# Plans of the root read fields and their worst cases, shared by every schema and request.
PLANS = PlanCache()


def inner_variables(
    fields: Iterable[FieldNode], fragments: Mapping[str, FragmentDefinitionNode]
) -> frozenset[str]:
    """The variables used inside the selections of ``fields`` (through their fragments),
    not in the fields' own arguments or directives."""
    names: set[str] = set()
    seen: set[str] = set()
    pending: list[SelectionNode] = []
    for field in fields:
        if field.selection_set is not None:
            pending.extend(field.selection_set.selections)
    while pending:
        selection = pending.pop()
        for directive in selection.directives or ():
            value_variables((argument.value for argument in directive.arguments or ()), names)
        if isinstance(selection, FieldNode):
            value_variables((argument.value for argument in selection.arguments or ()), names)
            if selection.selection_set is not None:
                pending.extend(selection.selection_set.selections)
        elif isinstance(selection, InlineFragmentNode):
            pending.extend(selection.selection_set.selections)
        elif isinstance(selection, FragmentSpreadNode):
            name = selection.name.value
            if name not in seen and name in fragments:
                seen.add(name)
                pending.extend(fragments[name].selection_set.selections)
    return frozenset(names)


def value_variables(values: Iterable[ValueNode], names: set[str]) -> None:
    """Add the names of the variables in ``values`` (through lists and objects) to ``names``."""
    pending = list(values)
    while pending:
        value = pending.pop()
        if isinstance(value, VariableNode):
            names.add(value.name.value)
        elif isinstance(value, ListValueNode):
            pending.extend(value.values)
        elif isinstance(value, ObjectValueNode):
            pending.extend(field.value for field in value.fields)
