"""Responses are encoded by orjson, and by json whatever orjson refuses: same JSON either way."""

from __future__ import annotations

import json

from personagraph.api.api_keys import KeyRing
from personagraph.api.graphql.build import build_schema
from personagraph.api.graphql.runtime.context import Limits
from personagraph.api.graphql.runtime.endpoint import GraphQLEndpoint
from personagraph.api.load_shedding import OperationSlots

ENDPOINT = GraphQLEndpoint(
    build_schema(),
    graphiql=False,
    limits=Limits(max_page_size=100, query_timeout=1.0, max_response_items=1000),
    anonymous_reads=False,
    keys=KeyRing(),
    max_request_bytes=1000,
    slots=OperationSlots(limit=1, wait=0.0),
    retry_after=2,
)


def test_an_answer_encodes_to_the_json_the_standard_library_reads_back() -> None:
    data = {"data": {"personas": [{"id": "p1", "name": "Zoë", "teamSize": 7, "share": 0.25}]}}
    encoded = ENDPOINT.encode_json(data)
    assert isinstance(encoded, bytes)  # orjson's
    assert json.loads(encoded) == data


def test_what_orjson_refuses_is_encoded_by_json_instead() -> None:
    # A JSON scalar may hold integers past 64 bits, which orjson does not encode.
    data = {"data": {"settings": {"budget": 2**70}}}
    encoded = ENDPOINT.encode_json(data)
    assert json.loads(encoded) == data
