"""A routing URI (neo4j://, as for a cluster or Aura) against our single server: writes
go to the writer, reads are sent in read mode and see the writes made before them."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

import pytest

from personagraph.errors import StoreError
from personagraph.neo4j_local.provision import Provisioned
from personagraph.store import Store

AS_OF = "2031-01-02"


@pytest.fixture
def routed(neo4j_server: Provisioned, store: Store) -> Iterator[Store]:
    spec = neo4j_server.spec
    assert spec.uri.startswith("bolt://")
    with Store.open(
        dataclasses.replace(spec, uri="neo4j://" + spec.uri.removeprefix("bolt://"))
    ) as routed:
        yield routed


def claim(run_id: str) -> dict[str, object]:
    return {"as_of": AS_OF, "run_id": run_id, "windows": [30], "lease_seconds": 0}


def test_a_read_after_a_write_sees_it_through_a_routing_uri(routed: Store) -> None:
    for run_id in ("first", "second", "third"):
        routed.write("write/behavioral/begin_run", **claim(run_id))

        assert routed.read("read/behavioral/assignment_run", as_of=AS_OF)[0]["run_id"] == run_id


def test_reads_are_sent_in_read_mode_so_a_cluster_can_route_them_to_a_reader(
    routed: Store,
) -> None:
    with pytest.raises(StoreError, match=r"(?i)read"):
        routed.read("write/behavioral/begin_run", **claim("in-read-mode"))

    assert routed.read("read/behavioral/assignment_run", as_of=AS_OF) == []
