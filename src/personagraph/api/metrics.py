"""Prometheus metrics of the service, served at ``/metrics``.

Per GraphQL operation name: requests and a latency histogram; errors by code; and the
Cypher statements sent to Neo4j. Each app has its own registry (tests build several).
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import CounterMetricFamily, Metric
from prometheus_client.registry import Collector
from starlette.requests import Request
from starlette.responses import Response
from strawberry.extensions import SchemaExtension

from personagraph.store import Store

_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


class ServiceMetrics:
    """The metrics one app records."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "personagraph_graphql_requests",
            "GraphQL operations executed, by operation name.",
            ["operation"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "personagraph_graphql_request_seconds",
            "Time to answer a GraphQL operation, by operation name.",
            ["operation"],
            buckets=_BUCKETS,
            registry=self.registry,
        )
        self.errors = Counter(
            "personagraph_graphql_errors",
            "GraphQL errors returned, by code.",
            ["code"],
            registry=self.registry,
        )
        self.store: Store | None = None
        self.registry.register(_CypherCollector(self))

    def exposition(self) -> bytes:
        return generate_latest(self.registry)


class _CypherCollector(Collector):
    def __init__(self, metrics: ServiceMetrics) -> None:
        self.metrics = metrics

    def collect(self) -> Iterable[Metric]:
        sent = self.metrics.store.queries_sent if self.metrics.store else 0
        yield CounterMetricFamily(
            "personagraph_cypher_queries", "Cypher statements sent to Neo4j.", value=sent
        )


class OperationMetrics(SchemaExtension):
    """Counts and times each operation (errors are counted as responses are sent)."""

    def on_operation(self) -> Iterator[None]:
        started = time.perf_counter()
        yield
        metrics: ServiceMetrics | None = getattr(self.execution_context.context, "metrics", None)
        if metrics is None:
            return
        operation = self.execution_context.operation_name or "anonymous"
        metrics.requests.labels(operation).inc()
        metrics.latency.labels(operation).observe(time.perf_counter() - started)


async def metrics_endpoint(request: Request) -> Response:
    """``GET /metrics``: the Prometheus text format."""
    metrics: ServiceMetrics = request.app.state.metrics
    return Response(metrics.exposition(), media_type="text/plain; version=0.0.4")
