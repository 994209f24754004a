"""Which URLs a webhook may call: http(s) only, and public addresses unless allowed.

A target in a private, loopback, link-local or reserved range would let whoever may
create a webhook probe the service's own network; it is refused unless
``PERSONAGRAPH_WEBHOOK_ALLOW_PRIVATE`` allows it. The host is resolved when the hook is
made and again before each delivery (a name may point elsewhere later).
"""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

from personagraph.errors import WebhookRejected

MIN_SECRET = 16


def check_secret(secret: str) -> None:
    """Raises WebhookRejected when ``secret`` is too short to sign with."""
    if len(secret) < MIN_SECRET:
        raise WebhookRejected(
            f"secret: {len(secret)} characters is too short; give at least {MIN_SECRET} "
            "random characters (e.g. python -c 'import secrets; print(secrets.token_hex(32))')"
        )


def check_target(url: str, *, allow_private: bool) -> None:
    """Raises WebhookRejected when ``url`` is not one a webhook may call."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise WebhookRejected(
            f"url: {url!r} is not an http(s) URL with a host; give e.g. "
            "https://example.com/hooks/personagraph"
        )
    if allow_private:
        return
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or 443, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError) as error:
        raise WebhookRejected(f"url: the host {parts.hostname!r} does not resolve") from error
    for info in infos:
        address = ipaddress.ip_address(info[4][0])
        if not address.is_global:
            raise WebhookRejected(
                f"url: {parts.hostname!r} is {address}, a private, loopback or reserved "
                "address; webhooks call public addresses only (set "
                "PERSONAGRAPH_WEBHOOK_ALLOW_PRIVATE=true to allow private ones)"
            )
