"""A GraphQL request read off HTTP, and every way it can fail to be one, as JSON.

``POST /graphql`` takes one JSON object (``query``, ``variables``, ``operationName``,
``extensions``) with ``Content-Type: application/json``; ``GET /graphql`` takes the
same as query parameters (queries only). Anything else is refused here, before the
API key is looked up or the document parsed, with a GraphQL-shaped body
(``{"errors": [{"message", "extensions": {"code", "requestId"}}]}``) and the status
that says what kind of problem it is:

=====  ==========================  ===================================================
 400   ``BAD_USER_INPUT``          not UTF-8, not JSON, nested too deep, not an object,
                                   a batch (a JSON array), a part of the wrong type,
                                   a lone surrogate (``"\\ud800"``) in a string
 405   ``METHOD_NOT_ALLOWED``      neither GET nor POST, or a mutation over GET
 413   ``REQUEST_TOO_LARGE``       a body over ``PERSONAGRAPH_MAX_REQUEST_BYTES``
 415   ``UNSUPPORTED_MEDIA_TYPE``  a POST body that is not ``application/json``
=====  ==========================  ===================================================

Later refusals keep the same shape: 429 ``RATE_LIMITED`` and 503 ``OVERLOADED``, each
with ``Retry-After`` (:func:`status_of`, :mod:`personagraph.api.load_shedding`).
"""

from __future__ import annotations

import asyncio
import json
import math
from collections.abc import AsyncIterator, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from graphql import GraphQLError
from starlette.datastructures import UploadFile
from starlette.formparsers import MultiPartException
from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse
from strawberry.file_uploads.utils import replace_placeholders_with_files

from personagraph.api.graphql.runtime.errors import (
    BAD_USER_INPUT,
    METHOD_NOT_ALLOWED,
    RATE_LIMITED,
    REQUEST_TOO_LARGE,
    UNSUPPORTED_MEDIA_TYPE,
)

__all__ = ["Operation", "TransportError", "read_operation", "status_of"]

SHAPE_HELP = 'send {"query": "...", "variables": {...}, "operationName": "..."}'


@dataclass(frozen=True)
class Operation:
    """The parts of one GraphQL request."""

    query: str
    variables: dict[str, Any] | None = None
    operation_name: str | None = None
    extensions: dict[str, Any] | None = None


