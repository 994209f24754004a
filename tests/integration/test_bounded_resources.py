"""What clients send cannot grow the service: parsed documents are kept within a byte
bound, and /metrics labels come from a bounded set."""

from __future__ import annotations

import gc
import re
from collections.abc import Iterator

import pytest
from graphql import Source

from personagraph.neo4j_local.provision import Provisioned
from personagraph.store import Store
from tests.integration.graphql_api import Api, api_for

CACHE_BYTES = 2 * 1_048_576
MARKER = "#bounded-resources-test"


@pytest.fixture(scope="module")
def api(neo4j_server: Provisioned, seed_catalog: Store) -> Iterator[Api]:
    with api_for(
        neo4j_server.spec,
        anonymous_reads=True,
        parse_cache_bytes=CACHE_BYTES,
        metrics_operation_names=10,
    ) as api:
        yield api


def gauge(api: Api, name: str) -> float:
    text = api.client.get("/metrics").text
    found = re.search(rf"^{name} (\S+)$", text, re.MULTILINE)
    assert found, f"{name} is not in /metrics"
    return float(found.group(1))


def documents_alive(marker: str) -> int:
    """Parsed documents still held anywhere in the process whose text has ``marker``."""
    gc.collect()
    return sum(1 for o in gc.get_objects() if isinstance(o, Source) and marker in o.body)


def test_many_unique_large_documents_stay_within_the_cache_bound(api: Api) -> None:
    # 40 distinct documents of 50 KB each (a comment makes them unique and large):
    # 2 MB of text, about 5 MB as parsed documents: more than the cache may hold.
    for number in range(40):
        comment = f"{MARKER}-{number} " + "x" * 50_000
        answer = api(f"{comment}\nquery Big {{ server {{ ready }} }}")
        assert answer.data == {"server": {"ready": True}}
        assert gauge(api, "personagraph_document_cache_bytes") <= CACHE_BYTES
    kept = gauge(api, "personagraph_document_cache_documents")
    assert 1 <= kept < 40
    # Nothing else holds the documents the cache let go of.
    assert documents_alive(MARKER) <= kept


def test_a_document_too_heavy_for_the_cache_is_parsed_every_time_and_not_kept(api: Api) -> None:
    before = gauge(api, "personagraph_document_cache_documents")
    heavy = "#heavy-document-test " + "x" * 200_000 + "\n{ server { ready } }"
    assert api(heavy).data == {"server": {"ready": True}}
    assert api(heavy).data == {"server": {"ready": True}}
    assert gauge(api, "personagraph_document_cache_documents") <= before
    assert documents_alive("#heavy-document-test") == 0


def test_a_repeated_document_is_parsed_once(api: Api) -> None:
    query = "query Repeated { functions { key } }"
    api.ok(query)
    held = gauge(api, "personagraph_document_cache_bytes")
    for _ in range(5):
        api.ok(query)
    assert gauge(api, "personagraph_document_cache_bytes") == held


def test_operation_names_past_the_bound_share_one_series(api: Api) -> None:
    for number in range(200):
        api.ok(f"query Name{number} {{ server {{ ready }} }}")
    text = api.client.get("/metrics").text
    counted = re.findall(r'^personagraph_graphql_requests_total\{operation="([^"]*)"\}', text, re.M)
    assert len(counted) <= 10 + 2  # the bound, "(other)" and "anonymous"
    assert "(other)" in counted
    other = re.search(
        r'^personagraph_graphql_requests_total\{operation="\(other\)"\} (\S+)$', text, re.M
    )
    assert other is not None
    assert float(other.group(1)) >= 200 - 10
    histogram = [line for line in text.splitlines() if "request_seconds_bucket" in line]
    assert len(histogram) <= 12 * len(counted)
