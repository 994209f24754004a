"""Before a request runs: the caller's role, then its worst case, then its rate limit;
and under load, a bounded number of operations at once per worker."""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from personagraph.api.api_keys import create_key
from personagraph.api.app import create_app
from personagraph.api.graphql.runtime.context import Role
from personagraph.neo4j_local.provision import Provisioned
from personagraph.settings import Settings
from personagraph.store import Store
from tests.integration.graphql_api import Api, api_for
from tests.integration.live_service import serving

PERSONA = "accounts-payable-specialist-automator"
UPDATE = """
mutation U($id: String!, $version: Int!, $changes: PersonaChanges!) {
  updatePersona(id: $id, version: $version, changes: $changes) { id version }
}
"""


@pytest.fixture(scope="module")
def keys(seed_catalog: Store) -> dict[str, str]:
    return {
        role.value: create_key(seed_catalog, f"admission {role.value}", role).secret
        for role in Role
    }


@pytest.fixture(scope="module")
def api(neo4j_server: Provisioned, seed_catalog: Store) -> Iterator[Api]:
    with api_for(neo4j_server.spec, max_response_items=10_000) as api:
        yield api


# -- role before input --------------------------------------------------------------


@pytest.mark.parametrize(
    ("document", "variables", "what_is_also_wrong"),
    [
        (UPDATE, {"id": PERSONA, "version": 1, "changes": {"teamSize": -5}}, "a bad value"),
        (UPDATE, {"id": PERSONA, "version": "one", "changes": {}}, "a variable of the wrong type"),
        (UPDATE, {"id": PERSONA}, "missing variables"),
        ('mutation { updatePersona(id: 1, version: "x", changes: {}) { id } }', None, "literals"),
        ('mutation { deletePersona(id: "x", version: 1) { nope } }', None, "an unknown field"),
        (
            "mutation { ...M } fragment M on Mutation { reinferArchetype(id: 3) { id } }",
            None,
            "a fragment with a bad argument",
        ),
    ],
)
def test_a_caller_without_a_key_learns_it_needs_one_before_anything_about_its_input(
    api: Api, document: str, variables: dict[str, Any] | None, what_is_also_wrong: str
) -> None:
    answer = api(document, variables)
    assert answer.codes == ["UNAUTHENTICATED"], what_is_also_wrong
    assert "needs the editor role" in answer.errors[0]["message"]
    assert "Authorization: Bearer" in answer.errors[0]["message"]
    assert answer.data is None
    assert answer.statements == 0  # nothing was read, nothing written


def test_a_key_of_too_low_a_role_is_forbidden_before_its_input_is_checked(
    api: Api, keys: dict[str, str]
) -> None:
    bad = {"id": PERSONA, "version": "one", "changes": {"teamSize": -5}}
    as_reader = api(UPDATE, bad, key=keys["reader"])
    assert as_reader.codes == ["FORBIDDEN"]
    assert (
        "needs the editor role; the key 'admission reader' has reader"
        in (as_reader.errors[0]["message"])
    )
    as_editor = api(UPDATE, bad, key=keys["editor"])
    assert as_editor.codes == ["BAD_USER_INPUT"]
    assert "$version" in as_editor.errors[0]["message"]


def test_every_root_field_of_a_query_is_checked_and_health_needs_no_key(api: Api) -> None:
    refused = api("{ server { ready } personas { nmae } }")
    assert refused.codes == ["UNAUTHENTICATED"]
    assert refused.errors[0]["message"].startswith("personas needs the reader role")
    assert api("{ server { ready } }").data == {"server": {"ready": True}}
    forged = api("{ personas { id } }", key="pgk_000000000000_nope")
    assert forged.codes == ["UNAUTHENTICATED"]
    assert "not recognised" in forged.errors[0]["message"]


def test_a_refused_key_is_remembered_for_a_while_and_not_looked_up_again(api: Api) -> None:
    first = api("{ personas { id } }", key="pgk_0123456789ab_not-a-real-secret")
    again = api("{ personas { id } }", key="pgk_0123456789ab_not-a-real-secret")
    assert first.codes == again.codes == ["UNAUTHENTICATED"]
    assert first.statements == 1  # the look-up
    assert again.statements == 0


# -- worst case -----------------------------------------------------------------------


def test_a_request_whose_worst_case_is_over_the_limit_is_refused_before_it_runs(
    api: Api, keys: dict[str, str]
) -> None:
    answer = api("{ personas { id painPoints { key } } }", key=keys["reader"])
    assert answer.codes == ["BAD_USER_INPUT"]
    assert answer.statements == 0
    assert answer.errors[0]["message"] == (
        "this request may return up to 1,001,000 items, more than the limit of 10,000 "
        "(most from personas (1,000) x painPoints (1,000)); ask for smaller pages "
        "(`limit`, `first`) or fewer nested levels"
    )


