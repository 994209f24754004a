"""The real service on a free loopback port, in a thread: what a browser talks to."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import uvicorn
from starlette.applications import Starlette


@contextmanager
def serving(app: Starlette, start_timeout: float = 30.0, *, ws: bool = False) -> Iterator[str]:
    """Serve ``app`` with uvicorn until the block ends; yields its base URL.

    ``ws``: also accept WebSocket upgrades (subscriptions).
    """
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    # WebSockets only when asked for (uvicorn's "auto" picks the websockets package).
    config = uvicorn.Config(app, log_level="warning", lifespan="on", ws="auto" if ws else "none")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listener]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + start_timeout
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError(f"The service did not start on port {port} within {start_timeout}s")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=15)
        listener.close()
