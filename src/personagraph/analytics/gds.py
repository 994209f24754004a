"""What every GDS analysis shares: the client, in-memory projections, and the memory check.

A projection lives only as long as the ``with`` block that made it (dropped also on
failure), and an algorithm's memory estimate is compared with the server's free heap
before anything large is projected.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from graphdatascience import GraphDataScience
from graphdatascience.graph.graph_api import Graph

from personagraph.errors import StoreError
from personagraph.store.connection import ConnectionSpec
from personagraph.store.errors import mapped_errors


class InsufficientMemory(StoreError):
    """The GDS memory estimate says an analysis would not fit in the server's heap."""


@contextmanager
def client(spec: ConnectionSpec) -> Iterator[GraphDataScience]:
    """A GDS client on ``spec``'s database, closed on leaving the block.

    Raises:
        DatabaseUnavailable: the server cannot be reached.
        StoreError: the client cannot connect otherwise (no GDS, wrong credentials).
    """
    try:
        # The client connects with the Neo4j driver: its errors are mapped as the store's.
        with mapped_errors():
            gds = GraphDataScience(
                spec.uri,
                auth=(spec.user, spec.password or ""),
                database=spec.database,
                show_progress=False,
            )
    except StoreError:
        raise
    except Exception as exc:  # the client raises plain errors for an unusable server
        raise StoreError(f"The GDS client cannot connect to {spec.uri}: {exc}") from exc
    try:
        yield gds
    finally:
        gds.close()


@contextmanager
def projection(
    gds: GraphDataScience, statement: str, graph_name: str, **parameters: Any
) -> Iterator[Graph]:
    """Project ``statement`` (a Cypher aggregation projection) as ``graph_name``; drop it after.

    ``statement`` must take ``$graph_name``; other ``parameters`` are passed through.
    """
    try:
        projected = gds.graph.project.cypher(statement, graph_name=graph_name, **parameters)
        yield projected.graph
    finally:
        if gds.graph.exists(graph_name):
            gds.graph.get(graph_name).drop()


def dimensions(size: dict[str, Any]) -> Any:
    """Graph dimensions for an ``.estimate`` before projecting, from a node/relationship count.

    Typed ``Any`` because the client's abstract signatures name only a projected graph,
    while its Cypher endpoints (the ones used here) also take these dimensions.
    """
    return {
        "nodeProjection": "*",
        "relationshipProjection": "*",
        "nodeCount": int(size["node_count"]),
        "relationshipCount": int(size["relationship_count"]),
    }


def ensure_fits(gds: GraphDataScience, estimate: Any, what: str) -> None:
    """Refuse an analysis whose GDS estimate (``bytes_max``) exceeds the server's free heap.

    Raises:
        InsufficientMemory: the estimate does not fit; the message names the setting to raise.
    """
    info = gds.debug.sys_info()
    available = info.available_heap_in_bytes or info.heap_free_in_bytes
    if available is not None and estimate.bytes_max > available:
        raise InsufficientMemory(
            f"{what} needs up to {estimate.required_memory} but the server has "
            f"{available} bytes of heap free. Give Neo4j a larger heap "
            "(PERSONAGRAPH_NEO4J_HEAP=4g, or server.memory.heap.max_size) or analyse less."
        )
