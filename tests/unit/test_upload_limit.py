"""The multipart body limit: announced or counted, a body over it never reaches the app."""

from __future__ import annotations

import asyncio
import json

from starlette.types import Message, Receive, Scope, Send

from personagraph.api.upload_limit import ENVELOPE, UploadLimit


def run(
    limit: int, headers: list[tuple[bytes, bytes]], chunks: list[bytes]
) -> tuple[int, bytes, int]:
    """Send ``chunks`` as the body; the status and body answered, and the bytes the app read."""
    read = 0

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        nonlocal read
        while True:
            message = await receive()
            read += len(message.get("body", b""))
            if not message.get("more_body"):
                break
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})

    pending = [
        {"type": "http.request", "body": chunk, "more_body": index < len(chunks) - 1}
        for index, chunk in enumerate(chunks)
    ]
    sent: list[Message] = []

    async def receive() -> Message:
        return pending.pop(0)

    async def send(message: Message) -> None:
        sent.append(message)

    scope = {"type": "http", "method": "POST", "path": "/graphql", "headers": headers}
    asyncio.run(UploadLimit(app, limit)(scope, receive, send))
    return sent[0]["status"], sent[1]["body"], read


MULTIPART = (b"content-type", b"multipart/form-data; boundary=x")


def test_a_body_announced_over_the_limit_is_refused_unread() -> None:
    size = 100 + ENVELOPE + 1
    status, body, read = run(100, [MULTIPART, (b"content-length", str(size).encode())], [b"x"])

    assert (status, read) == (413, 0)
    message = json.loads(body)["errors"][0]["message"]
    assert f"{size:,} bytes is over the limit of 100 bytes" in message


def test_a_body_without_a_length_is_cut_off_at_the_limit() -> None:
    chunk = b"x" * (ENVELOPE // 2)
    status, _, read = run(100, [MULTIPART], [chunk, chunk, chunk, chunk])

    assert status == 413
    assert read <= ENVELOPE + 100 + len(chunk)


def test_bodies_within_the_limit_and_json_bodies_pass() -> None:
    assert run(100, [MULTIPART, (b"content-length", b"10")], [b"0123456789"])[0] == 200
    json_type = (b"content-type", b"application/json")
    assert run(1, [json_type, (b"content-length", str(10 * ENVELOPE).encode())], [b"{}"])[0] == 200
