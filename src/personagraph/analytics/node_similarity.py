"""What the two node-similarity analyses share: their parameter checks, and a GDS client
opened only once the graph they compare is known to exist and to fit in the heap.

Pain clusters (:mod:`.pain_clusters`) compare pain points by the personas who have them;
similar personas (:mod:`.similar_personas`) compare personas by their facets. Both keep
each node's ``top_k`` most similar above a cutoff.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from graphdatascience import GraphDataScience

from personagraph.analytics import gds as gds_support
from personagraph.errors import ValidationFailed
from personagraph.store import Store
from personagraph.store.connection import ConnectionSpec


@dataclass(frozen=True)
class Compared:
    """The graph an analysis compares nodes of, as its checks need it.

    Attributes:
        size: the named statement counting what would be projected
            (``node_count``, ``relationship_count``).
        links: what an active persona must do for there to be anything to compare
            (``"experiences a pain point"``), as the message for an empty graph says it.
    """

    size: str
    links: str


def check_parameters(
    top_k: int,
    similarity_cutoff: float,
    examples: tuple[int, float],
    more: Sequence[str] = (),
) -> None:
    """Refuse a ``top_k`` below 1 or a cutoff outside (0, 1], with the analysis' own
    problems (``more``); ``examples`` are the defaults the messages suggest.

    Raises:
        ValidationFailed: every problem found, each naming the value given.
    """
    problems = []
    if top_k < 1:
        problems.append(f"top_k is {top_k}; it must be at least 1 (e.g. {examples[0]}).")
    if not 0 < similarity_cutoff <= 1:
        problems.append(
            f"similarity_cutoff is {similarity_cutoff}; it must lie in (0, 1] (e.g. {examples[1]})."
        )
    problems += more
    if problems:
        raise ValidationFailed(problems)


@contextmanager
def client(
    spec: ConnectionSpec, store: Store, compared: Compared, top_k: int
) -> Iterator[tuple[GraphDataScience, str]]:
    """A GDS client and the server's GDS version, once ``compared`` has something to
    compare and node similarity's estimate for it fits in the server's free heap.

    Raises:
        ValidationFailed: nothing to compare (no active persona ``compared.links``).
        InsufficientMemory: the estimate does not fit; the message names the setting to raise.
        StoreError: the database or GDS failed (:func:`.gds.client`).
    """
    with sized_client(spec, store, compared) as (gds, version, size):
        ensure_node_similarity_fits(gds, size, top_k)
        yield gds, version


@contextmanager
def sized_client(
    spec: ConnectionSpec, store: Store, compared: Compared
) -> Iterator[tuple[GraphDataScience, str, dict[str, Any]]]:
    """A GDS client, the server's GDS version and the size of the graph ``compared``
    (its statement's row), once there is something to compare; no estimate yet.

    Raises:
        ValidationFailed: nothing to compare (no active persona ``compared.links``).
        StoreError: the database or GDS failed (:func:`.gds.client`).
    """
    with gds_support.client(spec) as gds:
        version = str(gds.server_version())
        size = store.read(compared.size)[0]
        if size["relationship_count"] == 0:
            raise ValidationFailed(
                [
                    f"No active persona {compared.links}, so there is nothing to compare. "
                    "Load a catalog first (personagraph seed load seeds/)."
                ]
            )
        yield gds, version, size


def ensure_node_similarity_fits(gds: GraphDataScience, size: dict[str, Any], top_k: int) -> None:
    """Refuse node similarity over a graph of ``size`` when its estimate exceeds the free heap.

    Raises:
        InsufficientMemory: the estimate does not fit; the message names the setting to raise.
    """
    dimensions = gds_support.dimensions(size)
    estimate = gds.node_similarity.estimate(dimensions, top_k=top_k)
    what = f"Node similarity over {dimensions['nodeCount']} nodes"
    gds_support.ensure_fits(gds, estimate, what)
