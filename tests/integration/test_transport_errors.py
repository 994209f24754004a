"""Whatever arrives at /graphql, over a real HTTP connection, gets a JSON answer with a code.

Each refusal is a GraphQL-shaped body (``errors[0].extensions.code``) with the status
that names the kind of problem, on a connection that stays open for the next request.
"""

from __future__ import annotations

import base64
import http.client
import json
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode, urlsplit

import pytest

from personagraph.api.app import create_app
from personagraph.neo4j_local.provision import Provisioned
from personagraph.settings import Settings
from personagraph.store import Store
from tests.integration.live_service import serving

PERSONA = "accounts-payable-specialist-automator"


@pytest.fixture(scope="module")
def address(neo4j_server: Provisioned, seed_catalog: Store) -> Iterator[tuple[str, int]]:
    app = create_app(neo4j_server.spec, Settings(anonymous_reads=True, max_request_bytes=131_072))
    with serving(app) as url:
        parts = urlsplit(url)
        yield parts.hostname or "127.0.0.1", parts.port or 80


class Connection:
    """One keep-alive HTTP connection, and whether the server kept it open."""

    def __init__(self, address: tuple[str, int]) -> None:
        self.http = http.client.HTTPConnection(*address, timeout=30)
        self.http.connect()
        self.socket = self.http.sock

    def send(
        self,
        method: str,
        path: str,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, dict[str, str], Any]:
        self.http.request(method, path, body=body, headers=headers or {})
        response = self.http.getresponse()
        payload = response.read()
        headers_seen = {name.lower(): value for name, value in response.getheaders()}
        assert headers_seen["content-type"].startswith("application/json"), payload[:200]
        return response.status, headers_seen, json.loads(payload)

    @property
    def kept_open(self) -> bool:
        return self.http.sock is self.socket and self.socket is not None

    def close(self) -> None:
        self.http.close()


@pytest.fixture
def connection(address: tuple[str, int]) -> Iterator[Connection]:
    opened = Connection(address)
    yield opened
    opened.close()


JSON = {"Content-Type": "application/json"}


def post(connection: Connection, body: bytes, headers: dict[str, str] = JSON) -> Any:
    return connection.send("POST", "/graphql", body, headers)


def refusal(answer: tuple[int, dict[str, str], Any]) -> tuple[int, str, str]:
    status, _, body = answer
    assert set(body) == {"errors"}, body
    [error] = body["errors"]
    assert error["extensions"]["requestId"]
    return status, error["extensions"]["code"], error["message"]


@pytest.mark.parametrize(
    ("body", "says"),
    [
        (b"null", "the JSON value null, not an object"),
        (b'"x"', 'the JSON value "x", not an object'),
        (b"1", "the JSON value 1, not an object"),
        (b"true", "the JSON value true, not an object"),
        (b'{"query": "{ server { ready } }"}\xff', "not UTF-8: byte 0xff at position 33"),
        (b"[" * 100_000, "nests arrays or objects too deeply"),
        (b'{"query": "{ server { ready } }"', "not JSON: Expecting ',' delimiter"),
        (b"{}", "query is missing"),
        (b'{"query": 7}', "query is a int"),
        (b'{"query": "{ server { ready } }", "variables": [1]}', "variables is a list"),
        (b'{"query": "{ server { ready } }", "operationName": 3}', "operationName is a int"),
    ],
)
def test_a_body_that_is_not_a_graphql_request_is_a_400_naming_what_is_wrong(
    connection: Connection, body: bytes, says: str
) -> None:
    status, code, message = refusal(post(connection, body))
    assert (status, code) == (400, "BAD_USER_INPUT")
    assert says in message
    # The same connection answers the next request.
    status, _, answer = post(connection, b'{"query": "{ server { ready } }"}')
    assert status == 200
    assert answer["data"]["server"]["ready"] is True
    assert connection.kept_open


@pytest.mark.parametrize(
    "body", [b"[]", b'[{"query": "{ server { ready } }"}, {"query": "{ functions { key } }"}]']
)
def test_a_batch_is_refused_with_a_code(connection: Connection, body: bytes) -> None:
    status, code, message = refusal(post(connection, body))
    assert (status, code) == (400, "BAD_USER_INPUT")
    assert "batched requests (a JSON array of operations) are not supported" in message


def test_a_lone_surrogate_in_a_variable_names_the_variable(connection: Connection) -> None:
    body = (
        b'{"query": "query Q($v: String!) { personas(where: {name: {eq: $v}}) { id } }", '
        b'"variables": {"v": "ab\\ud800"}}'
    )
    status, code, message = refusal(post(connection, body))
    assert (status, code) == (400, "BAD_USER_INPUT")
    assert message.startswith("$v: the string has a lone UTF-16 surrogate (\\ud800) at character 2")
    nested = (
        b'{"query": "{ server { ready } }", "variables": {"input": {"tags": ["ok", "\\udfff"]}}}'
    )
    assert (
        "$input.tags[1]: the string has a lone UTF-16 surrogate"
        in refusal(post(connection, nested))[2]
    )


@pytest.mark.parametrize(
    ("content_type", "says"),
    [
        ("text/plain", "Content-Type 'text/plain' is not supported"),
        ("application/x-www-form-urlencoded", "is not supported"),
        ("application/json; charset=latin-1", "is not supported"),
        (None, "a body without a Content-Type is not supported"),
    ],
)
def test_a_body_that_is_not_json_is_a_415(
    connection: Connection, content_type: str | None, says: str
) -> None:
    headers = {"Content-Type": content_type} if content_type else {}
    status, code, message = refusal(post(connection, b'{"query": "{ server { ready } }"}', headers))
    assert (status, code) == (415, "UNSUPPORTED_MEDIA_TYPE")
    assert says in message
    assert "Content-Type: application/json" in message
    assert connection.kept_open


