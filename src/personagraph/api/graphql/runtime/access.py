"""Who may do what: reads need ``reader`` (or anonymous reads enabled), writes ``editor``.

Each root field declares the role it needs (:mod:`.policy`); :mod:`.admission` checks
them all before the request is validated, and each resolver checks its own again
with :func:`require`.
"""

from __future__ import annotations

from typing import Any

import strawberry

from personagraph.api.graphql.runtime.context import Caller, RequestContext, Role
from personagraph.api.graphql.runtime.errors import Forbidden, Unauthenticated, Unavailable

KEY_HELP = (
    "send an API key as `Authorization: Bearer <key>` (create one: personagraph apikey create)"
)


def require(info: strawberry.Info[Any, Any], needed: Role) -> RequestContext:
    """The request's context, once its caller is allowed ``needed``.

    Raises:
        Unauthenticated: no API key, and this needs one.
        Forbidden: the key's role is below ``needed``.
        Unavailable: the key could not be checked (the database is unreachable).
    """
    context: RequestContext = info.context
    check_role(context.caller, needed, info.field_name, anonymous_reads=context.anonymous_reads)
    return context


def check_role(caller: Caller, needed: Role, field: str, *, anonymous_reads: bool) -> None:
    """Whether ``caller`` may run ``field``, which needs ``needed``.

    Raises:
        Unauthenticated: no API key (or a refused one), and this needs one.
        Forbidden: the key's role is below ``needed``.
        Unavailable: the key could not be checked (the database is unreachable).
    """
    role = caller.role
    if caller.problem:
        refusal = Unavailable if caller.unavailable else Unauthenticated
        raise refusal(f"{field}: {caller.problem}")
    if role is None:
        if needed is Role.READER and anonymous_reads:
            return
        raise Unauthenticated(f"{field} needs the {needed.value} role: {KEY_HELP}")
    if not role.allows(needed):
        raise Forbidden(
            f"{field} needs the {needed.value} role; the key {caller.name!r} has {role.value}"
        )
