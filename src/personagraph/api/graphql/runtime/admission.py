"""What a request must pass before it runs: the caller's role, then its size and cost.

1. **Role before input.** Once the document is parsed, and before it is validated
   or any variable is coerced, every root field the operation names is checked
   against the caller's role (each field declares its role, :mod:`.policy`). A
   caller without a key sending a malformed mutation learns that it needs a key,
   not what is wrong with its input.
2. **Worst case within bounds.** Before execution, each root field is planned as
   its resolver will plan it and its worst case counted
   (:mod:`..compile.worst_case`); over ``max_response_items`` the request is
   refused with the numbers and how to ask for less.
3. **Cost charged.** The same worst case (at least 1) is taken from the caller's
   rate limit; when it does not fit, the request is refused with ``RATE_LIMITED``
   and the seconds until it would (HTTP 429 with ``Retry-After``, :mod:`.endpoint`).
"""

from __future__ import annotations

from collections.abc import Iterator

from graphql import (
    DocumentNode,
    ExecutionResult,
    GraphQLError,
    GraphQLObjectType,
    OperationDefinitionNode,
    OperationType,
    get_operation_ast,
    get_variable_values,
)
from graphql import FragmentDefinitionNode as Fragment
from strawberry.extensions import SchemaExtension

from personagraph.api.graphql.compile.selection import root_requests
from personagraph.api.graphql.compile.worst_case import WorstCase
from personagraph.api.graphql.runtime.access import check_role
from personagraph.api.graphql.runtime.context import RequestContext
from personagraph.api.graphql.runtime.document_cache import Documents
from personagraph.api.graphql.runtime.errors import ApiError, BadInput
from personagraph.api.graphql.runtime.internals import core_schema
from personagraph.api.graphql.runtime.policy import policy_of, root_field_names
from personagraph.api.graphql.runtime.worst_case_memo import free_variables, memo_key
from personagraph.errors import ValidationFailed

__all__ = ["Admission"]


class Admission(SchemaExtension):
    """Checks role, worst case and rate limit of each operation (see the module doc).

    Worst cases are remembered with their document in ``cache`` (per operation,
    variables and page size; :mod:`.worst_case_memo`), so they live as long as it does
    and count in its bound.
    """

    def __init__(self, cache: Documents) -> None:
        self.cache = cache

    def on_validate(self) -> Iterator[None]:
        refused = self._role_refusal()
        if refused is not None:
            # Set before validation runs, which then does not (strawberry and the
            # document cache both leave a request with errors unvalidated).
            self.execution_context.pre_execution_errors = [
                GraphQLError(str(refused), original_error=refused)
            ]
        yield

    def on_execute(self) -> Iterator[None]:
        refused = self._cost_refusal()
        if refused is not None:
            # A result set here is returned instead of executing the operation.
            error = GraphQLError(str(refused), original_error=refused)
            self.execution_context.result = ExecutionResult(data=None, errors=[error])
        yield

    def _operation(self) -> OperationDefinitionNode | None:
        document = self.execution_context.graphql_document
        if document is None:
            return None
        return get_operation_ast(document, self.execution_context.operation_name)

    def _root_type(self, operation: OperationDefinitionNode) -> GraphQLObjectType | None:
        schema = core_schema(self.execution_context.schema)
        if operation.operation is OperationType.MUTATION:
            return schema.mutation_type
        return schema.query_type if operation.operation is OperationType.QUERY else None

    def _role_refusal(self) -> ApiError | None:
        context = self.execution_context.context
        operation = self._operation()
        document = self.execution_context.graphql_document
        if not isinstance(context, RequestContext) or operation is None or document is None:
            return None
        root = self._root_type(operation)
        if operation.operation is OperationType.SUBSCRIPTION:
            root = core_schema(self.execution_context.schema).subscription_type
        if root is None:
            return None
        for name in sorted(root_field_names(document, operation)):
            field = root.fields.get(name)
            found = policy_of(field) if field is not None else None
            if found is None or found.role is None:
                continue
            try:
                check_role(
                    context.caller, found.role, name, anonymous_reads=context.anonymous_reads
                )
            except ApiError as refused:
                return refused
        return None

    def _cost_refusal(self) -> ApiError | None:
        context = self.execution_context.context
        operation = self._operation()
        if not isinstance(context, RequestContext) or operation is None:
            return None
        worst = self._worst_case(context, operation)
        if worst is None:
            return None  # the variables are wrong: execution reports how
        maximum = context.limits.max_response_items
        if worst.items > maximum:
            return BadInput(
                f"this request may return up to {worst.items:,} items, more than the "
                f"limit of {maximum:,} (most from {worst.describe()}); ask for smaller "
                "pages (`limit`, `first`) or fewer nested levels"
            )
        if context.budget is not None:
            try:
                context.budget.take(max(worst.items, 1))
            except ApiError as refused:
                return refused
        return None

    def _worst_case(
        self, context: RequestContext, operation: OperationDefinitionNode
    ) -> WorstCase | None:
        document = self.execution_context.graphql_document
        root = self._root_type(operation)
        if document is None or root is None:
            return WorstCase(1)
        # Planning costs 0.1-0.2 ms; the same request comes again and again, often with
        # only a key changed (persona after persona by id): such variables are left out.
        text = self.execution_context.query or ""
        name = operation.name.value if operation.name else ""
        free = self.cache.free_variables(
            text, name, lambda: free_variables(document, operation, root)
        )
        variables = self.execution_context.variables
        key = memo_key(operation, variables, context.limits, free or frozenset())
        found = self.cache.worst_case(text, key) if key is not None else None
        if found is not None:
            return found
        worst = self._count(context, document, operation, root)
        if key is not None and worst is not None:
            self.cache.remember_worst_case(text, key, worst)
        return worst

    def _count(
        self,
        context: RequestContext,
        document: DocumentNode,
        operation: OperationDefinitionNode,
        root: GraphQLObjectType,
    ) -> WorstCase | None:
        schema = core_schema(self.execution_context.schema)
        variables = get_variable_values(
            schema, operation.variable_definitions or (), self.execution_context.variables or {}
        )
        if isinstance(variables, list):
            return None
        fragments = {
            definition.name.value: definition
            for definition in document.definitions
            if isinstance(definition, Fragment)
        }
        total = WorstCase(0)
        for request in root_requests(
            schema, fragments, variables, operation, root.name, context.limits.max_page_size
        ):
            key = request.field_nodes[0]
            field = root.fields.get(key.name.value)
            found = policy_of(field) if field is not None else None
            if found is None or found.items is None:
                total += WorstCase(1, (((key.alias or key.name).value, 1),))
                continue
            try:
                total += found.items(request)
            except ValidationFailed:
                continue  # the resolver refuses the same arguments, at the field's path
        return total