@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH"])
def test_other_methods_are_a_405_saying_which_are_taken(
    connection: Connection, method: str
) -> None:
    answer = connection.send(method, "/graphql", b'{"query": "{ server { ready } }"}', JSON)
    status, code, message = refusal(answer)
    assert (status, code) == (405, "METHOD_NOT_ALLOWED")
    assert answer[1]["allow"] == "GET, POST"
    assert f"does not take {method} requests" in message


def test_a_mutation_over_get_is_a_405_and_a_query_over_get_runs(connection: Connection) -> None:
    mutation = urlencode({"query": f'mutation {{ reinferArchetype(id: "{PERSONA}") {{ id }} }}'})
    answer = connection.send("GET", f"/graphql?{mutation}")
    status, code, message = refusal(answer)
    assert (status, code) == (405, "METHOD_NOT_ALLOWED")
    assert answer[1]["allow"] == "POST"
    assert "send the mutation as POST" in message
    query = urlencode(
        {"query": "query Q($n: Int) { personas(limit: $n) { id } }", "variables": '{"n": 2}'}
    )
    status, _, body = connection.send("GET", f"/graphql?{query}")
    assert status == 200
    assert len(body["data"]["personas"]) == 2


def test_a_lone_surrogate_in_a_gets_variables_is_refused_alike(connection: Connection) -> None:
    query = urlencode({"query": "{ server { ready } }", "variables": '{"name": "\\udc00"}'})
    status, code, message = refusal(connection.send("GET", f"/graphql?{query}"))
    assert (status, code) == (400, "BAD_USER_INPUT")
    assert message.startswith("$name: the string has a lone UTF-16 surrogate (\\udc00)")


def test_a_get_with_variables_that_are_not_json_is_a_400(connection: Connection) -> None:
    query = urlencode({"query": "{ server { ready } }", "variables": "{nope"})
    status, code, message = refusal(connection.send("GET", f"/graphql?{query}"))
    assert (status, code) == (400, "BAD_USER_INPUT")
    assert "variables: the query parameter is not a JSON object" in message


def test_an_unknown_operation_name_is_a_400_naming_it(connection: Connection) -> None:
    body = json.dumps({"query": "query A { server { ready } }", "operationName": "B"}).encode()
    status, code, message = refusal(post(connection, body))
    assert (status, code) == (400, "BAD_USER_INPUT")
    assert "no operation named 'B'" in message


def test_a_body_over_the_size_limit_is_a_413_before_it_is_read(address: tuple[str, int]) -> None:
    connection = Connection(address)
    try:
        big = json.dumps({"query": "{ server { ready } }", "variables": {"x": "y" * 140_000}})
        answer = post(connection, big.encode())
        status, code, message = refusal(answer)
    finally:
        connection.close()
    assert (status, code) == (413, "REQUEST_TOO_LARGE")
    assert f"the request body is {len(big):,} bytes, over the limit of 131,072 bytes" in message
    assert "PERSONAGRAPH_MAX_REQUEST_BYTES" in message
    assert answer[1]["connection"] == "close"


def test_a_chunked_body_is_cut_off_at_the_size_limit(address: tuple[str, int]) -> None:
    connection = http.client.HTTPConnection(*address, timeout=30)
    try:
        chunks = (b"x" * 8192 for _ in range(20))  # 160 KiB, no Content-Length
        connection.request("POST", "/graphql", body=chunks, headers=JSON, encode_chunked=True)
        response = connection.getresponse()
        body = json.loads(response.read())
    finally:
        connection.close()
    assert response.status == 413
    assert body["errors"][0]["extensions"]["code"] == "REQUEST_TOO_LARGE"
    assert "more than 131,072 bytes" in body["errors"][0]["message"]


def test_limit_zero_is_an_empty_list_and_first_zero_still_counts(connection: Connection) -> None:
    query = (
        "{ personas(limit: 0) { id } personasConnection(first: 0) { totalCount edges { cursor } } }"
    )
    body = json.dumps({"query": query}).encode()
    status, _, answer = post(connection, body)
    assert status == 200
    assert "errors" not in answer
    assert answer["data"]["personas"] == []
    assert answer["data"]["personasConnection"]["edges"] == []
    assert answer["data"]["personasConnection"]["totalCount"] > 0


def test_an_offset_past_every_node_is_an_empty_page(connection: Connection) -> None:
    for sort in ("", ", sort: [{name: ASC}]", ", sort: [{teamSize: DESC}]"):
        query = (
            f"{{ personas(offset: 2147483647{sort}) {{ id }} roles(offset: 2147483647) {{ key }} }}"
        )
        status, _, answer = post(connection, json.dumps({"query": query}).encode())
        assert status == 200
        assert "errors" not in answer, answer
        assert answer["data"] == {"personas": [], "roles": []}


def test_a_cursor_past_the_largest_offset_is_bad_input(connection: Connection) -> None:
    cursor = base64.urlsafe_b64encode(b"offset:99999999999999999999").decode()
    query = f'{{ personasConnection(after: "{cursor}") {{ totalCount }} }}'
    status, _, answer = post(connection, json.dumps({"query": query}).encode())
    assert status == 200
    assert answer["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert "is not a cursor of this API" in answer["errors"][0]["message"]
