"""Errors as clients see them: a message naming the bad input and ``extensions.code``.

Codes: ``BAD_USER_INPUT`` (the request is wrong: unknown field, wrong type, bad value,
over a limit), ``NOT_FOUND``, ``CONFLICT`` (stale ``version``, duplicate key),
``DELETED`` (the persona is soft-deleted: re-reading will not help, a copy can be edited),
``UNAUTHENTICATED`` (no or unknown API key), ``FORBIDDEN`` (the key's role is too low),
``TIMEOUT`` (the database stopped a query at the time limit), ``UNAVAILABLE`` (the
database cannot be reached, a GDS analysis would not fit in its heap, or no routing
rules are loaded),
``RATE_LIMITED`` (the caller's budget is spent: HTTP 429, ``Retry-After``),
``OVERLOADED`` (the service sheds load: HTTP 503, ``Retry-After``) and ``INTERNAL``
(anything unexpected: the message is replaced, the details are logged with the request
id). Requests that are not GraphQL requests at all are refused by
:mod:`.transport` with ``BAD_USER_INPUT`` (400), ``METHOD_NOT_ALLOWED`` (405),
``REQUEST_TOO_LARGE`` (413) or ``UNSUPPORTED_MEDIA_TYPE`` (415).
"""

from __future__ import annotations

import logging

from graphql import GraphQLError

from personagraph.errors import (
    ConstraintViolation,
    DatabaseBusy,
    DatabaseUnavailable,
    DocumentRejected,
    EditConflict,
    EmbeddingModelMismatch,
    EmbeddingModelUnavailable,
    EntityNotFound,
    InsufficientMemory,
    PersonaDeleted,
    PersonagraphError,
    QueryTimedOut,
    RequestRejected,
    RoutingUnavailable,
    SubscriberFellBehind,
    ValidationFailed,
    WebhookRejected,
)

log = logging.getLogger("personagraph.api")

BAD_USER_INPUT = "BAD_USER_INPUT"
NOT_FOUND = "NOT_FOUND"
CONFLICT = "CONFLICT"
DELETED = "DELETED"
UNAUTHENTICATED = "UNAUTHENTICATED"
FORBIDDEN = "FORBIDDEN"
TIMEOUT = "TIMEOUT"
UNAVAILABLE = "UNAVAILABLE"
RATE_LIMITED = "RATE_LIMITED"
OVERLOADED = "OVERLOADED"
METHOD_NOT_ALLOWED = "METHOD_NOT_ALLOWED"
REQUEST_TOO_LARGE = "REQUEST_TOO_LARGE"
UNSUPPORTED_MEDIA_TYPE = "UNSUPPORTED_MEDIA_TYPE"
INTERNAL = "INTERNAL"


class ApiError(PersonagraphError):
    """An error meant for the client, with its code (and more ``extensions``, if any)."""

    code = INTERNAL

    def __init__(
        self, message: str, code: str | None = None, extensions: dict[str, object] | None = None
    ) -> None:
        super().__init__(message)
        if code:
            self.code = code
        self.extensions = extensions or {}


class NotFound(ApiError):
    code = NOT_FOUND


class Conflict(ApiError):
    code = CONFLICT


class Unauthenticated(ApiError):
    code = UNAUTHENTICATED


class Forbidden(ApiError):
    code = FORBIDDEN


class BadInput(ApiError):
    code = BAD_USER_INPUT


class RateLimited(ApiError):
    """The caller's rate limit is spent; ``retry_after`` seconds until it allows this."""

    code = RATE_LIMITED

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message, extensions={"retryAfter": retry_after})
        self.retry_after = retry_after


class Unavailable(ApiError):
    code = UNAVAILABLE


def code_of(error: GraphQLError) -> str:
    """The code a client gets for ``error`` (INTERNAL for anything unforeseen)."""
    if error.extensions and "code" in error.extensions:
        return str(error.extensions["code"])
    original = error.original_error
    if original is None or isinstance(original, GraphQLError):
        return BAD_USER_INPUT  # parse, validation and variable errors: the request is wrong
    if isinstance(original, ApiError):
        return original.code
    if isinstance(original, (ValidationFailed, DocumentRejected, RequestRejected, WebhookRejected)):
        return BAD_USER_INPUT
    if isinstance(original, EntityNotFound):
        return NOT_FOUND
    if isinstance(original, PersonaDeleted):
        return DELETED
    if isinstance(original, (ConstraintViolation, EditConflict, EmbeddingModelMismatch)):
        return CONFLICT
    if isinstance(original, QueryTimedOut):
        return TIMEOUT
    if isinstance(
        original, (DatabaseUnavailable, DatabaseBusy, InsufficientMemory, EmbeddingModelUnavailable)
    ):
        return UNAVAILABLE
    if isinstance(original, (RoutingUnavailable, SubscriberFellBehind)):
        return UNAVAILABLE
    return INTERNAL


def _message(error: GraphQLError) -> str:
    original = error.original_error
    if isinstance(original, ValidationFailed):
        return "; ".join(original.problems)
    return error.message


def with_code(error: GraphQLError, request_id: str) -> GraphQLError:
    """``error`` as the client sees it: a code, the request id, unexpected ones masked."""
    if error.extensions and "code" in error.extensions:
        return error
    code = code_of(error)
    message = _message(error)
    if code == INTERNAL:
        log.error(
            "unexpected error in request %s at %s",
            request_id,
            error.path,
            exc_info=error.original_error,
        )
        message = f"Internal error; quote request id {request_id} when reporting it."
    original = error.original_error
    more = original.extensions if isinstance(original, ApiError) else {}
    return GraphQLError(
        message,
        nodes=error.nodes,
        source=error.source,
        positions=error.positions,
        path=error.path,
        extensions={**(error.extensions or {}), **more, "code": code, "requestId": request_id},
    )
