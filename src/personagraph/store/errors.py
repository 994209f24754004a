"""Neo4j driver exceptions translated into personagraph's own errors.

Every exception class the driver defines has an entry in :data:`EXCEPTION_MAP`
(a test checks it), so a new driver exception is a decision, not an accident.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import neo4j.exceptions as neo

from personagraph.errors import (
    AuthenticationFailed,
    ConstraintViolation,
    DatabaseBusy,
    DatabaseUnavailable,
    QueryFailed,
    QueryTimedOut,
    StoreError,
)

_UNREACHABLE = (
    "Neo4j cannot be reached: {detail}. Is the server running? "
    "Start one with `personagraph neo4j start` or set NEO4J_URI."
)

EXCEPTION_MAP: dict[type[BaseException], type[StoreError]] = {
    # The connection: no server, a lost one, or a pool that never got a connection.
    neo.ServiceUnavailable: DatabaseUnavailable,
    neo.ReadServiceUnavailable: DatabaseUnavailable,
    neo.WriteServiceUnavailable: DatabaseUnavailable,
    neo.RoutingServiceUnavailable: DatabaseUnavailable,
    neo.IncompleteCommit: DatabaseUnavailable,
    neo.SessionExpired: DatabaseUnavailable,
    neo.ConnectionPoolError: DatabaseUnavailable,
    neo.ConnectionAcquisitionTimeoutError: DatabaseUnavailable,
    neo.DatabaseUnavailable: DatabaseUnavailable,
    # Credentials and permissions.
    neo.AuthError: AuthenticationFailed,
    neo.TokenExpired: AuthenticationFailed,
    neo.AuthConfigurationError: AuthenticationFailed,
    neo.Forbidden: AuthenticationFailed,
    # Transient server states that outlived the driver's retries.
    neo.TransientError: DatabaseBusy,
    neo.NotALeader: DatabaseBusy,
    neo.ForbiddenOnReadOnlyDatabase: DatabaseBusy,
    # The data broke a schema rule.
    neo.ConstraintError: ConstraintViolation,
    # The statement itself, or how it was used.
    neo.CypherSyntaxError: QueryFailed,
    neo.CypherTypeError: QueryFailed,
    neo.ClientError: QueryFailed,
    neo.DatabaseError: QueryFailed,
    neo.Neo4jError: QueryFailed,
    neo.ResultError: QueryFailed,
    neo.ResultConsumedError: QueryFailed,
    neo.ResultFailedError: QueryFailed,
    neo.ResultNotSingleError: QueryFailed,
    neo.BrokenRecordError: QueryFailed,
    neo.TransactionError: QueryFailed,
    neo.TransactionNestingError: QueryFailed,
    neo.SessionError: QueryFailed,
    # Driver configuration.
    neo.ConfigurationError: StoreError,
    neo.CertificateConfigurationError: StoreError,
    neo.UnsupportedServerProduct: StoreError,
    neo.DriverError: StoreError,
    neo.GqlError: StoreError,
}


def translate(exc: BaseException) -> StoreError:
    """The personagraph error for a driver exception (most specific entry wins)."""
    code = str(getattr(exc, "code", "") or "")
    if code.startswith(_TIMED_OUT):
        return QueryTimedOut(
            f"The query ran longer than its time limit and was stopped ({code}). "
            "Ask for less (smaller pages, fewer levels) or raise the limit "
            "(PERSONAGRAPH_QUERY_TIMEOUT for the API)."
        )
    for klass in type(exc).__mro__:
        target = EXCEPTION_MAP.get(klass)
        if target is not None:
            return target(_message(target, exc))
    return StoreError(f"Unexpected Neo4j driver error: {exc!r}")


_TRANSACTION_MEMORY = "Neo.TransientError.General.MemoryPoolOutOfMemoryError"
_TIMED_OUT = "Neo.ClientError.Transaction.TransactionTimedOut"


def _message(target: type[StoreError], exc: BaseException) -> str:
    detail = str(exc).strip() or type(exc).__name__
    if isinstance(exc, neo.IncompleteCommit):
        return (
            f"The connection was lost while committing, so whether the change was saved is "
            f"unknown: {detail}. Check the server (`personagraph neo4j status`); running the "
            "same command again is safe."
        )
    if getattr(exc, "code", None) == _TRANSACTION_MEMORY:
        return (
            f"The transaction needs more memory than the server allows: {detail}. "
            "Give Neo4j a larger heap (a local server: PERSONAGRAPH_NEO4J_HEAP=4g, then "
            "`personagraph neo4j stop` and `start`; elsewhere raise server.memory.heap.max_size "
            "or dbms.memory.transaction.total.max)."
        )
    if target is DatabaseUnavailable:
        return _UNREACHABLE.format(detail=detail)
    if target is AuthenticationFailed:
        return (
            f"Neo4j refused the credentials: {detail}. "
            "Check NEO4J_USER and NEO4J_PASSWORD (or `personagraph neo4j status --show-password`)."
        )
    return detail


@contextmanager
def mapped_errors() -> Iterator[None]:
    """Re-raise any driver exception inside the block as a :class:`StoreError`."""
    try:
        yield
    except neo.GqlError as exc:
        raise translate(exc) from exc
