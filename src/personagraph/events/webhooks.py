"""Webhooks as an admin manages them: create, re-enable, test, list, read deliveries."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from personagraph.errors import EntityNotFound, WebhookRejected
from personagraph.events import outbox
from personagraph.events.delivery import Attempt, WebhookSettings, post
from personagraph.events.targets import check_secret, check_target
from personagraph.store import Store


@dataclass(frozen=True)
class Webhook:
    """A webhook as listed (its secret is never read back)."""

    id: str
    url: str
    types: list[str] | None
    enabled: bool
    consecutive_failures: int
    cursor: int
    created_at: datetime
    disabled_at: datetime | None


def webhook_of(row: dict[str, Any]) -> Webhook:
    disabled = row.get("disabled_at")
    return Webhook(
        id=row["id"],
        url=row["url"],
        types=row["types"],
        enabled=bool(row["enabled"]),
        consecutive_failures=int(row["consecutive_failures"]),
        cursor=int(row["cursor"]),
        created_at=row["created_at"].to_native(),
        disabled_at=disabled.to_native() if disabled is not None else None,
    )


def create(
    store: Store,
    url: str,
    types: list[str] | None,
    secret: str,
    actor: str,
    settings: WebhookSettings,
) -> Webhook:
    """A new, enabled webhook for events from now on.

    Raises:
        WebhookRejected: the URL or the secret is unusable (names which and why).
    """
    check_target(url, allow_private=settings.allow_private)
    check_secret(secret)
    if types is not None and not types:
        raise WebhookRejected("types: an empty list takes no event; give null for every type")
    rows = store.write(
        "write/webhooks/create",
        id=str(uuid.uuid4()),
        url=url,
        types=types,
        secret=secret,
        cursor=outbox.last(store),
        actor=actor,
    )
    return webhook_of(rows[0]["hook"])


def enable(store: Store, webhook_id: str) -> Webhook:
    """Turn a disabled hook back on, from the outbox's newest event.

    Raises:
        EntityNotFound: no webhook has that id.
    """
    rows = store.write("write/webhooks/enable", id=webhook_id, cursor=outbox.last(store))
    if not rows:
        raise EntityNotFound(_missing(webhook_id))
    return webhook_of(rows[0]["hook"])


def listed(store: Store) -> list[Webhook]:
    return [webhook_of(row["hook"]) for row in store.read("read/webhooks/list")]


def deliveries(store: Store, webhook_id: str, limit: int) -> list[dict[str, Any]]:
    """The hook's latest delivery attempts, newest first."""
    rows = store.read("read/webhooks/deliveries", id=webhook_id, limit=limit)
    return [row["delivery"] for row in rows]


def test(store: Store, webhook_id: str, settings: WebhookSettings) -> Attempt:
    """POST one signed ``webhook.test`` event to the hook now (one attempt), and log it.

    Raises:
        EntityNotFound: no webhook has that id.
    """
    rows = store.read("read/webhooks/by_id", id=webhook_id)
    if not rows:
        raise EntityNotFound(_missing(webhook_id))
    hook = rows[0]["hook"]
    event = {
        "seq": 0,
        "type": "webhook.test",
        "subject": webhook_id,
        "actor": "testWebhook",
        "occurredAt": datetime.now(UTC).isoformat(),
        "payload": {"message": "a test delivery from personagraph"},
    }
    body = json.dumps(event, sort_keys=True).encode()
    attempt = post(hook["url"], hook["secret"], body, "webhook.test", 1, settings)
    store.write("write/webhooks/record_test", id=webhook_id, delivery=attempt.row())
    return attempt


def _missing(webhook_id: str) -> str:
    return f"no webhook has id {webhook_id!r}; list them with {{ webhooks {{ id url }} }}"
