"""``/graphql`` over HTTP (POST, GET for queries, GraphiQL in dev) and WebSocket.

One request goes through, in order: the transport (:mod:`.transport`: method, size,
content type, JSON, shape; refusals are JSON with their status), a slot among the
worker's operations (:mod:`personagraph.api.load_shedding`), the caller's API key and
rate limit, then strawberry's parse, role check, validation, worst-case check and
execution (:mod:`.admission`). Every answer is JSON.

Over WebSocket (graphql-transport-ws only, for subscriptions): strawberry refuses a
handshake from a browser page of another origin unless it is in ``allowed_origins``,
and caps the operations open on one connection; the API key comes in the
``connection_init`` payload (``{"apiKey": "..."}`` or ``{"Authorization": "Bearer ..."}``:
browsers cannot set headers on a WebSocket), and an unknown or revoked key closes the
connection with 4403.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import cast

import orjson
import strawberry
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import Receive, Scope, Send
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.exceptions import ConnectionRejectionError, MissingQueryError
from strawberry.http import GraphQLHTTPResponse, process_result
from strawberry.http.types import HTTPMethod
from strawberry.schema.exceptions import CannotGetOperationTypeError, InvalidOperationTypeError
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL
from strawberry.types import ExecutionResult
from strawberry.types.graphql import OperationType
from strawberry.types.unset import UNSET, UnsetType

from personagraph.api.api_keys import KeyRing
from personagraph.api.graphql.compile.label_sizes import LabelSizes
from personagraph.api.graphql.runtime.context import (
    ANONYMOUS,
    Caller,
    DocumentTools,
    Limits,
    RequestContext,
)
from personagraph.api.graphql.runtime.errors import (
    BAD_USER_INPUT,
    INTERNAL,
    code_of,
    log,
    with_code,
)
from personagraph.api.graphql.runtime.label_sizes import LabelSizeBoard
from personagraph.api.graphql.runtime.transport import (
    Operation,
    TransportError,
    mutation_over_get,
    read_operation,
    status_of,
)
from personagraph.api.load_shedding import OperationSlots
from personagraph.api.rate_limits import RateLimits
from personagraph.api.unavailable import mark_unavailable
from personagraph.store import Store


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
        max_request_bytes: int,
        slots: OperationSlots,
        retry_after: int,
        rate_limits: RateLimits | None = None,
        documents: DocumentTools | None = None,
        allowed_origins: Sequence[str] = (),
        max_subscriptions_per_connection: int = 20,
    ) -> None:
        # Multipart requests (the GraphQL multipart request spec) carry document uploads;
        # they need an API key in a header, which a cross-site form cannot send.
        super().__init__(
            schema,
            graphql_ide="graphiql" if graphiql else None,
            multipart_uploads_enabled=True,
            subscription_protocols=[GRAPHQL_TRANSPORT_WS_PROTOCOL],
            max_subscriptions_per_connection=max_subscriptions_per_connection,
            allowed_origins=allowed_origins,
        )
        self.documents = documents or DocumentTools()
        self.limits = limits
        self.anonymous_reads = anonymous_reads
        self.keys = keys
        self.max_request_bytes = max_request_bytes
        self.slots = slots
        self.rate_limits = rate_limits
        self.retry_after = retry_after  # seconds, for answers the database failed

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await super().__call__(scope, receive, send)
            return
        request = Request(scope, receive)
        try:
            response = await self._answer(request)
        except TransportError as refused:
            request.app.state.metrics.errors.labels(refused.code).inc()
            response = refused.response(_request_id(request))
        except Exception:  # JSON always, even for what nothing above foresaw
            request_id = _request_id(request)
            log.exception("unexpected error in request %s", request_id)
            request.app.state.metrics.errors.labels(INTERNAL).inc()
            message = f"Internal error; quote request id {request_id} when reporting it."
            response = TransportError(500, INTERNAL, message).response(request_id)
        finally:
            # An upload's parts are spooled to temporary files: closed however the request
            # ended (a refused key leaves them unread).
            await request.close()
        await response(scope, receive, send)

    async def _answer(self, request: Request) -> Response:
        if self.graphql_ide and self.should_render_graphql_ide(request):  # type: ignore[arg-type]
            return await self.render_graphql_ide(request)
        operation = await read_operation(
            request, self.max_request_bytes, multipart=self.multipart_uploads_enabled
        )
        async with self.slots.slot():
            sub_response = await self.get_sub_response(request)
            context = await self.get_context(request, sub_response)
            result = await self._execute(request, operation, context)
            response_data = await self.process_result(request, result)
        status, headers = status_of(result.errors or [])
        if status != 200:
            sub_response.status_code = status
            sub_response.headers.update(headers)
        response = self.create_response(response_data, sub_response)
        mark_unavailable(response, response_data, self.retry_after)
        return response

    async def _execute(
        self, request: Request, operation: Operation, context: RequestContext
    ) -> ExecutionResult:
        try:
            return await self.schema.execute(
                operation.query,
                variable_values=operation.variables,
                context_value=context,
                operation_name=operation.operation_name,
                allowed_operation_types=OperationType.from_http(_method(request)),
                operation_extensions=operation.extensions,
            )
        except InvalidOperationTypeError as error:
            if error.operation_type is OperationType.MUTATION:
                raise mutation_over_get(request.method) from None
            reason = error.as_http_error_reason(request.method)
            raise TransportError(400, BAD_USER_INPUT, reason) from None
        except CannotGetOperationTypeError as error:
            if error.operation_name is None:
                message = (
                    "the document has several operations (or none): name the one to run "
                    "with operationName"
                )
            else:
                message = (
                    f"the document has no operation named {error.operation_name!r}: give "
                    "operationName as the name of one of its operations"
                )
            raise TransportError(400, BAD_USER_INPUT, message) from None
        except MissingQueryError:
            raise TransportError(400, BAD_USER_INPUT, "the request has no query") from None

    async def get_context(
        self, request: Request | WebSocket, response: Response | WebSocket
    ) -> RequestContext:
        state = request.app.state
        store = state.store
        caller = await self._caller(request)
        budget = None
        if self.rate_limits is not None:
            address = request.client.host if request.client else "unknown"
            budget = self.rate_limits.budget(caller, address)
        return RequestContext(
            store=store,
            limits=self.limits,
            caller=caller,
            request_id=_request_id(request),
            reads=state.reads,
            anonymous_reads=self.anonymous_reads,
            metrics=state.metrics,
            spec=store.spec,
            export_jobs=state.export_jobs,
            scoring_jobs=getattr(state, "scoring_jobs", None),
            budget=budget,
            router=state.router,
            documents=self.documents,
            serving_cache=state.serving_cache,
            events=getattr(state, "events", None),
            webhooks=getattr(state, "webhooks", None),
            label_sizes=await _label_sizes(request),
        )

    async def on_ws_connect(self, context: RequestContext) -> UnsetType | dict[str, object] | None:
        """Take the API key from the ``connection_init`` payload; refuse a bad one (4403)."""
        params = context.connection_params or {}
        presented = params.get("apiKey") or params.get("Authorization") or ""
        if not isinstance(presented, str):
            raise ConnectionRejectionError({"message": "apiKey must be a string"})
        presented = presented.removeprefix("Bearer ").strip()
        if presented:
            found = await self._key_caller(context.store, presented)
            if not isinstance(found, Caller):
                raise ConnectionRejectionError({"message": str(found)})
            context.caller = found
            if self.rate_limits is not None:
                context.budget = self.rate_limits.budget(found, "websocket")
        return cast(UnsetType, UNSET)  # acknowledge without a payload

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
            request_id = _request_id(request)
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
        found = await self._key_caller(request.app.state.store, presented)
        if isinstance(found, Caller):
            request.state.caller = found.name
            return found
        return Caller("anonymous", None, problem=found)

    async def _key_caller(self, store: Store, presented: str) -> Caller | str:
        # A key checked lately is answered from memory on the event loop; only a look-up
        # in the store (a blocking read) goes to a worker thread, whose hop costs more
        # than everything else a cached read does.
        remembered = self.keys.remembered(presented)
        if remembered is not None:
            return remembered
        return await run_in_threadpool(self.keys.caller, store, presented)


def _method(request: Request) -> HTTPMethod:
    # read_operation let only GET and POST through.
    return "GET" if request.method == "GET" else "POST"


async def _label_sizes(request: Request | WebSocket) -> LabelSizes:
    board: LabelSizeBoard | None = getattr(request.app.state, "label_sizes", None)
    return LabelSizes() if board is None else await board.current()


def _request_id(request: Request | WebSocket) -> str:
    return str(getattr(request.state, "request_id", "-"))
