"""What every GDS analysis shares: the client, in-memory projections, the memory check,
and the algorithm calls themselves.

Every GDS call happens inside :func:`client`'s block, and whatever it raises is mapped
there, at one seam: a failing procedure raises the Neo4j driver's exceptions (mapped by
:mod:`personagraph.store.errors`, as for any statement), the client its own
(:data:`CLIENT_EXCEPTION_MAP`). A projection lives only as long as the ``with`` block that
made it (dropped also on failure), and an algorithm's memory estimate is compared with
the server's free heap before anything large is projected.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from graphdatascience import GraphDataScience
from graphdatascience.error.feature_not_enabled import FeatureNotEnabledError
from graphdatascience.error.gds_not_installed import GdsNotFound
from graphdatascience.error.not_available_outside_aura import NotAvailableOutsideAura
from graphdatascience.error.standalone_session_error import NotAvailableInStandaloneSessions
from graphdatascience.error.unable_to_connect import UnableToConnectError
from graphdatascience.graph.graph_api import Graph

from personagraph.errors import DatabaseUnavailable, InsufficientMemory, QueryFailed, StoreError
from personagraph.store.connection import ConnectionSpec
from personagraph.store.errors import mapped_errors

# The GDS client's own exceptions (graphdatascience.error), each a decision (a test checks
# that every one is here); what its procedures raise is the driver's, mapped in store/.
CLIENT_EXCEPTION_MAP: dict[type[BaseException], type[StoreError]] = {
    UnableToConnectError: DatabaseUnavailable,
    GdsNotFound: StoreError,
    # Aura- and session-only features personagraph does not call; a call would be our bug,
    # but it still reaches the user as a message, not a traceback.
    FeatureNotEnabledError: QueryFailed,
    NotAvailableOutsideAura: QueryFailed,
    NotAvailableInStandaloneSessions: QueryFailed,
}


def translate_client_error(exc: BaseException) -> StoreError:
    """The personagraph error for one of the GDS client's own exceptions."""
    if isinstance(exc, UnableToConnectError):
        return DatabaseUnavailable(
            f"The GDS client cannot reach Neo4j: {exc}. Is the server running? "
            "Start one with `personagraph neo4j start` or set NEO4J_URI."
        )
    if isinstance(exc, GdsNotFound):
        return StoreError(
            f"The server has no Graph Data Science plugin: {exc}. Use a server with GDS "
            "2.13 (`personagraph neo4j start` provisions one)."
        )
    target = next(t for k, t in CLIENT_EXCEPTION_MAP.items() if isinstance(exc, k))
    return target(f"The GDS client refused the call: {exc}")


@contextmanager
def mapped_gds_errors() -> Iterator[None]:
    """Re-raise what a GDS call raises inside the block as a :class:`StoreError`."""
    with mapped_errors():
        try:
            yield
        except tuple(CLIENT_EXCEPTION_MAP) as exc:
            raise translate_client_error(exc) from exc


@contextmanager
def client(spec: ConnectionSpec) -> Iterator[GraphDataScience]:
    """A GDS client on ``spec``'s database, closed on leaving the block; every GDS call
    made in the block has its errors mapped (:func:`mapped_gds_errors`).

    Raises:
        StoreError: the client cannot connect (server down, no GDS, wrong credentials),
            or a GDS call in the block failed (a :class:`QueryFailed` for a procedure
            the server refused).
    """
    with mapped_gds_errors():
        gds = GraphDataScience(
            spec.uri,
            auth=(spec.user, spec.password or ""),
            database=spec.database,
            show_progress=False,
        )
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


def estimate_page_rank(gds: GraphDataScience, dimensions: Any, max_iterations: int) -> Any:
    """PageRank's memory estimate on a graph of ``dimensions``."""
    return gds.page_rank.estimate(dimensions, max_iterations=max_iterations)
