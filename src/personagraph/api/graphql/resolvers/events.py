"""Events out: the ``events`` subscription, the ``events`` query, and webhooks.

``subscription { events(types:, after:) }`` streams the outbox (:mod:`personagraph.events`)
over graphql-transport-ws on ``/graphql``; ``query { events(after:) }`` reads the same
events as a page, for clients that poll. Both need the reader role.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator
from datetime import datetime
from typing import Annotated, Any, cast

import strawberry
from strawberry.scalars import JSON
from strawberry.types.field import StrawberryField

from personagraph.api.graphql.runtime.access import require
from personagraph.api.graphql.runtime.context import RequestContext, Role
from personagraph.api.graphql.runtime.policy import by_limit, policy, root_fields
from personagraph.api.graphql.schema.scalars import Long
from personagraph.errors import ValidationFailed
from personagraph.events.hub import EventHub
from personagraph.events.outbox import PAGE, Event, matches

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


def event_subscriptions() -> list[tuple[str, Any, StrawberryField]]:
    """``events`` (reader role): the outbox as a stream."""
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
        )
    ]
