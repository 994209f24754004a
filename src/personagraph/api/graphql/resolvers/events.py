"""Events out: the ``events`` subscription, the ``events`` query, and webhooks.

Webhooks (admin role): ``createWebhook``, ``enableWebhook``, ``testWebhook``,
``webhooks`` and ``webhookDeliveries``; deliveries are made by each worker's dispatcher
(:mod:`personagraph.events.dispatcher`).

``subscription { events(types:, after:) }`` streams the outbox (:mod:`personagraph.events`)
over graphql-transport-ws on ``/graphql``; ``query { events(after:) }`` reads the same
events as a page, for clients that poll. Both need the reader role.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator
from datetime import datetime
from typing import Annotated, Any, cast

import strawberry
from starlette.concurrency import run_in_threadpool
from strawberry.scalars import JSON
from strawberry.types.field import StrawberryField

from personagraph.api.graphql.resolvers.export import ExportJob, job_view
from personagraph.api.graphql.runtime.access import require
from personagraph.api.graphql.runtime.context import RequestContext, Role
from personagraph.api.graphql.runtime.errors import NotFound
from personagraph.api.graphql.runtime.policy import FieldSpec, by_limit, policy, root_fields
from personagraph.api.graphql.schema.scalars import Long
from personagraph.errors import ValidationFailed
from personagraph.events import webhooks
from personagraph.events.delivery import WebhookSettings
from personagraph.events.hub import EventHub
from personagraph.events.outbox import PAGE, Event, matches
from personagraph.export.jobs import ExportJobs, ExportState, progress

PROGRESS_INTERVAL = 0.2  # seconds between looks at a job's status
TYPES_HELP = (
    "Only these types: exact names (persona.update) or a family (persona.*); null: every type."
)


@strawberry.type(description="One change, as the outbox recorded it in the change's transaction.")
class ChangeEvent:
    seq: Long = strawberry.field(
        description="Its place in the outbox: resume after it with events(after:)."
    )
    type: str = strawberry.field(
        description="persona.<action>, seed.loaded, scoring_run.finished or webhook.test."
    )
    subject: str = strawberry.field(description="The key of what changed (a persona's id, …).")
    actor: str = strawberry.field(description="Who made it (an API key's name, cli:<user>, …).")
    request_id: str
    occurred_at: datetime
    payload: JSON = strawberry.field(
        description="What changed: for a persona, its action, version, the changed fields "
        "and their new values."
    )


def change_event(event: Event) -> ChangeEvent:
    return ChangeEvent(
        seq=Long(event.seq),
        type=event.type,
        subject=event.subject,
        actor=event.actor,
        request_id=event.request_id,
        occurred_at=event.occurred_at,
        payload=JSON(event.payload),
    )


def _hub(context: RequestContext) -> EventHub:
    hub = context.events
    if not isinstance(hub, EventHub):
        raise ValidationFailed(
            ["events: this endpoint has no event hub (subscriptions need the service)"]
        )
    return hub


async def events_subscription(
    info: strawberry.Info[Any, Any],
    types: Annotated[list[str] | None, strawberry.argument(description=TYPES_HELP)] = None,
    after: Annotated[
        Long | None,
        strawberry.argument(
            description="Start after this sequence number (the last one received): every "
            "event since, then each new one. Null: new events only."
        ),
    ] = None,
) -> AsyncGenerator[ChangeEvent, None]:
    context = require(info, Role.READER)
    if after is not None and after < 0:
        raise ValidationFailed([f"after: {after} is negative; give 0 for every event kept"])
    async for event in _hub(context).events(after):
        if matches(event.type, types):
            yield change_event(event)


async def events_page(
    info: strawberry.Info[Any, Any],
    after: Annotated[
        Long, strawberry.argument(description="Events numbered above this (0: the oldest kept).")
    ] = Long(0),
    types: Annotated[list[str] | None, strawberry.argument(description=TYPES_HELP)] = None,
    limit: int | None = None,
) -> list[ChangeEvent]:
    context = require(info, Role.READER)
    size = context.limits.max_page_size if limit is None else limit
    if not 0 < size <= context.limits.max_page_size:
        raise ValidationFailed(
            [f"limit: {size} is not between 1 and {context.limits.max_page_size}"]
        )
    hub = _hub(context)
    found: list[ChangeEvent] = []
    last = int(after)
    while True:
        page = await hub.page(last)
        for event in page:
            last = event.seq
            if matches(event.type, types):
                found.append(change_event(event))
                if len(found) == size:
                    return found
        if len(page) < PAGE:
            return found


def event_queries() -> list[tuple[str, Any, StrawberryField]]:
    """``events`` (reader role): a page of the outbox."""
    description = "Events of the outbox after a sequence number, oldest first."
    return root_fields(
        [("events", list[ChangeEvent], events_page, description, by_limit())], Role.READER
    )


@strawberry.type(description="How far a relational export got.")
class ExportProgress:
    percent: float | None = strawberry.field(
        description="Of the rows expected (null while a table's count is unknown)."
    )
    phase: str = strawberry.field(
        description="counting, writing <table>, publishing, finished or failed."
    )
    job: ExportJob


async def export_progress(
    info: strawberry.Info[Any, Any], id: str
) -> AsyncGenerator[ExportProgress, None]:
    context = require(info, Role.ADMIN)
    jobs: ExportJobs = context.export_jobs
    sent: tuple[float | None, str] | None = None
    while True:
        status = jobs.status(id)
        if status is None:
            raise NotFound(
                f"no export job {id!r} on this worker; exports run in the worker that "
                "started them: subscribe on the connection that sent startExport"
            )
        now = progress(status)
        if now != sent:
            sent = now
            yield ExportProgress(percent=now[0], phase=now[1], job=job_view(status))
        if status.state is not ExportState.RUNNING:
            return
        await asyncio.sleep(PROGRESS_INTERVAL)


def event_subscriptions() -> list[tuple[str, Any, StrawberryField]]:
    """``events`` (reader role): the outbox as a stream; ``exportProgress`` (admin)."""
    return [
        (
            "events",
            ChangeEvent,
            cast(
                StrawberryField,
                strawberry.field(
                    resolver=events_subscription,
                    is_subscription=True,
                    name="events",
                    description="Changes as they commit, on any worker (within about "
                    "PERSONAGRAPH_EVENTS_POLL_INTERVAL); resumable with after.",
                    metadata=policy(Role.READER),
                ),
            ),
        ),
        (
            "exportProgress",
            ExportProgress,
            cast(
                StrawberryField,
                strawberry.field(
                    resolver=export_progress,
                    is_subscription=True,
                    name="exportProgress",
                    description="An export's percent and phase as it changes, until it ends "
                    "(on the worker that runs it: subscribe over the connection that "
                    "started it).",
                    metadata=policy(Role.ADMIN),
                ),
            ),
        ),
    ]


@strawberry.type(name="Webhook", description="Where events are POSTed, signed (docs/events.md).")
class WebhookInfo:
    id: str
    url: str
    types: list[str] | None = strawberry.field(description="Types it takes (null: every type).")
    enabled: bool
    consecutive_failures: int = strawberry.field(
        description="Failed deliveries in a row; at PERSONAGRAPH_WEBHOOK_DISABLE_AFTER it is "
        "disabled until enableWebhook."
    )
    cursor: Long = strawberry.field(description="The last event it has been given or passed.")
    created_at: datetime
    disabled_at: datetime | None


@strawberry.type(description="One attempt at POSTing an event to a webhook.")
class WebhookDelivery:
    id: str = strawberry.field(description="Sent as the Personagraph-Delivery header.")
    event_seq: Long = strawberry.field(description="The event's seq (0: testWebhook).")
    event_type: str
    attempt: int
    status: str = strawberry.field(description="delivered (a 2xx answer) or failed.")
    response_code: int | None
    error: str | None
    duration_ms: float
    attempted_at: datetime


def _webhook(hook: webhooks.Webhook) -> WebhookInfo:
    return WebhookInfo(
        id=hook.id,
        url=hook.url,
        types=hook.types,
        enabled=hook.enabled,
        consecutive_failures=hook.consecutive_failures,
        cursor=Long(hook.cursor),
        created_at=hook.created_at,
        disabled_at=hook.disabled_at,
    )


def _settings(context: RequestContext) -> WebhookSettings:
    found = context.webhooks
    return found if isinstance(found, WebhookSettings) else WebhookSettings()


async def create_webhook(
    info: strawberry.Info[Any, Any],
    url: str,
    secret: Annotated[
        str, strawberry.argument(description="At least 16 characters; signs each delivery.")
    ],
    types: Annotated[list[str] | None, strawberry.argument(description=TYPES_HELP)] = None,
) -> WebhookInfo:
    context = require(info, Role.ADMIN)
    hook = await run_in_threadpool(
        webhooks.create,
        context.store,
        url,
        types,
        secret,
        context.caller.name,
        _settings(context),
    )
    return _webhook(hook)


async def enable_webhook(info: strawberry.Info[Any, Any], id: str) -> WebhookInfo:
    context = require(info, Role.ADMIN)
    return _webhook(await run_in_threadpool(webhooks.enable, context.store, id))


async def test_webhook(info: strawberry.Info[Any, Any], id: str) -> WebhookDelivery:
    context = require(info, Role.ADMIN)
    attempt = await run_in_threadpool(webhooks.test, context.store, id, _settings(context))
    return WebhookDelivery(
        id=attempt.id,
        event_seq=Long(0),
        event_type="webhook.test",
        attempt=attempt.attempt,
        status=attempt.status,
        response_code=attempt.response_code,
        error=attempt.error,
        duration_ms=attempt.duration_ms,
        attempted_at=datetime.fromisoformat(attempt.attempted_at),
    )


async def list_webhooks(info: strawberry.Info[Any, Any]) -> list[WebhookInfo]:
    context = require(info, Role.ADMIN)
    return [_webhook(hook) for hook in await run_in_threadpool(webhooks.listed, context.store)]


async def webhook_deliveries(
    info: strawberry.Info[Any, Any], id: str, limit: int = 50
) -> list[WebhookDelivery]:
    context = require(info, Role.ADMIN)
    if not 0 < limit <= context.limits.max_page_size:
        raise ValidationFailed(
            [f"limit: {limit} is not between 1 and {context.limits.max_page_size}"]
        )
    rows = await run_in_threadpool(webhooks.deliveries, context.store, id, limit)
    return [
        WebhookDelivery(
            **{**row, "attempted_at": row["attempted_at"].to_native()},
        )
        for row in rows
    ]


def webhook_queries() -> list[tuple[str, Any, StrawberryField]]:
    """``webhooks``, ``webhookDeliveries`` (admin role)."""
    specs: list[FieldSpec] = [
        ("webhooks", list[WebhookInfo], list_webhooks, "Every webhook, newest first.", None),
        (
            "webhookDeliveries",
            list[WebhookDelivery],
            webhook_deliveries,
            "A webhook's latest delivery attempts, newest first.",
            by_limit(),
        ),
    ]
    return root_fields(specs, Role.ADMIN)


def webhook_mutations() -> list[tuple[str, Any, StrawberryField]]:
    """``createWebhook``, ``enableWebhook``, ``testWebhook`` (admin role)."""
    specs: list[FieldSpec] = [
        (
            "createWebhook",
            WebhookInfo,
            create_webhook,
            "POST every event of these types from now on to url, signed with secret.",
            None,
        ),
        (
            "enableWebhook",
            WebhookInfo,
            enable_webhook,
            "Turn a disabled webhook back on (from the newest event; missed ones are not "
            "replayed).",
            None,
        ),
        (
            "testWebhook",
            WebhookDelivery,
            test_webhook,
            "POST one signed webhook.test event now (one attempt) and say how it went.",
            None,
        ),
    ]
    return root_fields(specs, Role.ADMIN)
