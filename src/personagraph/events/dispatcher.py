"""Each worker's webhook dispatcher: claims hooks behind the outbox, delivers in order.

Every ``poll_interval`` seconds a worker reads the outbox's newest number (one index
seek); when it moved (or the last round left work) and some hook is enabled, it claims
the enabled hooks behind
it whose lease is free (``write/webhooks/claim``), so that one worker at a time
delivers a hook's events, in sequence order. For each claimed hook it reads the events
after the hook's cursor, delivers those of the hook's types (:mod:`.delivery`), and
records every attempt and the new cursor after each event; a hook that failed
``disable_after`` deliveries in a row is disabled there and then. The lease is renewed
with each event; a worker that dies mid-way leaves a lease that runs out, and another
worker takes over from the last recorded event (so an event may be delivered twice,
never skipped: receivers drop duplicates by event ``seq``).
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import random
import socket
import uuid
from collections.abc import Callable
from typing import Any

from personagraph.errors import PersonagraphError
from personagraph.events import outbox
from personagraph.events.delivery import Attempt, WebhookSettings, deliver
from personagraph.events.hub import EventHub, describe
from personagraph.store import Store

log = logging.getLogger("personagraph.events")
BATCH = 100


class WebhookDispatcher:
    """Delivers the outbox to webhooks from this worker (see the module doc)."""

    def __init__(
        self,
        store: Store,
        hub: EventHub,
        settings: WebhookSettings,
        poll_interval: float,
        on_attempts: Callable[[list[Attempt], bool], None] | None = None,
    ) -> None:
        self.store = store
        self.hub = hub
        self.settings = settings
        self.poll_interval = poll_interval
        self.on_attempts = on_attempts
        self.owner = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self.rng = random.Random()
        self._seen = -1
        self._more = False

    async def run(self) -> None:
        """Deliver until cancelled."""
        while True:
            await asyncio.sleep(self.poll_interval)
            try:
                await self.round()
            except PersonagraphError as error:
                log.warning("webhook round failed: %s", error)

    async def round(self) -> None:
        last = await self.hub.last()
        if last == self._seen and not self._more:
            return
        self._seen = last
        if not await self.hub.webhooks_enabled():
            return  # no write at all while no webhook is enabled
        hooks = await asyncio.to_thread(
            self.store.write,
            "write/webhooks/claim",
            last=last,
            lease=self.settings.lease_seconds,
            owner=self.owner,
        )
        self._more = bool(hooks)
        await asyncio.gather(*(self._serve(row["hook"]) for row in hooks))

    async def _serve(self, hook: dict[str, Any]) -> None:
        cursor = int(hook["cursor"])
        try:
            events = await asyncio.to_thread(outbox.after, self.store, cursor, BATCH)
            for event in events:
                wanted = outbox.matches(event.type, hook["types"])
                if wanted and not await self._deliver(hook, event):
                    return  # disabled, or the lease was lost
                cursor = event.seq
        finally:
            await asyncio.to_thread(
                self.store.write,
                "write/webhooks/advance",
                id=hook["id"],
                seq=cursor,
                owner=self.owner,
            )

    async def _deliver(self, hook: dict[str, Any], event: outbox.Event) -> bool:
        body = json.dumps(describe(event), sort_keys=True).encode()
        attempts = await deliver(
            hook["url"], hook["secret"], body, event.type, self.settings, self.rng
        )
        delivered = attempts[-1].delivered
        rows = await asyncio.to_thread(
            self.store.write,
            "write/webhooks/record_delivery",
            id=hook["id"],
            owner=self.owner,
            seq=event.seq,
            type=event.type,
            attempts=[attempt.row() for attempt in attempts],
            delivered=delivered,
            disable_after=self.settings.disable_after,
            lease=self.settings.lease_seconds,
        )
        enabled = bool(rows and rows[0]["enabled"])
        if self.on_attempts is not None:
            self.on_attempts(attempts, bool(rows) and not enabled)
        if rows and not enabled:
            log.warning(
                "webhook %s disabled after %d failed deliveries in a row",
                hook["id"],
                self.settings.disable_after,
            )
        return enabled
