"""Errors as clients see them: a message naming the bad input and ``extensions.code``.

Codes: ``BAD_USER_INPUT`` (the request is wrong: unknown field, wrong type, bad value,
over a limit), ``NOT_FOUND``, ``CONFLICT`` (stale ``version``, duplicate key),
``UNAUTHENTICATED`` (no or unknown API key), ``FORBIDDEN`` (the key's role is too low),
``TIMEOUT`` (the database stopped a query at the time limit), ``UNAVAILABLE`` (the
database cannot be reached) and ``INTERNAL`` (anything unexpected: the message is
replaced, the details are logged with the request id).
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
    PersonagraphError,
    QueryTimedOut,
    RequestRejected,
    ValidationFailed,
)

log = logging.getLogger("personagraph.api")

BAD_USER_INPUT = "BAD_USER_INPUT"
NOT_FOUND = "NOT_FOUND"
CONFLICT = "CONFLICT"
UNAUTHENTICATED = "UNAUTHENTICATED"
FORBIDDEN = "FORBIDDEN"
TIMEOUT = "TIMEOUT"
UNAVAILABLE = "UNAVAILABLE"
INTERNAL = "INTERNAL"


class ApiError(PersonagraphError):
    """An error meant for the client, with its code."""

    code = INTERNAL

    def __init__(self, message: str, code: str | None = None) -> None:
        super().__init__(message)
        if code:
            self.code = code


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


def code_of(error: GraphQLError) -> str:
    """The code a client gets for ``error`` (INTERNAL for anything unforeseen)."""
    if error.extensions and "code" in error.extensions:
        return str(error.extensions["code"])
    original = error.original_error
    if original is None or isinstance(original, GraphQLError):
        return BAD_USER_INPUT  # parse, validation and variable errors: the request is wrong
    if isinstance(original, ApiError):
        return original.code
    if isinstance(original, (ValidationFailed, DocumentRejected, RequestRejected)):
        return BAD_USER_INPUT
    if isinstance(original, EntityNotFound):
        return NOT_FOUND
    if isinstance(original, (ConstraintViolation, EditConflict, EmbeddingModelMismatch)):
        return CONFLICT
    if isinstance(original, QueryTimedOut):
        return TIMEOUT
    if isinstance(original, (DatabaseUnavailable, DatabaseBusy, EmbeddingModelUnavailable)):
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
    return GraphQLError(
        message,
        nodes=error.nodes,
        source=error.source,
        positions=error.positions,
        path=error.path,
        extensions={**(error.extensions or {}), "code": code, "requestId": request_id},
    )
