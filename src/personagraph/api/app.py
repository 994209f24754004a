"""The starlette application: ``/graphql``, ``/healthz`` (process up), ``/readyz`` (database),
``/metrics``, and the graph explorer's page at ``/``.

``create_app`` opens one :class:`Store` for the life of the app and closes it on
shutdown; every request shares its connection pool. Given ``locate``, the store
follows the database to a new address after a restart (``store/address.py``).
"""

from __future__ import annotations

import asyncio
import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import asdict
from functools import partial

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Mount, Route, WebSocketRoute

from personagraph import __version__
from personagraph.analytics.scoring_jobs import ScoringJobs
from personagraph.api.api_keys import KeyRing
from personagraph.api.graphql.build import SchemaLimits, build_schema
from personagraph.api.graphql.runtime.context import DocumentTools, Limits, Role
from personagraph.api.graphql.runtime.document_cache import documents
from personagraph.api.graphql.runtime.endpoint import GraphQLEndpoint
from personagraph.api.graphql.runtime.label_sizes import LabelSizeBoard
from personagraph.api.health import check_readiness
from personagraph.api.load_shedding import OperationSlots
from personagraph.api.metrics import ServiceMetrics, metrics_endpoint
from personagraph.api.rate_limits import RateLimits, SharedBuckets, handed_buckets
from personagraph.api.request_log import RequestLog
from personagraph.api.upload_limit import UploadLimit
from personagraph.api.web import ExplorerFiles
from personagraph.documents.ingestion import IngestionConfig
from personagraph.documents.retrieval import RetrievalConfig
from personagraph.embedding import default_embedder
from personagraph.events.delivery import WebhookSettings
from personagraph.events.dispatcher import WebhookDispatcher
from personagraph.events.hub import EventHub
from personagraph.events.pruning import prune_events
from personagraph.export.jobs import ExportJobs
from personagraph.routing.persona_choice import chooser_for
from personagraph.routing.recorder import DecisionRecorder
from personagraph.routing.router import Router, examples_for, recorder_for
from personagraph.serving.cache import ServingCache
from personagraph.settings import Settings, get_settings
from personagraph.store import Store
from personagraph.store.address import Locate
from personagraph.store.async_reads import AsyncReads
from personagraph.store.connection import ConnectionSpec


