"""An answer the database failed says when to try again, and is a 503 when nothing else came."""

from __future__ import annotations

from typing import Any

from starlette.responses import Response

from personagraph.api.unavailable import mark_unavailable

UNAVAILABLE = {"message": "Neo4j cannot be reached", "extensions": {"code": "UNAVAILABLE"}}


def _unavailable_at(field: str) -> dict[str, Any]:
    return {**UNAVAILABLE, "path": [field]}


def _marked(answer: Any) -> Response:
    response = Response(status_code=200)
    mark_unavailable(response, answer, retry_after=3)
    return response


def test_an_answer_with_no_data_and_only_unavailable_errors_is_a_503_with_retry_after() -> None:
    response = _marked({"data": None, "errors": [_unavailable_at("personas")]})

    assert response.status_code == 503
    assert response.headers["Retry-After"] == "3"


def test_every_top_level_field_failing_unavailable_is_a_503() -> None:
    answer = {
        "data": {"personas": None, "first": None},
        "errors": [_unavailable_at("personas"), _unavailable_at("first")],
    }

    assert _marked(answer).status_code == 503


def test_a_field_that_answered_keeps_the_200_but_the_retry_after_is_given() -> None:
    answer = {
        "data": {"server": {"ready": False}, "personas": None},
        "errors": [_unavailable_at("personas")],
    }

    response = _marked(answer)

    assert response.status_code == 200
    assert response.headers["Retry-After"] == "3"


def test_a_null_field_without_an_error_of_its_own_counts_as_answered() -> None:
    answer = {"data": {"persona": None, "personas": None}, "errors": [_unavailable_at("personas")]}

    assert _marked(answer).status_code == 200


def test_other_errors_beside_unavailable_keep_the_200() -> None:
    bad_input = {"message": "limit: too large", "extensions": {"code": "BAD_USER_INPUT"}}

    response = _marked({"data": None, "errors": [UNAVAILABLE, bad_input]})

    assert response.status_code == 200
    assert response.headers["Retry-After"] == "3"


def test_an_answer_without_unavailable_errors_is_left_alone() -> None:
    forbidden = {"message": "needs editor", "extensions": {"code": "FORBIDDEN"}}

    response = _marked({"data": None, "errors": [forbidden]})

    assert response.status_code == 200
    assert "Retry-After" not in response.headers


def test_a_batch_is_a_503_only_when_each_of_its_answers_is() -> None:
    failed = {"data": None, "errors": [UNAVAILABLE]}
    answered = {"data": {"server": {"ready": False}}}

    assert _marked([failed, failed]).status_code == 503
    assert _marked([failed, answered]).status_code == 200
    assert _marked([failed, answered]).headers["Retry-After"] == "3"
