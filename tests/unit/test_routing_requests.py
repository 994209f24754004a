"""What ``route`` accepts: a non-empty request under the limit, a small JSON object as context."""

from __future__ import annotations

from typing import Any

import pytest

from personagraph.errors import ValidationFailed
from personagraph.routing.router import check_request

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("text", "context", "problem"),
    [
        ("", None, "request: is empty; send the text the user asked"),
        (" \n\t", None, "request: is empty"),
        ("x" * 100_001, None, "request: 100,001 characters is over the limit of 8,000"),
        ("Generate my report", ["a"], "context: must be a JSON object, got list"),
        ("Generate my report", {"notes": "y" * 20_000}, "context: 20,013 characters of JSON"),
    ],
)
def test_a_bad_request_or_context_is_refused_by_name(text: str, context: Any, problem: str) -> None:
    with pytest.raises(ValidationFailed) as refused:
        check_request(text, context, max_chars=8000)

    assert refused.value.problems[0].startswith(problem)


def test_a_good_request_gives_its_context_back_as_a_mapping() -> None:
    assert check_request("Generate my report", {"documents": 3}, 8000) == {"documents": 3}
    assert check_request("Generate my report", None, 8000) is None
