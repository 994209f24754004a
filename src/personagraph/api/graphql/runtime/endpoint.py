"""``/graphql`` over HTTP (strawberry's ASGI app): POST, GET for queries, GraphiQL in dev."""

from __future__ import annotations

from typing import Any

import orjson
import strawberry
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.http import GraphQLHTTPResponse, process_result
from strawberry.types import ExecutionResult

from personagraph.api.api_keys import KeyRing
from personagraph.api.graphql.runtime.context import (
    ANONYMOUS,
    Caller,
    DocumentTools,
    Limits,
    RequestContext,
)
from personagraph.api.graphql.runtime.errors import code_of, with_code


class GraphQLEndpoint(GraphQL[RequestContext, None]):
    """The schema behind HTTP; each request gets a :class:`RequestContext`."""

    def __init__(
        self,
        schema: strawberry.Schema,
        *,
        graphiql: bool,
        limits: Limits,
        anonymous_reads: bool,
        keys: KeyRing,
        documents: DocumentTools | None = None,
    ) -> None:
        # Multipart requests (the GraphQL multipart request spec) carry document uploads;
        # they need an API key in a header, which a cross-site form cannot send.
        super().__init__(
            schema, graphql_ide="graphiql" if graphiql else None, multipart_uploads_enabled=True
        )
        self.documents = documents or DocumentTools()
        self.limits = limits
        self.anonymous_reads = anonymous_reads
        self.keys = keys

    async def get_context(
        self, request: Request | WebSocket, response: Response | WebSocket
    ) -> RequestContext:
        store = request.app.state.store
        return RequestContext(
            store=store,
            limits=self.limits,
            caller=await self._caller(request),
            request_id=getattr(request.state, "request_id", "-"),
            reads=request.app.state.reads,
            anonymous_reads=self.anonymous_reads,
            metrics=request.app.state.metrics,
            spec=request.app.state.spec,
            export_jobs=request.app.state.export_jobs,
            documents=self.documents,
        )

    def encode_json(self, data: object) -> str | bytes:
        # orjson is several times faster than json on a wide response; anything it
        # refuses (a JSON value with non-string keys or a huge integer) goes to json.
        try:
            return orjson.dumps(data)
        except (orjson.JSONEncodeError, TypeError):
            return super().encode_json(data)

    async def process_result(
        self, request: Request, result: ExecutionResult
    ) -> GraphQLHTTPResponse:
        # Here rather than in a schema extension: parse errors never reach extensions.
        if result.errors:
            request_id = getattr(request.state, "request_id", "-")
            result.errors = [with_code(error, request_id) for error in result.errors]
            metrics = request.app.state.metrics
            for error in result.errors:
                metrics.errors.labels(code_of(error)).inc()
        return process_result(result)

    async def _caller(self, request: Request | WebSocket) -> Caller:
        header = request.headers.get("authorization", "")
        presented = header.removeprefix("Bearer ").strip() if header else ""
        presented = presented or request.headers.get("x-api-key", "").strip()
        if not presented:
            return ANONYMOUS
        found: Any = await run_in_threadpool(self.keys.caller, request.app.state.store, presented)
        if isinstance(found, Caller):
            request.state.caller = found.name
            return found
        return Caller("anonymous", None, problem=found)
