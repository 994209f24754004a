"""Webhook signatures, targets and retry delays: pure rules, no database."""

from __future__ import annotations

import random

import pytest

from personagraph.errors import WebhookRejected
from personagraph.events import signing
from personagraph.events.delivery import WebhookSettings, backoff
from personagraph.events.targets import check_secret, check_target

SECRET = "0123456789abcdef-secret"
BODY = b'{"seq": 1}'


def test_a_signature_verifies_only_with_its_secret_body_and_time() -> None:
    header = signing.sign(SECRET, BODY, 1_700_000_000)

    assert signing.verify(SECRET, BODY, header, now=1_700_000_010)
    assert not signing.verify("another secret of 16+", BODY, header, now=1_700_000_010)
    assert not signing.verify(SECRET, BODY + b" ", header, now=1_700_000_010)
    # A captured delivery replayed later than the tolerance is refused.
    assert not signing.verify(SECRET, BODY, header, now=1_700_000_000 + 301)
    assert not signing.verify(SECRET, BODY, "t=soon,v1=00", now=1_700_000_000)
    assert not signing.verify(SECRET, BODY, "", now=1_700_000_000)


def test_the_signature_is_hmac_sha256_of_timestamp_dot_body() -> None:
    # printf '42.body' | openssl dgst -sha256 -hmac key
    expected = "b62a8bcafebc3dda9022b563e771f54e72a1eef3fd12e7bd2713899387cc26f8"

    assert signing.sign("key", b"body", 42) == f"t=42,v1={expected}"


@pytest.mark.parametrize(
    "url", ["ftp://example.com/x", "file:///etc/passwd", "example.com/hook", "http:///nohost"]
)
def test_only_http_urls_with_a_host_are_targets(url: str) -> None:
    with pytest.raises(WebhookRejected, match="not an http"):
        check_target(url, allow_private=True)


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:9000/hook",
        "http://localhost/hook",
        "http://10.1.2.3/hook",
        "http://192.168.0.10/hook",
        "http://169.254.169.254/latest/meta-data",
        "http://[::1]/hook",
    ],
)
def test_private_targets_are_refused_unless_allowed(url: str) -> None:
    with pytest.raises(WebhookRejected, match="PERSONAGRAPH_WEBHOOK_ALLOW_PRIVATE"):
        check_target(url, allow_private=False)
    check_target(url, allow_private=True)


def test_a_short_secret_is_refused_with_how_to_make_one() -> None:
    with pytest.raises(WebhookRejected, match="at least 16"):
        check_secret("short")
    check_secret("x" * 16)


def test_retries_double_with_jitter_between_half_and_one_and_a_half() -> None:
    rng = random.Random(7)
    for attempt in range(1, 6):
        delays = [backoff(attempt, 1.0, rng) for _ in range(200)]
        nominal = 2 ** (attempt - 1)
        assert nominal * 0.5 <= min(delays)
        assert max(delays) <= nominal * 1.5
        assert max(delays) - min(delays) > nominal * 0.5  # they do spread


def test_a_lease_outlasts_the_slowest_delivery() -> None:
    settings = WebhookSettings(max_attempts=5, retry_base=1.0, timeout=5.0)
    slowest = 5 * 5.0 + sum(2 ** (n - 1) * 1.5 for n in range(1, 5))
    assert settings.lease_seconds > slowest