def create_app(
    spec: ConnectionSpec,
    settings: Settings | None = None,
    *,
    graphiql: bool | None = None,
    buckets: SharedBuckets | None = None,
    locate: Locate | None = None,
) -> Starlette:
    """The personagraph service for the database at ``spec``.

    Args:
        spec: how to reach Neo4j.
        settings: limits and access rules (default: from the environment).
        graphiql: serve the GraphiQL IDE at ``GET /graphql`` (default: the setting).
        buckets: the rate limits' buckets (default: those the supervisor of ``serve
            --workers`` handed this process, else new ones of this app's own).
        locate: where Neo4j is after a restart (None: always at ``spec``).
    """
    settings = settings or get_settings()
    metrics = ServiceMetrics(settings.metrics_operation_names)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        store = await run_in_threadpool(partial(Store.open, spec, locate=locate))
        try:
            reads = await AsyncReads.open(store, probe_timeout=settings.readiness_timeout)
        except BaseException:
            await run_in_threadpool(store.close)
            raise
        app.state.store = store
        app.state.reads = reads
        app.state.export_jobs = ExportJobs(store)
        app.state.scoring_jobs = ScoringJobs(store)
        recorder = _recorder(store, settings)
        app.state.router = Router(
            store,
            recorder,
            settings.routing_max_request_chars,
            metrics.observe_decision,
            chooser_for(store, settings, default_embedder),
            examples_for(settings, default_embedder),
        )
        metrics.recorder = recorder
        app.state.serving_cache = _serving_cache(settings, reads, store)
        app.state.label_sizes = LabelSizeBoard(reads)
        metrics.store = store
        metrics.serving_cache = app.state.serving_cache
        app.state.events = EventHub(
            reads,
            store.registry,
            settings.events_poll_interval,
            settings.events_subscriber_queue,
            metrics.observe_events,
        )
        metrics.events = app.state.events
        app.state.webhooks = WebhookSettings.of(settings)
        dispatcher = WebhookDispatcher(
            store,
            app.state.events,
            app.state.webhooks,
            settings.events_poll_interval,
            metrics.observe_webhook_attempts,
        )
        background = [
            asyncio.create_task(prune_events(store, settings)),
            asyncio.create_task(dispatcher.run()),
        ]
        # What exists now (schema, modules, driver) lives as long as the app. Frozen, the
        # cyclic collector stops walking it at every full collection, which had put long
        # pauses into the slowest 1% of requests (docs/benchmarks.md, change 7).
        gc.freeze()
        try:
            yield
        finally:
            for task in background:
                task.cancel()
            await app.state.events.close()
            if recorder is not None:
                # What was decided is written before the connection closes.
                await run_in_threadpool(recorder.close)
            await reads.close()
            await run_in_threadpool(store.close)

    schema = build_schema(SchemaLimits.of(settings))
    slots = OperationSlots(settings.max_in_flight, settings.queue_timeout)
    metrics.documents = documents(settings.parse_cache_bytes)
    metrics.slots = slots
    graphql = GraphQLEndpoint(
        schema,
        graphiql=settings.graphiql if graphiql is None else graphiql,
        limits=Limits(settings.max_page_size, settings.query_timeout, settings.max_response_items),
        anonymous_reads=settings.anonymous_reads,
        keys=KeyRing(),
        max_request_bytes=settings.max_request_bytes,
        slots=slots,
        rate_limits=_rate_limits(settings, buckets or handed_buckets() or SharedBuckets()),
        retry_after=settings.unavailable_retry_after,
        documents=DocumentTools(
            ingestion=IngestionConfig.from_settings(settings),
            retrieval=RetrievalConfig.from_settings(settings),
        ),
        allowed_origins=settings.allowed_origins,
        max_subscriptions_per_connection=settings.max_subscriptions_per_connection,
    )
    routes = [
        Route("/healthz", healthz),
        Route("/readyz", readyz),
        # Every method: the endpoint answers the ones it does not take with a JSON 405.
        Route("/graphql", graphql),
        WebSocketRoute("/graphql", graphql),
        Route("/metrics", metrics_endpoint),
        # Last: the explorer's files answer every path the routes above do not.
        Mount("/", app=ExplorerFiles(), name="explorer"),
    ]
    middleware = [
        Middleware(RequestLog),
        Middleware(UploadLimit, max_document_bytes=settings.document_max_bytes),
    ]
    app = Starlette(routes=routes, lifespan=lifespan, middleware=middleware)
    app.state.metrics = metrics
    app.state.retry_after = settings.unavailable_retry_after
    return app


def _serving_cache(settings: Settings, reads: AsyncReads, store: Store) -> ServingCache | None:
    if not settings.serving_cache:
        return None
    return ServingCache(
        reads, store.registry, settings.serving_cache_check_interval, settings.serving_cache_entries
    )


def _rate_limits(settings: Settings, buckets: SharedBuckets) -> RateLimits:
    budgets = {
        None: settings.rate_limit_anonymous,
        Role.READER: settings.rate_limit_reader,
        Role.EDITOR: settings.rate_limit_editor,
        Role.ADMIN: settings.rate_limit_admin,
    }
    return RateLimits(buckets, budgets, settings.rate_limit_window)


def _recorder(store: Store, settings: Settings) -> DecisionRecorder | None:
    """The audit log's background writer, started (None when the audit is off)."""
    if not settings.routing_audit:
        return None
    recorder = recorder_for(
        store,
        settings.routing_audit_batch,
        settings.routing_audit_interval,
        settings.routing_audit_capacity,
    )
    recorder.start()
    return recorder


async def healthz(request: Request) -> JSONResponse:
    """The process is up (says nothing about the database)."""
    return JSONResponse({"status": "ok", "version": __version__})


async def readyz(request: Request) -> JSONResponse:
    """Ready when Neo4j answers with GDS and no migration is pending; 503 (with
    ``Retry-After``) otherwise, within ``PERSONAGRAPH_READINESS_TIMEOUT`` seconds."""
    readiness = await check_readiness(request.app.state.reads)
    body = {"status": "ready" if readiness.ready else "not ready", **asdict(readiness)}
    if readiness.ready:
        return JSONResponse(body)
    retry_after = {"Retry-After": str(request.app.state.retry_after)}
    return JSONResponse(body, status_code=503, headers=retry_after)
