"""The GraphQL schema: generated ontology types, domain fields, mutations and limits."""

from __future__ import annotations

import types
from dataclasses import dataclass
from functools import cache
from typing import Any

import strawberry
from strawberry.extensions import MaxAliasesLimiter, QueryDepthLimiter
from strawberry.schema.config import StrawberryConfig
from strawberry.types.field import StrawberryField

from personagraph.api.graphql.resolvers.analytics import analytics_mutations
from personagraph.api.graphql.resolvers.assistants import assistant_mutations, assistant_queries
from personagraph.api.graphql.resolvers.dataset_progress import dataset_subscriptions
from personagraph.api.graphql.resolvers.definitions import (
    definitions_mutations,
    definitions_queries,
)
from personagraph.api.graphql.resolvers.documents import document_mutations, document_queries
from personagraph.api.graphql.resolvers.domain import domain_fields
from personagraph.api.graphql.resolvers.events import (
    event_queries,
    event_subscriptions,
    webhook_mutations,
    webhook_queries,
)
from personagraph.api.graphql.resolvers.explorer import explorer_fields
from personagraph.api.graphql.resolvers.export import export_mutations, export_queries
from personagraph.api.graphql.resolvers.matching import matching_field
from personagraph.api.graphql.resolvers.metrics import metrics_mutations, metrics_queries
from personagraph.api.graphql.resolvers.migrations import migration_fields
from personagraph.api.graphql.resolvers.personas import mutation_fields
from personagraph.api.graphql.resolvers.reads import root_read_fields
from personagraph.api.graphql.resolvers.routing import routing_fields
from personagraph.api.graphql.resolvers.scoring_jobs import (
    scoring_job_mutations,
    scoring_job_queries,
    scoring_job_subscriptions,
)
from personagraph.api.graphql.resolvers.server import server_field, viewer_field
from personagraph.api.graphql.resolvers.serving import serving_queries
from personagraph.api.graphql.runtime.admission import Admission
from personagraph.api.graphql.runtime.direct_reads import read_directly
from personagraph.api.graphql.runtime.document_cache import DocumentCache, documents
from personagraph.api.graphql.runtime.execution import ShapingExecutor
from personagraph.api.graphql.schema.ontology_types import READERS, build_ontology_types
from personagraph.api.graphql.schema.scalars import SCALARS
from personagraph.api.metrics import OperationMetrics
from personagraph.settings import Settings, get_settings


@dataclass(frozen=True)
class SchemaLimits:
    """Document-level limits, checked before anything runs, and the document cache's size
    (defaults: :class:`~personagraph.settings.Settings`)."""

    max_depth: int
    max_aliases: int
    max_tokens: int
    parse_cache_bytes: int

    @classmethod
    def of(cls, settings: Settings) -> SchemaLimits:
        return cls(
            settings.max_query_depth,
            settings.max_aliases,
            settings.max_tokens,
            settings.parse_cache_bytes,
        )


def build_schema(limits: SchemaLimits | None = None) -> strawberry.Schema:
    """The whole schema, with ``limits`` enforced at validation (default: the settings')."""
    return _build(limits or SchemaLimits.of(get_settings()))


@cache
def _build(limits: SchemaLimits) -> strawberry.Schema:
    """The schema of ``limits``, built once per limits."""
    ontology = build_ontology_types()
    query = _object(
        "Query",
        [
            server_field(),
            viewer_field(),
            *domain_fields(),
            *migration_fields(),
            *explorer_fields(),
            *export_queries(),
            *routing_fields(),
            *document_queries(),
            matching_field(),
            *assistant_queries(),
            *definitions_queries(),
            *metrics_queries(),
            *serving_queries(),
            *event_queries(),
            *scoring_job_queries(),
            *webhook_queries(),
            *root_read_fields(ontology),
        ],
    )
    mutation = _object(
        "Mutation",
        [
            *mutation_fields(ontology.objects["Persona"]),
            *analytics_mutations(ontology.objects["ScoringRun"], ontology.objects["AnalysisRun"]),
            *export_mutations(),
            *scoring_job_mutations(),
            *document_mutations(),
            *assistant_mutations(ontology.objects["Persona"]),
            *definitions_mutations(),
            *metrics_mutations(ontology.objects["PersonaConfiguration"]),
            *webhook_mutations(),
        ],
    )
    subscription = _object(
        "Subscription",
        [*event_subscriptions(), *scoring_job_subscriptions(), *dataset_subscriptions()],
    )
    # The limit rules are made once: validation results are cached per document *and*
    # rule classes, and each limiter instance would make classes of its own.
    rules = [
        *QueryDepthLimiter(max_depth=limits.max_depth).validation_rules,
        *MaxAliasesLimiter(max_alias_count=limits.max_aliases).validation_rules,
    ]
    cache = documents(limits.parse_cache_bytes)
    schema = strawberry.Schema(
        query=query,
        mutation=mutation,
        subscription=subscription,
        config=StrawberryConfig(scalar_map=SCALARS),
        execution_context_class=ShapingExecutor,
        # Factories: a fresh extension per request (the document cache is shared).
        # Admission checks roles before the document cache validates: keep it first.
        extensions=[
            OperationMetrics,
            lambda: Admission(cache),
            # Also applies the token limit and the limit rules (one hook for all three).
            lambda: DocumentCache(cache, limits.max_tokens, rules),
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
