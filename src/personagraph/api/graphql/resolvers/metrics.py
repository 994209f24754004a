"""Persona metrics and configurations over GraphQL: record entries (editor), read a
period's figures (reader), add a configuration version (editor)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pyarrow as pa
import strawberry
from starlette.concurrency import run_in_threadpool
from strawberry.scalars import JSON
from strawberry.types.field import StrawberryField

from personagraph.admin import configurations
from personagraph.admin.changes import Actor
from personagraph.api.graphql.compile.compiler import compile_by_key
from personagraph.api.graphql.compile.selection import plan_nodes
from personagraph.api.graphql.compile.worst_case import by_key_items
from personagraph.api.graphql.resolvers.reads import request_of, run_read
from personagraph.api.graphql.runtime.access import require
from personagraph.api.graphql.runtime.context import Role
from personagraph.api.graphql.runtime.errors import BadInput
from personagraph.api.graphql.runtime.policy import FieldSpec, policy, root_fields
from personagraph.metrics import report, store
from personagraph.metrics.buckets import Aggregator, hourly_since
from personagraph.model.ontology import node_type
from personagraph.settings import get_settings

CONFIGURATION = node_type("PersonaConfiguration")
MAX_ENTRIES = 10_000


@strawberry.input(description="One request a persona served (or `requests` alike ones).")
class MetricEntryInput:
    persona_id: str
    at: datetime = strawberry.field(description="When (UTC when no offset is given).")
    latency_ms: float
    success: bool
    satisfaction: float | None = strawberry.field(default=None, description="Rating, 1-5.")
    chat_started: bool = False
    dataset_count: int | None = None
    requests: int = 1


@strawberry.type(description="What a metrics load wrote.")
class MetricsLoad:
    entries: int
    buckets: int
    personas: int


@strawberry.type(description="Latency over a period, ms, read from fixed bins (within 10%).")
class LatencySummary:
    p50: float | None
    p95: float | None
    p99: float | None
    mean: float | None
    max: float | None


@strawberry.type(description="Mean satisfaction of one day.")
class DailySatisfaction:
    day: datetime
    mean: float
    ratings: int


@strawberry.type(description="Daily mean satisfaction and the least-squares slope through it.")
class SatisfactionTrend:
    points: list[DailySatisfaction]
    slope_per_day: float | None
    direction: str = strawberry.field(description="improving, declining, flat or unknown.")


@strawberry.type(description="A persona's metrics over a period (buckets starting in it).")
class PersonaMetrics:
    persona_id: str
    start: datetime
    end: datetime
    requests: int
    success_rate: float | None
    chats: int
    latency: LatencySummary
    satisfaction: float | None
    satisfaction_trend: SatisfactionTrend
    buckets: int


async def record_persona_metrics(
    info: strawberry.Info[Any, Any], entries: list[MetricEntryInput]
) -> MetricsLoad:
    context = require(info, Role.EDITOR)
    if len(entries) > MAX_ENTRIES:
        raise BadInput(
            f"entries: {len(entries):,} at once; send at most {MAX_ENTRIES:,} per request, "
            "or load a file with `personagraph metrics ingest`"
        )
    table = pa.table(
        {
            "persona_id": [e.persona_id for e in entries],
            "timestamp": pa.array([_utc(e.at) for e in entries], pa.timestamp("us", tz="UTC")),
            "latency_ms": [float(e.latency_ms) for e in entries],
            "success": [e.success for e in entries],
            "satisfaction": pa.array([e.satisfaction for e in entries], pa.float64()),
            "chat_started": [e.chat_started for e in entries],
            "dataset_count": pa.array([e.dataset_count for e in entries], pa.int64()),
            "requests": pa.array([e.requests for e in entries], pa.int64()),
        }
    )
    aggregator = Aggregator(hourly_since(datetime.now(UTC), get_settings().metrics_hourly_days))
    aggregator.add(table)
    summary = await run_in_threadpool(store.write, context.store, aggregator)
    return MetricsLoad(entries=summary.entries, buckets=summary.buckets, personas=summary.personas)


async def persona_metrics(
    info: strawberry.Info[Any, Any],
    id: str,
    start: datetime | None = None,
    end: datetime | None = None,
) -> PersonaMetrics:
    context = require(info, Role.READER)
    until = _utc(end) if end else datetime.now(UTC)
    since = _utc(start) if start else until - timedelta(days=30)
    if since >= until:
        raise BadInput(f"start: {since.isoformat()} is not before end {until.isoformat()}")
    rows = await run_in_threadpool(
        context.store.read, "read/metrics/buckets", id=id, **{"from": since, "to": until}
    )
    found = report.summarize(rows)
    return PersonaMetrics(
        persona_id=id,
        start=since,
        end=until,
        requests=found.requests,
        success_rate=found.success_rate,
        chats=found.chats,
        latency=LatencySummary(**vars(found.latency)),
        satisfaction=found.satisfaction,
        satisfaction_trend=SatisfactionTrend(
            points=[
                DailySatisfaction(day=p.day, mean=p.mean, ratings=p.ratings)
                for p in found.trend.points
            ],
            slope_per_day=found.trend.slope_per_day,
            direction=found.trend.direction,
        ),
        buckets=found.buckets,
    )


async def set_persona_configuration(
    info: strawberry.Info[Any, Any],
    persona_id: str,
    type: str,
    document: JSON,
    expected_version: int,
) -> Any:
    context = require(info, Role.EDITOR)
    actor = Actor(context.caller.name, context.request_id)
    made = await run_in_threadpool(
        configurations.set_configuration,
        context.store,
        persona_id,
        type,
        document,
        expected_version,
        actor,
    )
    plan = plan_nodes(request_of(info), CONFIGURATION)
    rows = await run_read(context, compile_by_key(plan, made))
    return rows[0] if rows else None


def _utc(at: datetime) -> datetime:
    return at.replace(tzinfo=UTC) if at.tzinfo is None else at.astimezone(UTC)


def metrics_mutations(configuration_type: type) -> list[tuple[str, Any, StrawberryField]]:
    """``recordPersonaMetrics`` and ``setPersonaConfiguration`` (editor role)."""
    fields = root_fields(
        [
            (
                "recordPersonaMetrics",
                MetricsLoad,
                record_persona_metrics,
                "Add request metrics (up to 10,000 entries); they are summed into hour and "
                "day buckets, never kept one by one.",
                None,
            )
        ],
        Role.EDITOR,
    )
    configure = strawberry.field(
        resolver=set_persona_configuration,
        name="setPersonaConfiguration",
        description="Add a version of a persona's configuration document of one type; "
        "`expectedVersion` is the current version you read (0 for the first).",
        graphql_type=configuration_type | None,
        metadata=policy(Role.EDITOR, lambda request: by_key_items(request, CONFIGURATION)),
    )
    return [*fields, ("setPersonaConfiguration", configuration_type | None, configure)]


def metrics_queries() -> list[tuple[str, Any, StrawberryField]]:
    """``personaMetrics`` (reader role)."""
    specs: list[FieldSpec] = [
        (
            "personaMetrics",
            PersonaMetrics,
            persona_metrics,
            "A persona's requests, success rate, latency percentiles and satisfaction "
            "trend over [start, end) (default: the last 30 days).",
            None,
        )
    ]
    return root_fields(specs, Role.READER)
