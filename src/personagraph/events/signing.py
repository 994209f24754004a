"""The signature of a webhook delivery, and how a receiver checks it.

Each delivery carries ``Personagraph-Signature: t=<unix seconds>,v1=<hex>`` where the
hex is HMAC-SHA256, keyed with the hook's secret, of ``"<t>.<body>"``. A receiver
recomputes it over the raw body, compares in constant time, and refuses a timestamp
older than its tolerance (5 minutes here), so a captured delivery cannot be replayed
later; ``Personagraph-Delivery`` (unique per attempt) lets it drop duplicates.
"""

from __future__ import annotations

import hashlib
import hmac
import time

HEADER = "Personagraph-Signature"
TOLERANCE_SECONDS = 300


def sign(secret: str, body: bytes, timestamp: int) -> str:
    """The signature header's value for ``body`` sent at ``timestamp``."""
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"t={timestamp},v1={digest.hexdigest()}"


def verify(
    secret: str,
    body: bytes,
    header: str,
    now: float | None = None,
    tolerance: int = TOLERANCE_SECONDS,
) -> bool:
    """Whether ``header`` signs ``body`` with ``secret`` within ``tolerance`` seconds."""
    parts = dict(part.split("=", 1) for part in header.split(",") if "=" in part)
    try:
        timestamp = int(parts["t"])
    except (KeyError, ValueError):
        return False
    current = time.time() if now is None else now
    if abs(current - timestamp) > tolerance:
        return False
    expected = sign(secret, body, timestamp).split("v1=", 1)[1]
    return hmac.compare_digest(expected, parts.get("v1", ""))
