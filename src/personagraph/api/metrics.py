"""Prometheus metrics of the service, served at ``/metrics``.

Per GraphQL operation name: requests and a latency histogram; errors by code; the
Cypher statements sent to Neo4j; the document cache's size; operations in flight and
shed; routing decisions by layer, rule, archetype and policy action, their latency, and
the audit log's progress. Each app has its own registry (tests build several).

Every label comes from a bounded set. Each operation name costs 17 series (a counter
and a histogram of 11 buckets), and clients choose the names: 200 names once made
3,430 lines. The first ``max_operation_names`` names of operations that parsed get
series of their own; any other name, and any request whose document did not parse,
is counted under ``operation="(other)"``, as are names over 100 characters (unnamed
operations under ``anonymous``).
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
from starlette.requests import Request
from starlette.responses import Response
from strawberry.extensions import SchemaExtension

from personagraph.api.graphql.runtime.document_cache import Documents
from personagraph.api.load_shedding import OperationSlots
from personagraph.model.archetype import Archetype
from personagraph.routing.decision import Decision
from personagraph.serving.cache import ServingCache
from personagraph.store import Store

_ARCHETYPES = frozenset(archetype.value for archetype in Archetype)

_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
OTHER = "(other)"
_LONGEST_NAME = 100  # longer operation names are counted under OTHER
# A routing decision takes a fraction of a millisecond (docs/benchmarks.md, "Routing").
_DECISION_BUCKETS = (0.0001, 0.00025, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05)
# Rule ids come from the catalog, not from requests; still, a process that lives through
# many rule versions keeps at most this many, then counts the rest as "other".
MAX_RULE_LABELS = 64


class ServiceMetrics:
    """The metrics one app records."""

    def __init__(self, max_operation_names: int) -> None:
        self.max_operation_names = max_operation_names
        self._names: set[str] = set()
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
        self.routing_decisions = Counter(
            "personagraph_routing_decisions",
            "Routing decisions, by service layer, deciding rule (or policy), archetype and "
            "policy action.",
            ["layer", "rule", "archetype", "action"],
            registry=self.registry,
        )
        self.routing_latency = Histogram(
            "personagraph_routing_decision_seconds",
            "Time to decide a route (analysis, policies, rules), without reading the persona.",
            buckets=_DECISION_BUCKETS,
            registry=self.registry,
        )
        self._rule_labels: set[str] = set()
        self.store: Store | None = None
        self.documents: Documents | None = None
        self.slots: OperationSlots | None = None
        self.recorder: Any = None  # routing.recorder.DecisionRecorder of the app, if any
        self.serving_cache: ServingCache | None = None
        self.registry.register(_StateCollector(self))
        self.registry.register(_AuditCollector(self))

    def observe_decision(self, decision: Decision, seconds: float) -> None:
        """Count a routing decision and time it (every label comes from a closed set)."""
        rule = decision.rule.id
        if rule not in self._rule_labels:
            if len(self._rule_labels) >= MAX_RULE_LABELS:
                rule = "other"
            else:
                self._rule_labels.add(rule)
        archetype = decision.persona.archetype
        self.routing_decisions.labels(
            decision.service_layer.value,
            rule,
            archetype if archetype in _ARCHETYPES else "none",
            decision.analysis.policy.action.value,
        ).inc()
        self.routing_latency.observe(seconds)

    def exposition(self) -> bytes:
        return generate_latest(self.registry)

    def operation_label(self, name: str | None, *, parsed: bool) -> str:
        """The label ``name`` is counted under (see the module doc)."""
        if name is None:
            return "anonymous" if parsed else OTHER
        if name in self._names:
            return name
        fits = len(name) <= _LONGEST_NAME and len(self._names) < self.max_operation_names
        if parsed and fits:
            self._names.add(name)
            return name
        return OTHER


class _StateCollector(Collector):
    """Values read when ``/metrics`` is asked: statements sent, caches, slots."""

    def __init__(self, metrics: ServiceMetrics) -> None:
        self.metrics = metrics

    def collect(self) -> Iterable[Metric]:
        sent = self.metrics.store.queries_sent if self.metrics.store else 0
        yield CounterMetricFamily(
            "personagraph_cypher_queries", "Cypher statements sent to Neo4j.", value=sent
        )
        documents = self.metrics.documents
        if documents is not None:
            yield GaugeMetricFamily(
                "personagraph_document_cache_bytes",
                "Estimated bytes held by parsed documents (PERSONAGRAPH_PARSE_CACHE_BYTES).",
                value=documents.bytes,
            )
            yield GaugeMetricFamily(
                "personagraph_document_cache_documents",
                "Parsed documents held.",
                value=len(documents),
            )
        slots = self.metrics.slots
        if slots is not None:
            yield GaugeMetricFamily(
                "personagraph_operations_in_flight",
                "GraphQL operations running in this worker.",
                value=slots.in_flight,
            )
            yield CounterMetricFamily(
                "personagraph_operations_shed",
                "Operations refused with OVERLOADED (no slot within the queue timeout).",
                value=slots.shed,
            )
        cache = self.metrics.serving_cache
        if cache is not None:
            yield from _serving_cache_metrics(cache)


def _serving_cache_metrics(cache: ServingCache) -> Iterator[Metric]:
    """The serving cache of this worker: hits, misses, refreshes, entries, age."""
    status = cache.status()
    yield CounterMetricFamily(
        "personagraph_serving_cache_hits", "Reads by key answered from the cache.", status.hits
    )
    yield CounterMetricFamily(
        "personagraph_serving_cache_misses",
        "Reads by key the cache had to fetch from Neo4j.",
        status.misses,
    )
    yield CounterMetricFamily(
        "personagraph_serving_cache_refreshes",
        "Times the cache emptied because the graph's change sequence moved.",
        status.refreshes,
    )
    yield GaugeMetricFamily(
        "personagraph_serving_cache_entries", "Personas and templates held.", status.entries
    )
    if status.age_seconds is not None:
        yield GaugeMetricFamily(
            "personagraph_serving_cache_age_seconds",
            "Seconds since the cache last emptied (it is current as of its last check).",
            status.age_seconds,
        )


class _AuditCollector(Collector):
    def __init__(self, metrics: ServiceMetrics) -> None:
        self.metrics = metrics

    def collect(self) -> Iterable[Metric]:
        recorder = self.metrics.recorder
        if recorder is None:
            return
        stats = recorder.stats()
        yield CounterMetricFamily(
            "personagraph_routing_audit_written",
            "Routing decisions written to the audit log.",
            value=stats.written,
        )
        yield CounterMetricFamily(
            "personagraph_routing_audit_dropped",
            "Routing decisions dropped: the audit queue was full while the database refused.",
            value=stats.dropped,
        )
        yield GaugeMetricFamily(
            "personagraph_routing_audit_pending",
            "Routing decisions waiting for the audit log's next batch.",
            value=stats.pending,
        )


class OperationMetrics(SchemaExtension):
    """Counts and times each operation (errors are counted as responses are sent)."""

    def on_operation(self) -> Iterator[None]:
        started = time.perf_counter()
        yield
        metrics: ServiceMetrics | None = getattr(self.execution_context.context, "metrics", None)
        if metrics is None:
            return
        context = self.execution_context
        operation = metrics.operation_label(
            context.operation_name, parsed=context.graphql_document is not None
        )
        metrics.requests.labels(operation).inc()
        metrics.latency.labels(operation).observe(time.perf_counter() - started)


async def metrics_endpoint(request: Request) -> Response:
    """``GET /metrics``: the Prometheus text format."""
    metrics: ServiceMetrics = request.app.state.metrics
    return Response(metrics.exposition(), media_type="text/plain; version=0.0.4")
