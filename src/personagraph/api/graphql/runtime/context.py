"""What every resolver of one request can reach: the store, the limits, the caller."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Protocol

from personagraph.api.graphql.compile.label_sizes import LabelSizes
from personagraph.documents.ingestion import IngestionConfig
from personagraph.documents.progress import DatasetProgressBoard
from personagraph.documents.retrieval import RetrievalConfig
from personagraph.embedding import Embedder, default_embedder
from personagraph.store import Store
from personagraph.store.async_reads import AsyncReads
from personagraph.store.connection import ConnectionSpec


class Role(StrEnum):
    """What an API key may do; each role includes the ones before it."""

    READER = "reader"
    EDITOR = "editor"
    ADMIN = "admin"

    def allows(self, needed: Role) -> bool:
        order = list(Role)
        return order.index(self) >= order.index(needed)


@dataclass(frozen=True)
class Limits:
    """Bounds on what one request may ask for (defaults: the settings)."""

    max_page_size: int
    query_timeout: float
    max_response_items: int


class Budget(Protocol):
    """The caller's rate limit (:mod:`personagraph.api.rate_limits`)."""

    def take(self, cost: int) -> None:
        """Spend ``cost``, or raise :class:`.errors.RateLimited` saying when it fits."""


@dataclass(frozen=True)
class Caller:
    """Who sent the request: the API key's name and role, or anonymous (role None).

    ``problem`` says why a key that was sent is refused (unknown, revoked, malformed),
    or, with ``unavailable``, why it could not be checked (the database is unreachable);
    ``key_id`` is the id of the key (its rate limit is kept by it).
    """

    name: str
    role: Role | None
    problem: str | None = None
    key_id: str | None = None
    unavailable: bool = False


ANONYMOUS = Caller("anonymous", None)


@dataclass(frozen=True)
class DocumentTools:
    """What document and matching fields need: limits, and the embedder (loaded on first use)."""

    ingestion: IngestionConfig = field(default_factory=IngestionConfig)
    retrieval: RetrievalConfig = field(default_factory=RetrievalConfig)
    load_embedder: Callable[[], Embedder] = default_embedder
    # How far each upload processed in this process got (datasetProgress).
    progress: DatasetProgressBoard = field(default_factory=DatasetProgressBoard)


@dataclass
class RequestContext:
    """The strawberry context of one GraphQL request."""

    store: Store
    limits: Limits
    caller: Caller
    request_id: str
    reads: AsyncReads  # the app's compiled reads, on the event loop
    anonymous_reads: bool = False
    metrics: Any = None  # api.metrics.ServiceMetrics (kept loose: graphql/ does not import it)
    spec: ConnectionSpec | None = None  # for clients that open their own connection (GDS)
    export_jobs: Any = None  # export.jobs.ExportJobs of the app
    scoring_jobs: Any = None  # analytics.scoring_jobs.ScoringJobs of the app
    budget: Budget | None = None  # None: no rate limit
    router: Any = None  # routing.router.Router of the app
    documents: DocumentTools = field(default_factory=DocumentTools)
    serving_cache: Any = None  # serving.cache.ServingCache of the app; None: reads go to Neo4j
    events: Any = None  # events.hub.EventHub of the app (subscriptions, the events query)
    webhooks: Any = None  # events.webhooks.WebhookSettings of the app
    # The labels' size classes as last counted (runtime/label_sizes.py); empty: unknown.
    label_sizes: LabelSizes = field(default_factory=LabelSizes)
    # A WebSocket connection's connection_init payload (strawberry sets it).
    connection_params: dict[str, Any] | None = None
