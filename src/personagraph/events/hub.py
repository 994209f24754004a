"""One worker's tail of the events outbox, fanned out to its subscribers.

Neo4j Community has no change data capture, and an in-process queue reaches only the
subscribers of the worker that made the change. So every worker tails the outbox in
the graph: while it has subscribers, it reads the event sequence every
``poll_interval`` seconds (one index seek) and, when it moved, the new events, which it
hands to each subscriber's queue. An event committed by any worker (or the CLI) reaches
the subscribers of every worker within about ``poll_interval`` plus one read (0.25 s by
default). A worker without subscribers reads nothing.

A subscriber that asks for events ``after`` a sequence number first reads the backlog
from the graph, then the live events, skipping those it already had; since sequence
order is commit order (:mod:`.outbox`), nothing is missed or repeated in between.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Callable
from typing import Any

from personagraph.errors import DatabaseUnavailable, PersonagraphError, SubscriberFellBehind
from personagraph.events.outbox import PAGE, Event, event_of
from personagraph.store.async_reads import AsyncReads
from personagraph.store.queries import CypherRegistry

__all__ = ["EventHub", "Subscriber"]

log = logging.getLogger("personagraph.events")


class Subscriber:
    """One subscription's queue of live events."""

    def __init__(self, capacity: int) -> None:
        self.capacity = capacity
        self.queue: asyncio.Queue[Event] = asyncio.Queue(capacity)
        self.overflowed = False

    def offer(self, event: Event) -> None:
        if self.overflowed:
            return
        try:
            self.queue.put_nowait(event)
        except asyncio.QueueFull:
            self.overflowed = True

    def clear(self) -> None:
        """Drop what waits (the backlog read from the graph covers it)."""
        while not self.queue.empty():
            self.queue.get_nowait()
        self.overflowed = False

    async def next(self, last: int) -> Event:
        """The next live event.

        Raises:
            SubscriberFellBehind: events were dropped because the queue was full.
        """
        if self.overflowed and self.queue.empty():
            raise SubscriberFellBehind(
                f"more than {self.capacity} events waited for this subscription; subscribe "
                f"again with after: {last} to receive the rest (or raise "
                "PERSONAGRAPH_EVENTS_SUBSCRIBER_QUEUE)"
            )
        return await self.queue.get()


class EventHub:
    """Reads the outbox for this worker's subscribers (see the module doc).

    Args:
        reads: the app's async reads (the event loop's driver).
        registry: where the event statements are found.
        poll_interval: seconds between reads of the event sequence.
        queue_size: events a subscriber may have waiting.
        on_events: also called with each batch of new events (metrics).
    """

    def __init__(
        self,
        reads: AsyncReads,
        registry: CypherRegistry,
        poll_interval: float,
        queue_size: int,
        on_events: Callable[[list[Event]], None] | None = None,
    ) -> None:
        self.reads = reads
        self.poll_interval = poll_interval
        self.queue_size = queue_size
        self.on_events = on_events
        self._last = registry.statement("read/events/last")
        self._hooks = registry.statement("read/webhooks/enabled")
        self._after = registry.statement("read/events/after")
        self.subscribers: set[Subscriber] = set()
        self.seen: int | None = None
        self._task: asyncio.Task[None] | None = None
        self._ready = asyncio.Event()

    async def subscribe(self) -> Subscriber:
        """A new subscriber, once this hub knows where the outbox stands."""
        subscriber = Subscriber(self.queue_size)
        self.subscribers.add(subscriber)
        if self._task is None or self._task.done():
            # Where the outbox stood when the last subscriber left is stale now.
            self.seen = None
            self._ready.clear()
            self._task = asyncio.create_task(self._run())
        await self._ready.wait()
        return subscriber

    def unsubscribe(self, subscriber: Subscriber) -> None:
        self.subscribers.discard(subscriber)

    async def close(self) -> None:
        self.subscribers.clear()
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def events(self, after: int | None) -> AsyncIterator[Event]:
        """Every event after ``after`` (None: from now on), then each new one, in order.

        Raises:
            SubscriberFellBehind: the consumer did not keep up (it may resume from the last it had).
        """
        subscriber = await self.subscribe()
        try:
            last = after if after is not None else (self.seen or 0)
            if after is not None:
                async for event in self._backlog(subscriber, after):
                    last = event.seq
                    yield event
            while True:
                event = await subscriber.next(last)
                if event.seq > last:
                    last = event.seq
                    yield event
        finally:
            self.unsubscribe(subscriber)

    async def _backlog(self, subscriber: Subscriber, after: int) -> AsyncIterator[Event]:
        last = after
        while True:
            page = await self.page(last)
            for event in page:
                last = event.seq
                yield event
            if len(page) < PAGE:
                if not subscriber.overflowed:
                    return
                subscriber.clear()  # live events overflowed meanwhile: read them here

    async def page(self, after: int, limit: int = PAGE) -> list[Event]:
        """Committed events above ``after``, oldest first."""
        rows = await self.reads.read_statement(
            self._after, {"after": after, "limit": limit}, background=True
        )
        return [event_of(row) for row in rows]

    async def last(self) -> int:
        """The newest event's number as committed now."""
        rows = await self.reads.read_statement(self._last, {}, background=True)
        return int(rows[0]["seq"])

    async def webhooks_enabled(self) -> bool:
        """Whether any webhook is enabled (for the dispatcher: one index read)."""
        rows = await self.reads.read_statement(self._hooks, {}, background=True)
        return bool(rows[0]["enabled"])

    async def _run(self) -> None:
        while self.subscribers:
            try:
                await self._poll()
            except (DatabaseUnavailable, PersonagraphError) as error:
                log.warning("could not read the events outbox: %s", error)
            await asyncio.sleep(self.poll_interval)
        self._task = None

    async def _poll(self) -> None:
        last = await self.last()
        if self.seen is None or last < self.seen:
            # First read, or the sequence restarted (a wiped database): from here on.
            self.seen = last
            self._ready.set()
            return
        while last > self.seen:
            page = await self.page(self.seen)
            if not page:
                break
            self.seen = page[-1].seq
            for subscriber in list(self.subscribers):
                for event in page:
                    subscriber.offer(event)
            if self.on_events is not None:
                self.on_events(page)


def describe(event: Event) -> dict[str, Any]:
    """``event`` as the JSON object webhooks and logs carry."""
    return {
        "seq": event.seq,
        "type": event.type,
        "subject": event.subject,
        "actor": event.actor,
        "requestId": event.request_id,
        "occurredAt": event.occurred_at.isoformat(),
        "payload": event.payload,
    }
