"""A GraphQL client over WebSocket (graphql-transport-ws), as an application would use one."""

from __future__ import annotations

import json
from typing import Any

from websockets.sync.client import ClientConnection, connect
from websockets.typing import Subprotocol

PROTOCOL = Subprotocol("graphql-transport-ws")
Message = dict[str, Any]


class GraphQLSocket:
    """One connection to ``/graphql``, initialised with ``params`` as its payload."""

    def __init__(
        self, url: str, params: dict[str, Any] | None = None, origin: str | None = None
    ) -> None:
        headers = {"Origin": origin} if origin else None
        self.ws: ClientConnection = connect(
            url, subprotocols=[PROTOCOL], additional_headers=headers, open_timeout=30
        )
        self.send({"type": "connection_init", "payload": params or {}})
        self.ack = self.receive()
        self._ids = 0

    def send(self, message: Message) -> None:
        self.ws.send(json.dumps(message))

    def receive(self, timeout: float = 10.0) -> Message:
        """The next message other than a ping (answered)."""
        while True:
            message: Message = json.loads(self.ws.recv(timeout=timeout))
            if message["type"] == "ping":
                self.send({"type": "pong"})
                continue
            return message

    def subscribe(self, query: str, variables: dict[str, Any] | None = None) -> str:
        self._ids += 1
        operation = str(self._ids)
        payload = {"query": query, "variables": variables or {}}
        self.send({"id": operation, "type": "subscribe", "payload": payload})
        return operation

    def next_data(self, timeout: float = 10.0) -> dict[str, Any]:
        """The data of the next ``next`` message (its errors raise)."""
        message = self.receive(timeout)
        assert message["type"] == "next", message
        assert not message["payload"].get("errors"), message
        data: dict[str, Any] = message["payload"]["data"]
        return data

    def query(self, query: str) -> dict[str, Any]:
        """Run a query over this connection (it answers once, then completes)."""
        self.subscribe(query)
        data = self.next_data()
        assert self.receive()["type"] == "complete"
        return data

    def query_mutation(self, document: str, variables: dict[str, Any]) -> dict[str, Any]:
        """Run a query or mutation with variables over this connection."""
        self.subscribe(document, variables)
        data = self.next_data()
        assert self.receive()["type"] == "complete"
        return data

    def close(self) -> None:
        self.ws.close()

    def __enter__(self) -> GraphQLSocket:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()