class TransportError(Exception):
    """A request refused before it is run, with its HTTP status and error code."""

    def __init__(
        self, status: int, code: str, message: str, headers: Mapping[str, str] | None = None
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.headers = dict(headers or {})

    def response(self, request_id: str) -> JSONResponse:
        """The refusal as the client gets it."""
        extensions = {"code": self.code, "requestId": request_id}
        error = {"message": self.message, "extensions": extensions}
        return JSONResponse({"errors": [error]}, status_code=self.status, headers=self.headers)


def _bad(message: str) -> TransportError:
    return TransportError(400, BAD_USER_INPUT, message)


async def read_operation(request: Request, max_bytes: int, *, multipart: bool = False) -> Operation:
    """The GraphQL request in ``request``: a GET's query string, a POST's JSON body, or
    (with ``multipart``) a POST in the GraphQL multipart request format, whose files
    take the places its ``map`` names among the variables. A multipart body's size is
    bounded by ``api/upload_limit.py``, not by ``max_bytes``.

    Raises:
        TransportError: it is not one, or is larger than ``max_bytes``.
    """
    if request.method == "GET":
        return _from_query_string(request.query_params)
    if request.method != "POST":
        raise TransportError(
            405,
            METHOD_NOT_ALLOWED,
            f"/graphql does not take {request.method} requests: send queries as GET or "
            "POST, mutations as POST",
            {"Allow": "GET, POST"},
        )
    content_type = request.headers.get("content-type")
    if _media_type(content_type) == "multipart/form-data" and multipart:
        return await _from_multipart(request)
    _check_content_type(content_type, multipart=multipart)
    body = await _body(request, max_bytes)
    return _from_json(_decoded(body))


def mutation_over_get(method: str) -> TransportError:
    """The refusal of a mutation sent as GET."""
    return TransportError(
        405,
        METHOD_NOT_ALLOWED,
        f"mutations are not run for {method} requests (a GET must change nothing): send "
        "the mutation as POST with Content-Type: application/json",
        {"Allow": "POST"},
    )


def status_of(errors: Iterable[GraphQLError]) -> tuple[int, dict[str, str]]:
    """The HTTP status and headers of a response carrying ``errors`` (200 for most)."""
    waits = [
        _seconds((error.extensions or {}).get("retryAfter"))
        for error in errors
        if (error.extensions or {}).get("code") == RATE_LIMITED
    ]
    if waits:
        return 429, {"Retry-After": str(max(waits))}
    return 200, {}


def _seconds(value: object) -> int:
    return math.ceil(value) if isinstance(value, int | float) and value > 0 else 1


def _media_type(header: str | None) -> str:
    return (header or "").partition(";")[0].strip().lower()


def _check_content_type(header: str | None, *, multipart: bool) -> None:
    _, _, parameters = (header or "").partition(";")
    charset = _parameter(parameters, "charset")
    if _media_type(header) == "application/json" and charset in (None, "utf-8", "utf8"):
        return
    given = f"Content-Type {header!r}" if header else "a body without a Content-Type"
    files = " (or multipart/form-data to upload a file)" if multipart else ""
    raise TransportError(
        415,
        UNSUPPORTED_MEDIA_TYPE,
        f"{given} is not supported: send the request as UTF-8 JSON with "
        f"Content-Type: application/json{files}",
    )


async def _from_multipart(request: Request) -> Operation:
    """A request of the GraphQL multipart request spec: ``operations``, ``map``, files."""
    try:
        form = await request.form()
    except (MultiPartException, ValueError) as error:
        raise _bad(f"the multipart body cannot be read: {error}") from None
    parts: dict[str, Any] = {}
    for name in ("operations", "map"):
        text = form.get(name)
        if not isinstance(text, str):
            raise _bad(
                f"the multipart body has no {name!r} part: send the operation as an "
                "`operations` JSON part, then a `map` part naming each file's variable"
            )
        try:
            parts[name] = json.loads(text)
        except (json.JSONDecodeError, RecursionError):
            raise _bad(f"the multipart body's {name!r} part is not JSON") from None
    files_map = parts["map"]
    if not isinstance(files_map, dict) or not all(
        isinstance(paths, list) and all(isinstance(path, str) for path in paths)
        for paths in files_map.values()
    ):
        raise _bad('the multipart body\'s "map" must map each file part to a list of paths')
    missing = [name for name in files_map if not isinstance(form.get(name), UploadFile)]
    if missing:
        raise _bad(f"the multipart body's map names parts that are not files: {missing}")
    operations = _from_json(parts["operations"])
    data = {
        "query": operations.query,
        "variables": operations.variables or {},
        "operationName": operations.operation_name,
        "extensions": operations.extensions,
    }
    try:
        placed = replace_placeholders_with_files(
            data, files_map, {name: form[name] for name in files_map}
        )
    except (KeyError, IndexError, ValueError, TypeError):
        raise _bad(
            "the multipart body's map names a path that is not in the operation's "
            'variables: paths look like "variables.file"'
        ) from None
    return Operation(
        placed["query"], placed["variables"], placed["operationName"], placed["extensions"]
    )


def _parameter(parameters: str, name: str) -> str | None:
    for part in parameters.split(";"):
        key, _, value = part.partition("=")
        if key.strip().lower() == name:
            return value.strip().strip('"').lower()
    return None


async def _body(request: Request, max_bytes: int) -> bytes:
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        if int(declared) <= max_bytes * _DRAINED_TIMES:
            await _drain(request.stream(), max_bytes * _DRAINED_TIMES)
        raise _too_large(f"{int(declared):,} bytes", max_bytes)
    chunks: list[bytes] = []
    size = 0
    stream = request.stream()
    async for chunk in stream:
        size += len(chunk)
        if size > max_bytes:  # a body without Content-Length: stop keeping it here
            await _drain(stream, max_bytes * _DRAINED_TIMES - size)
            raise _too_large(f"more than {max_bytes:,} bytes", max_bytes)
        chunks.append(chunk)
    return b"".join(chunks)


# A body up to this many times the limit is read to its end (and dropped) before the
# 413 is sent: a client still sending when the server closes the connection gets a
# broken pipe or a reset instead of the answer. Larger ones are cut off at once.
_DRAINED_TIMES = 4
_DRAIN_SECONDS = 2.0


async def _drain(stream: AsyncIterator[bytes], budget: int) -> None:
    """Read and drop what is left of the body, up to ``budget`` bytes and a few seconds."""
    try:
        async with asyncio.timeout(_DRAIN_SECONDS):
            async for chunk in stream:
                budget -= len(chunk)
                if budget < 0:
                    return
    except (TimeoutError, ClientDisconnect):
        return


def _too_large(amount: str, max_bytes: int) -> TransportError:
    return TransportError(
        413,
        REQUEST_TOO_LARGE,
        f"the request body is {amount}, over the limit of {max_bytes:,} bytes "
        "(PERSONAGRAPH_MAX_REQUEST_BYTES): send a smaller document or fewer variables",
        # The rest of the body is not read; the connection cannot carry another request.
        {"Connection": "close"},
    )


def _decoded(body: bytes) -> Any:
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as error:
        raise _bad(
            f"the request body is not UTF-8: byte 0x{body[error.start]:02x} at position "
            f"{error.start} cannot start or continue a character; encode the JSON as UTF-8"
        ) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise _bad(
            f"the request body is not JSON: {error.msg} at line {error.lineno} column "
            f"{error.colno}; {SHAPE_HELP}"
        ) from None
    except RecursionError:
        raise _bad(
            "the request body nests arrays or objects too deeply to be read; "
            f"a GraphQL request is one flat object: {SHAPE_HELP}"
        ) from None


def _from_json(data: Any) -> Operation:
    if isinstance(data, list):
        raise _bad(
            "batched requests (a JSON array of operations) are not supported: send one "
            "operation per request"
        )
    if not isinstance(data, dict):
        shown = json.dumps(data, ensure_ascii=True)[:40]
        raise _bad(f"the request body is the JSON value {shown}, not an object: {SHAPE_HELP}")
    return _operation(data, "the body's")


def _from_query_string(params: Mapping[str, str]) -> Operation:
    data: dict[str, Any] = dict(params)
    for name in ("variables", "extensions"):
        if data.get(name):
            try:
                data[name] = json.loads(data[name])
            except (json.JSONDecodeError, RecursionError):
                raise _bad(
                    f"{name}: the query parameter is not a JSON object; pass it URL-encoded, "
                    'e.g. variables={"id":"x"}'
                ) from None
        else:
            data.pop(name, None)
    return _operation(data, "the query string's")


def _operation(data: Mapping[str, Any], where: str) -> Operation:
    query = data.get("query")
    if not isinstance(query, str) or not query.strip():
        found = "missing" if query is None or query == "" else f"a {type(query).__name__}"
        raise _bad(f"{where} query is {found}: give the GraphQL document as a string; {SHAPE_HELP}")
    variables = _object_or_none(data, "variables", where)
    extensions = _object_or_none(data, "extensions", where)
    name = data.get("operationName")
    if name is not None and not isinstance(name, str):
        found = type(name).__name__
        raise _bad(f"{where} operationName is a {found}: give a string or leave it out")
    _refuse_surrogates("query", query)
    if name is not None:
        _refuse_surrogates("operationName", name)
    for key, value in (variables or {}).items():
        _refuse_surrogates(f"${key}", value)
    return Operation(query, variables, name or None, extensions)


def _object_or_none(data: Mapping[str, Any], name: str, where: str) -> dict[str, Any] | None:
    value = data.get(name)
    if value is None or isinstance(value, dict):
        return value
    raise _bad(f"{where} {name} is a {type(value).__name__}: give an object or leave it out")


def _refuse_surrogates(name: str, value: Any) -> None:
    """JSON's ``\\ud800`` escapes can make strings no UTF-8 can carry; name the first.

    Walked without recursion: a value nested a few hundred levels must not overflow.
    """
    stack: list[tuple[str, Any]] = [(name, value)]
    while stack:
        path, item = stack.pop()
        if isinstance(item, str):
            if not item.isascii():
                _check_text(path, item)
        elif isinstance(item, dict):
            for key, inner in item.items():
                _check_text(f"{path} (a key)", key)
                stack.append((f"{path}.{key}", inner))
        elif isinstance(item, list):
            stack.extend((f"{path}[{index}]", inner) for index, inner in enumerate(item))


def _check_text(path: str, text: str) -> None:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as error:
        unit = ord(text[error.start])
        raise _bad(
            f"{path}: the string has a lone UTF-16 surrogate (\\u{unit:04x}) at character "
            f"{error.start}, which is not a character; send the character it was part of "
            "as a surrogate pair, or leave it out"
        ) from None
