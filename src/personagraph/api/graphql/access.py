"""Who may do what: reads need ``reader`` (or anonymous reads enabled), writes ``editor``."""

from __future__ import annotations

from typing import Any

import strawberry

from personagraph.api.graphql.context import RequestContext, Role
from personagraph.api.graphql.errors import Forbidden, Unauthenticated, Unavailable

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
    role = context.caller.role
    if context.caller.problem:
        refusal = Unavailable if context.caller.unavailable else Unauthenticated
        raise refusal(f"{info.field_name}: {context.caller.problem}")
    if role is None:
        if needed is Role.READER and context.anonymous_reads:
            return context
        raise Unauthenticated(f"{info.field_name} needs the {needed.value} role: {KEY_HELP}")
    if not role.allows(needed):
        raise Forbidden(
            f"{info.field_name} needs the {needed.value} role; the key "
            f"{context.caller.name!r} has {role.value}"
        )
    return context
