"""Responses are encoded by orjson, and by json whatever orjson refuses: same JSON either way."""

from __future__ import annotations

import json

from personagraph.api.api_keys import KeyRing
from personagraph.api.graphql.context import Limits
from personagraph.api.graphql.endpoint import GraphQLEndpoint
from personagraph.api.graphql.schema import build_schema

ENDPOINT = GraphQLEndpoint(
    build_schema(),
    graphiql=False,
    limits=Limits(),
    anonymous_reads=False,
    keys=KeyRing(),
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
