"""Delivering one event to one webhook: a signed POST, retried with backoff and jitter.

An attempt succeeds on any 2xx answer. Anything else (another status, a refused
connection, a timeout, a redirect: redirects are not followed, so a hook cannot be
bounced to an address it could not name) is a failure; after a failure the next
attempt waits ``retry_base * 2^(n-1)`` seconds, times a random factor between 0.5 and
1.5 so that many hooks failing at once do not retry in step.
"""

from __future__ import annotations

import asyncio
import random
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any

from personagraph.errors import WebhookRejected
from personagraph.events import signing
from personagraph.events.targets import check_target
from personagraph.settings import Settings

USER_AGENT = "personagraph-webhooks"


@dataclass(frozen=True)
class WebhookSettings:
    """How deliveries are made (defaults: :class:`~personagraph.settings.Settings`)."""

    max_attempts: int = 5
    retry_base: float = 1.0
    timeout: float = 5.0
    disable_after: int = 10
    allow_private: bool = False

    @classmethod
    def of(cls, settings: Settings) -> WebhookSettings:
        return cls(
            settings.webhook_max_attempts,
            settings.webhook_retry_base,
            settings.webhook_timeout,
            settings.webhook_disable_after,
            settings.webhook_allow_private,
        )

    @property
    def lease_seconds(self) -> int:
        """The longest one event's delivery can take, with room to spare."""
        waits = sum(self.retry_base * 2 ** (n - 1) * 1.5 for n in range(1, self.max_attempts))
        return int(self.max_attempts * self.timeout + waits) + 30


@dataclass(frozen=True)
class Attempt:
    """One POST: its number, outcome (``delivered``/``failed``), status code, error."""

    id: str
    attempt: int
    status: str
    response_code: int | None
    error: str | None
    duration_ms: float
    attempted_at: str

    @property
    def delivered(self) -> bool:
        return self.status == "delivered"

    def row(self) -> dict[str, Any]:
        return asdict(self)


def backoff(attempt: int, base: float, rng: random.Random) -> float:
    """Seconds to wait after failed attempt number ``attempt`` (1 for the first)."""
    return float(base * 2 ** (attempt - 1) * (0.5 + rng.random()))


def post(
    url: str,
    secret: str,
    body: bytes,
    event_type: str,
    number: int,
    settings: WebhookSettings,
) -> Attempt:
    """Make attempt ``number`` at POSTing ``body`` to ``url`` (blocking)."""
    delivery = str(uuid.uuid4())
    started_at = datetime.now(UTC).isoformat()
    started = time.monotonic()
    headers = {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "Personagraph-Event": event_type,
        "Personagraph-Delivery": delivery,
        "Personagraph-Attempt": str(number),
        signing.HEADER: signing.sign(secret, body, int(time.time())),
    }
    code: int | None = None
    error: str | None = None
    try:
        check_target(url, allow_private=settings.allow_private)
        request = urllib.request.Request(url, data=body, headers=headers, method="POST")
        with _OPENER.open(request, timeout=settings.timeout) as response:
            code = int(response.status)
    except urllib.error.HTTPError as refused:
        code, error = refused.code, f"HTTP {refused.code}"
    except (urllib.error.URLError, OSError, WebhookRejected) as failed:
        error = str(getattr(failed, "reason", failed))
    ms = (time.monotonic() - started) * 1000
    status = "delivered" if code is not None and 200 <= code < 300 else "failed"
    return Attempt(delivery, number, status, code, error, ms, started_at)


async def deliver(
    url: str,
    secret: str,
    body: bytes,
    event_type: str,
    settings: WebhookSettings,
    rng: random.Random,
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
) -> list[Attempt]:
    """Attempt the delivery until one succeeds or ``max_attempts`` have failed."""
    attempts: list[Attempt] = []
    for number in range(1, settings.max_attempts + 1):
        attempt = await asyncio.to_thread(post, url, secret, body, event_type, number, settings)
        attempts.append(attempt)
        if attempt.delivered:
            break
        if number < settings.max_attempts:
            await sleep(backoff(number, settings.retry_base, rng))
    return attempts


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None  # a 3xx is then an HTTPError: a failed attempt


# No proxies from the environment either: a hook calls the address it names.
_OPENER = urllib.request.build_opener(_NoRedirects, urllib.request.ProxyHandler({}))
