"""uvicorn's httptools protocol with TCP_NODELAY on every connection.

asyncio turns Nagle's algorithm off only on sockets whose protocol number is
IPPROTO_TCP. The listening socket uvicorn binds itself for ``--workers`` has protocol
0, so its connections kept Nagle's algorithm: a response written as headers, then
body, waited for the client's delayed ACK, on every request (docs/benchmarks.md, "What
changed since the first run", change 2).
"""

from __future__ import annotations

import asyncio
import contextlib
import socket

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol


class NoDelayHTTPProtocol(HttpToolsProtocol):
    """httptools (a C parser; uvicorn's h11 is pure Python), TCP_NODELAY set on connect."""

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        sock = transport.get_extra_info("socket")
        if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
            with contextlib.suppress(OSError):
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        super().connection_made(transport)
