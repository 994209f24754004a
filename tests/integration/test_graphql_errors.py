"""Bad requests get the right error code, a message naming the problem, and change nothing."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator

import pytest

from personagraph.neo4j_local.provision import Provisioned
from personagraph.store import Store
from personagraph.store.fingerprint import fingerprint
from tests.integration.graphql_api import Api, api_for


@pytest.fixture(scope="module")
def api(neo4j_server: Provisioned, seed_catalog: Store) -> Iterator[Api]:
    with api_for(neo4j_server.spec, anonymous_reads=True, max_page_size=100) as api:
        yield api


def test_an_unknown_field_is_bad_input_with_a_suggestion(api: Api) -> None:
    answer = api("{ personas { id nmae } }")
    assert answer.codes == ["BAD_USER_INPUT"]
    assert "Cannot query field 'nmae' on type 'Persona'" in answer.errors[0]["message"]
    assert "name" in answer.errors[0]["message"]
    assert answer.statements == 0


def test_a_wrong_argument_type_is_bad_input(api: Api) -> None:
    answer = api('{ personas(limit: "ten") { id } }')
    assert answer.codes == ["BAD_USER_INPUT"]
    assert "ten" in answer.errors[0]["message"]
    assert answer.statements == 0


def test_a_query_20_levels_deep_is_refused(api: Api) -> None:
    deep = "{ personas { " + "role { personas { " * 9 + "id" + " } }" * 9 + " } }"
    answer = api(deep)
    assert answer.codes == ["BAD_USER_INPUT"]
    assert "exceeds maximum operation depth" in answer.errors[0]["message"]
    assert answer.statements == 0


def test_500_aliases_are_refused(api: Api) -> None:
    many = "{ " + " ".join(f"a{i}: __typename" for i in range(500)) + " }"
    answer = api(many)
    assert answer.codes == ["BAD_USER_INPUT"]
    assert "500 aliases found. Allowed: 50" in answer.errors[0]["message"]
    assert answer.statements == 0


def test_an_oversized_document_is_refused_before_parsing(api: Api) -> None:
    many = "{ " + " ".join(f"a{i}: personas(limit: 1) {{ id }}" for i in range(500)) + " }"
    answer = api(many)
    assert answer.codes == ["BAD_USER_INPUT"]
    assert "more than 4000 tokens" in answer.errors[0]["message"]
    assert answer.statements == 0


def test_an_injection_attempt_in_a_where_value_is_only_a_value(
    api: Api, seed_catalog: Store
) -> None:
    before = fingerprint(seed_catalog)
    attack = "x\"}) MATCH (n) DETACH DELETE n //' OR 1=1"
    answer = api(
        "query Q($v: String!) { personas(where: {name: {eq: $v}}) { id } "
        "b: personas(where: {id: {startsWith: $v}}) { id } }",
        {"v": attack},
    )
    assert not answer.errors
    assert answer.data == {"personas": [], "b": []}
    assert fingerprint(seed_catalog) == before


def test_a_page_larger_than_the_maximum_names_the_argument(api: Api) -> None:
    answer = api("{ personas(limit: 101) { id } }")
    assert answer.codes == ["BAD_USER_INPUT"]
    assert "limit: 101 is more than the maximum page size 100" in answer.errors[0]["message"]
    nested = api("{ personas(limit: 1) { painPointsConnection(first: 500) { totalCount } } }")
    assert nested.codes == ["BAD_USER_INPUT"]
    assert "first: 500" in nested.errors[0]["message"]


def test_a_foreign_cursor_is_bad_input(api: Api) -> None:
    answer = api('{ personasConnection(after: "not-a-cursor") { totalCount } }')
    assert answer.codes == ["BAD_USER_INPUT"]
    assert "after: 'not-a-cursor' is not a cursor" in answer.errors[0]["message"]


def test_an_unknown_variable_type_is_bad_input(api: Api) -> None:
    answer = api("query Q($n: Int!) { personas(limit: $n) { id } }", {"n": "many"})
    assert answer.codes == ["BAD_USER_INPUT"]
    assert "$n" in answer.errors[0]["message"]


def test_metrics_count_operations_errors_and_cypher(api: Api) -> None:
    api.ok("query Count { personasConnection { totalCount } }")
    api("{ personas { nope } }")
    text = api.client.get("/metrics").text
    assert 'personagraph_graphql_requests_total{operation="Count"}' in text
    assert 'personagraph_graphql_request_seconds_bucket{le="0.005",operation="Count"}' in text
    assert 'personagraph_graphql_errors_total{code="BAD_USER_INPUT"}' in text
    sent = [
        line for line in text.splitlines() if line.startswith("personagraph_cypher_queries_total")
    ]
    assert sent
    assert float(sent[0].split()[-1]) >= 1


def test_every_response_carries_a_request_id(api: Api) -> None:
    response = api.client.post(
        "/graphql", json={"query": "{ nope }"}, headers={"X-Request-Id": "trace-me-42"}
    )
    assert response.headers["x-request-id"] == "trace-me-42"
    assert response.json()["errors"][0]["extensions"]["requestId"] == "trace-me-42"


def test_queries_work_over_get_and_mutations_do_not(api: Api) -> None:
    response = api.client.get("/graphql", params={"query": "{ functions { key } }"})
    assert response.status_code == 200
    assert response.json()["data"]["functions"]
    refused = api.client.get(
        "/graphql", params={"query": 'mutation { reinferArchetype(id: "x") { id } }'}
    )
    assert refused.status_code in (400, 405)


def test_each_request_leaves_one_json_log_line(api: Api, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="personagraph.requests")
    api.client.post(
        "/graphql", json={"query": "{ functions { key } }"}, headers={"X-Request-Id": "log-me"}
    )
    lines = [
        json.loads(r.getMessage()) for r in caplog.records if r.name == "personagraph.requests"
    ]
    assert lines[-1]["request_id"] == "log-me"
    assert lines[-1]["path"] == "/graphql"
    assert lines[-1]["status"] == 200
    assert lines[-1]["duration_ms"] > 0
