"""A size limit on request bodies that carry files (multipart), checked before they are read.

A body announced larger than the limit (``Content-Length``) is answered ``413`` at once;
one sent without a length is counted as it arrives and cut off at the limit. The limit
is the largest document (``PERSONAGRAPH_DOCUMENT_MAX_BYTES``) plus room for the
multipart envelope; the document itself is checked again, exactly, when it is added.
"""

from __future__ import annotations

import orjson
from starlette.types import ASGIApp, Message, Receive, Scope, Send

ENVELOPE = 1024 * 1024  # the operations and map parts, boundaries and part headers


class BodyTooLarge(Exception):
    """The client kept sending past the limit."""


class UploadLimit:
    """ASGI middleware: refuse multipart bodies over ``max_document_bytes`` + the envelope."""

    def __init__(self, app: ASGIApp, max_document_bytes: int) -> None:
        self.app = app
        self.max_document_bytes = max_document_bytes
        self.limit = max_document_bytes + ENVELOPE

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        headers = dict(scope.get("headers") or []) if scope["type"] == "http" else {}
        if b"multipart/" not in headers.get(b"content-type", b"").lower():
            await self.app(scope, receive, send)
            return
        length = headers.get(b"content-length", b"")
        if length.isdigit() and int(length) > self.limit:
            await self._refuse(send, int(length))
            return
        received = 0

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > self.limit:
                raise BodyTooLarge
            return message

        started = False

        async def tracked(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted, tracked)
        except BodyTooLarge:
            if not started:
                await self._refuse(send, received)

    async def _refuse(self, send: Send, size: int) -> None:
        message = (
            f"the upload of {size:,} bytes is over the limit of {self.max_document_bytes:,} "
            "bytes per document (PERSONAGRAPH_DOCUMENT_MAX_BYTES); split the document"
        )
        body = orjson.dumps(
            {"errors": [{"message": message, "extensions": {"code": "BAD_USER_INPUT"}}]}
        )
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})
