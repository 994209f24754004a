"""The GraphQL schema: generated ontology types, domain fields, mutations and limits."""

from __future__ import annotations

import types
from dataclasses import dataclass
from functools import cache
from typing import Any

import strawberry
from strawberry.extensions import (
    AddValidationRules,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    ParserCache,
    QueryDepthLimiter,
    ValidationCache,
)
from strawberry.schema.config import StrawberryConfig
from strawberry.types.field import StrawberryField

from personagraph.api.graphql.resolvers.analytics import analytics_mutations
from personagraph.api.graphql.resolvers.documents import document_mutations, document_queries
from personagraph.api.graphql.resolvers.domain import domain_fields
from personagraph.api.graphql.resolvers.explorer import explorer_fields
from personagraph.api.graphql.resolvers.export import export_mutations, export_queries
from personagraph.api.graphql.resolvers.matching import matching_field
from personagraph.api.graphql.resolvers.personas import mutation_fields
from personagraph.api.graphql.resolvers.reads import root_read_fields
from personagraph.api.graphql.resolvers.server import server_field
from personagraph.api.graphql.runtime.direct_reads import read_directly
from personagraph.api.graphql.runtime.execution import ShapingExecutor
from personagraph.api.graphql.schema.ontology_types import READERS, build_ontology_types
from personagraph.api.graphql.schema.scalars import SCALARS
from personagraph.api.metrics import OperationMetrics


@dataclass(frozen=True)
class SchemaLimits:
    """Document-level limits, checked before anything runs."""

    max_depth: int = 12
    max_aliases: int = 50
    max_tokens: int = 4000


@cache
def build_schema(limits: SchemaLimits = SchemaLimits()) -> strawberry.Schema:
    """The whole schema, with ``limits`` enforced at validation (built once per limits)."""
    ontology = build_ontology_types()
    query = _object(
        "Query",
        [
            server_field(),
            *domain_fields(),
            *explorer_fields(),
            *export_queries(),
            *document_queries(),
            matching_field(),
            *root_read_fields(ontology),
        ],
    )
    mutation = _object(
        "Mutation",
        [
            *mutation_fields(ontology.objects["Persona"]),
            *analytics_mutations(ontology.objects["ScoringRun"], ontology.objects["AnalysisRun"]),
            *export_mutations(),
            *document_mutations(),
        ],
    )
    # The limit rules are made once: validation results are cached per document *and*
    # rule classes, and each limiter instance would make classes of its own.
    rules = [
        *QueryDepthLimiter(max_depth=limits.max_depth).validation_rules,
        *MaxAliasesLimiter(max_alias_count=limits.max_aliases).validation_rules,
    ]
    schema = strawberry.Schema(
        query=query,
        mutation=mutation,
        config=StrawberryConfig(scalar_map=SCALARS),
        execution_context_class=ShapingExecutor,
        # Factories: a fresh extension per request (the caches are module-level in strawberry).
        extensions=[
            OperationMetrics,
            lambda: MaxTokensLimiter(max_token_count=limits.max_tokens),
            lambda: ParserCache(maxsize=256),
            lambda: AddValidationRules(rules),
            lambda: ValidationCache(maxsize=256),
        ],
    )
    read_directly(schema, READERS)
    return schema


def _object(name: str, fields: list[tuple[str, Any, StrawberryField]]) -> type:
    cls = types.new_class(name)
    cls.__annotations__ = {}
    for field_name, annotation, strawberry_field in fields:
        cls.__annotations__[field_name] = annotation
        setattr(cls, field_name, strawberry_field)
    return strawberry.type(cls)
