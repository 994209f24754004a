"""Old events leave the outbox: each worker of the service prunes now and then.

Several workers pruning at once is harmless (each deletes what is still there, in
batches); the first pruning waits one interval, so a restart loop does not prune.
"""

from __future__ import annotations

import asyncio
import logging

from starlette.concurrency import run_in_threadpool

from personagraph.errors import PersonagraphError
from personagraph.events import outbox
from personagraph.settings import Settings
from personagraph.store import Store

log = logging.getLogger("personagraph.events")


async def prune_events(store: Store, settings: Settings) -> None:
    """Every ``events_prune_interval`` seconds, delete events older than
    ``events_max_age_days`` days, until cancelled."""
    while True:
        await asyncio.sleep(settings.events_prune_interval)
        try:
            pruned = await run_in_threadpool(outbox.prune, store, settings.events_max_age_days)
        except PersonagraphError as error:
            log.warning("could not prune old events: %s", error)
            continue
        if pruned:
            log.info("pruned %d events older than %d days", pruned, settings.events_max_age_days)