def test_the_worst_case_is_the_product_of_page_sizes_summed_over_fields(
    api: Api, keys: dict[str, str]
) -> None:
    reader = keys["reader"]
    at_limit = "{ personas(limit: 100) { id painPoints(limit: 99) { key } } }"  # 100 + 9,900
    assert api.ok(at_limit, key=reader)["personas"]
    over = "{ personas(limit: 100) { id painPoints(limit: 99) { key } role { title } } }"
    assert "up to 10,100 items" in api(over, key=reader).errors[0]["message"]
    aliases = (
        "query Q($n: Int!) { a: personasConnection(first: $n) { edges { node { id } } } "
        "b: personasConnection(first: $n) { edges { node { id } } } }"
    )
    assert not api(aliases, {"n": 1000}, key=reader).errors  # 1,000 + 1,000
    fragment = (
        "{ ...F } fragment F on Query "
        "{ functions(limit: 10) { rolesConnection(first: 10) { edges { node { "
        "personas(limit: 100) { id } } } } } }"
    )
    refused = api(fragment, key=reader)  # 10 + 10 x 10 + 10 x 10 x 100
    assert refused.codes == ["BAD_USER_INPUT"]
    message = refused.errors[0]["message"]
    assert "up to 10,110 items" in message
    assert "functions (10) x rolesConnection (10) x personas (100)" in message


# -- rate limits ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def limited(neo4j_server: Provisioned, seed_catalog: Store) -> Iterator[Api]:
    with api_for(
        neo4j_server.spec,
        anonymous_reads=True,
        rate_limit_window=3600,
        rate_limit_reader=3000,
        rate_limit_anonymous=500,
    ) as api:
        yield api


def post(api: Api, document: str, key: str | None = None) -> Any:
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    return api.client.post("/graphql", json={"query": document}, headers=headers)


def test_a_key_over_its_budget_gets_429_with_retry_after(limited: Api, seed_catalog: Store) -> None:
    key = create_key(seed_catalog, "budgeted reader", Role.READER).secret
    page = "{ personas(limit: 1000) { id } }"  # costs its worst case, 1,000
    assert [post(limited, page, key).status_code for _ in range(3)] == [200, 200, 200]
    refused = post(limited, page, key)
    assert refused.status_code == 429
    assert int(refused.headers["retry-after"]) >= 1
    [error] = refused.json()["errors"]
    assert error["extensions"]["code"] == "RATE_LIMITED"
    assert error["extensions"]["retryAfter"] == int(refused.headers["retry-after"])
    assert "rate limit of reader keys reached (3,000 items per 3600 s" in error["message"]
    assert "this request may return 1,000" in error["message"]
    # Each key has its own budget.
    other = create_key(seed_catalog, "another reader", Role.READER).secret
    assert post(limited, page, other).status_code == 200


def test_a_request_costing_more_than_a_whole_budget_is_bad_input(limited: Api) -> None:
    answer = post(limited, "{ personas(limit: 600) { id } }")
    assert answer.status_code == 200
    [error] = answer.json()["errors"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert (
        "more than the whole rate limit of callers without a key (500 items per 3600 s)"
        in (error["message"])
    )


def test_callers_without_a_key_share_a_budget_per_address(limited: Api) -> None:
    statuses = [post(limited, "{ personas(limit: 200) { id } }").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]


# -- load shedding --------------------------------------------------------------------


def test_operations_over_the_workers_capacity_are_shed_with_503(
    neo4j_server: Provisioned, seed_catalog: Store, keys: dict[str, str]
) -> None:
    settings = Settings(anonymous_reads=True, max_in_flight=1, queue_timeout=0.05)
    with serving(create_app(neo4j_server.spec, settings)) as url:
        # A GDS scoring run holds the one slot for a second or more.
        slow = threading.Thread(
            target=httpx.post,
            args=(f"{url}/graphql",),
            kwargs={
                "json": {"query": "mutation { scoreOpportunities { id } }"},
                "headers": {"Authorization": f"Bearer {keys['editor']}"},
                "timeout": 120,
            },
        )
        slow.start()
        _wait_for(lambda: _in_flight(url) == 1)
        shed = httpx.post(f"{url}/graphql", json={"query": "{ functions { key } }"})
        slow.join(timeout=120)
        after = httpx.post(f"{url}/graphql", json={"query": "{ functions { key } }"})
        metrics = httpx.get(f"{url}/metrics").text

    assert shed.status_code == 503
    assert shed.headers["retry-after"] == "1"
    [error] = shed.json()["errors"]
    assert error["extensions"]["code"] == "OVERLOADED"
    assert "at capacity (1 operations at once per worker" in error["message"]
    assert after.status_code == 200
    assert "personagraph_operations_shed_total 1.0" in metrics
    assert 'personagraph_graphql_errors_total{code="OVERLOADED"} 1.0' in metrics


def _in_flight(url: str) -> float:
    text = httpx.get(f"{url}/metrics").text
    found = re.search(r"^personagraph_operations_in_flight (\S+)$", text, re.MULTILINE)
    return float(found.group(1)) if found else 0.0


def _wait_for(condition: Any, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)
