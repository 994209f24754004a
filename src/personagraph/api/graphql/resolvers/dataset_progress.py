"""``subscription { datasetProgress(id:) }`` (editor role, like ``uploadDocument``): an
upload's processing (extract, chunk, embed, write) as its percent and phase.

Processing runs inside the ``uploadDocument`` request, in the worker that received it; that
worker's board (:mod:`personagraph.documents.progress`) is what this stream reads, so only
that worker knows the dataset. A new dataset's id is listed by ``datasets`` (status
``processing``) from the moment its upload claims it; a re-upload keeps the dataset's id.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator
from typing import Any, cast

import strawberry
from strawberry.types.field import StrawberryField

from personagraph.api.graphql.runtime.access import require
from personagraph.api.graphql.runtime.context import Role
from personagraph.api.graphql.runtime.errors import NotFound
from personagraph.api.graphql.runtime.policy import policy

PROGRESS_INTERVAL = 0.1  # seconds between looks at the board


@strawberry.type(description="How far a document's processing got.")
class DatasetProgress:
    dataset_id: str
    percent: float = strawberry.field(description="Of the processing done; never decreases.")
    phase: str = strawberry.field(
        description="extract, chunk, embed, write, then completed (100) or failed."
    )


async def dataset_progress(
    info: strawberry.Info[Any, Any], id: str
) -> AsyncGenerator[DatasetProgress, None]:
    board = require(info, Role.EDITOR).documents.progress
    sent: tuple[float, str] | None = None
    while True:
        found = board.get(id)
        if found is None:
            raise NotFound(
                f"id: no dataset {id!r} processed on this worker; processing runs in the "
                "worker that received uploadDocument, and only that worker can follow it"
            )
        if (found.percent, found.phase) != sent:
            sent = (found.percent, found.phase)
            yield DatasetProgress(dataset_id=id, percent=found.percent, phase=found.phase)
        if found.finished:
            return
        await asyncio.sleep(PROGRESS_INTERVAL)


def dataset_subscriptions() -> list[tuple[str, Any, StrawberryField]]:
    """``datasetProgress`` (editor role)."""
    field = strawberry.field(
        resolver=dataset_progress,
        is_subscription=True,
        name="datasetProgress",
        description="A dataset's processing, percent and phase, as it changes until it "
        "ends (on the worker processing the upload).",
        metadata=policy(Role.EDITOR),
    )
    return [("datasetProgress", DatasetProgress, cast(StrawberryField, field))]
