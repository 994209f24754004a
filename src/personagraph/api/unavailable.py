"""How an answer says the database could not be reached: ``Retry-After``, and 503.

Any GraphQL answer with an ``UNAVAILABLE`` error carries ``Retry-After``; when that
is all it carries (no field of the operation answered), its status is 503 too, so
that a load balancer or an HTTP client's retry policy sees an outage, not a success.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from starlette.responses import Response

from personagraph.api.graphql.runtime.errors import UNAVAILABLE

SERVICE_UNAVAILABLE = 503


def mark_unavailable(
    response: Response, answer: Mapping[str, Any] | Sequence[Mapping[str, Any]], retry_after: int
) -> None:
    """Give ``response`` (carrying ``answer``, or a batch of them) ``Retry-After`` and 503
    as the module docstring says; leave it alone when nothing is ``UNAVAILABLE``."""
    answers = [answer] if isinstance(answer, Mapping) else list(answer)
    if not any(_unavailable_errors(each) for each in answers):
        return
    response.headers["Retry-After"] = str(retry_after)
    if all(only_unavailable(each) for each in answers):
        response.status_code = SERVICE_UNAVAILABLE


def only_unavailable(answer: Mapping[str, Any]) -> bool:
    """Whether every error of ``answer`` is ``UNAVAILABLE`` and no top-level field answered:
    ``data`` is null, or each of its fields is null with an error of its own."""
    errors = answer.get("errors") or []
    unavailable = _unavailable_errors(answer)
    if not errors or len(unavailable) != len(errors):
        return False
    data = answer.get("data")
    if data is None:
        return True
    failed = {error["path"][0] for error in unavailable if error.get("path")}
    return all(value is None and key in failed for key, value in data.items())


def _unavailable_errors(answer: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    return [
        error
        for error in answer.get("errors") or []
        if (error.get("extensions") or {}).get("code") == UNAVAILABLE
    ]
