"""Similar personas in linear time: FastRP embeddings of each persona's facets, then kNN
over the embeddings.

On the Persona→facet projection (directed, persona to pain point, JTBD or goal), one
FastRP iteration gives each persona the normalised sum of its facets' random vectors: a
random projection of its facet set, so the cosine of two personas' embeddings estimates
the cosine of their facet sets (shared / √(|A|·|B|)), which ranks neighbours much as
Jaccard does. kNN (NN-descent) then finds each persona's top-k by that cosine comparing
a bounded number of candidates per persona and iteration, instead of every pair of
personas that share a facet (node similarity's cost, which grows with the square of a
popular facet's personas).

Deterministic: FastRP seeds each node's random vector from ``random_seed`` and the node;
kNN samples with ``random_seed`` and runs on one thread (GDS gives a seeded kNN the same
result only with ``concurrency`` 1). The projection numbers nodes in key order
(``project_persona_graph.cypher``).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from graphdatascience import GraphDataScience
from graphdatascience.graph.graph_api import Graph

from personagraph.analytics import gds as gds_support

EMBEDDING = "embedding"


@dataclass(frozen=True)
class EmbeddingParameters:
    """FastRP's and kNN's settings, as the run records them.

    Attributes:
        embedding_dimension: length of each persona's vector; more dimensions estimate the
            facet cosine more closely (error about 1/√dimension) at a linear cost.
        random_seed: seeds FastRP's random vectors and kNN's sampling.
        sample_rate: the share of candidates kNN compares per iteration (0-1]; higher
            finds more of the exact neighbours, at more comparisons.
        delta_threshold: kNN stops when fewer than this share of neighbours changed.
        max_iterations: kNN's iteration limit.
        fastrp_concurrency: FastRP's threads (GDS Community allows at most 4); FastRP is
            deterministic at any concurrency once seeded.
    """

    embedding_dimension: int = 256
    random_seed: int = 42
    sample_rate: float = 0.8
    delta_threshold: float = 0.001
    max_iterations: int = 100
    fastrp_concurrency: int = 4

    def recorded(self) -> dict[str, Any]:
        """The settings as the run's parameters hold them."""
        return asdict(self)


DEFAULTS = EmbeddingParameters()


def ensure_embedding_fits(
    gds: GraphDataScience, size: dict[str, Any], parameters: EmbeddingParameters
) -> None:
    """Refuse FastRP over a graph of ``size`` when its estimate exceeds the free heap
    (before anything is projected).

    Raises:
        InsufficientMemory: the estimate does not fit; the message names the setting to raise.
    """
    dimensions = gds_support.dimensions(size)
    estimate = gds.fast_rp.estimate(
        dimensions,
        embedding_dimension=parameters.embedding_dimension,
        iteration_weights=[1.0],
        random_seed=parameters.random_seed,
        concurrency=parameters.fastrp_concurrency,
    )
    what = (
        f"FastRP embeddings ({parameters.embedding_dimension} dimensions) of "
        f"{dimensions['nodeCount']} nodes"
    )
    gds_support.ensure_fits(gds, estimate, what)


def embed(gds: GraphDataScience, graph: Graph, parameters: EmbeddingParameters) -> None:
    """Add each node's FastRP embedding to the projection ``graph`` as ``embedding``."""
    gds.fast_rp.mutate(
        graph,
        mutate_property=EMBEDDING,
        embedding_dimension=parameters.embedding_dimension,
        iteration_weights=[1.0],
        random_seed=parameters.random_seed,
        concurrency=parameters.fastrp_concurrency,
    )


def ensure_neighbours_fit(
    gds: GraphDataScience, graph: Graph, top_k: int, parameters: EmbeddingParameters
) -> None:
    """Refuse kNN over the personas of ``graph`` (embedded) when its estimate exceeds the
    free heap.

    Raises:
        InsufficientMemory: the estimate does not fit; the message names the setting to raise.
    """
    estimate = gds.knn.estimate(graph, **_knn_configuration(top_k, 0.0, parameters))
    gds_support.ensure_fits(gds, estimate, f"kNN (top {top_k}) over the persona embeddings")


def neighbours(
    gds: GraphDataScience,
    graph: Graph,
    top_k: int,
    similarity_cutoff: float,
    parameters: EmbeddingParameters,
) -> Any:
    """Each persona's top-k personas by the cosine of their embeddings, as GDS streams
    them (``node1``, ``node2``, ``similarity``)."""
    return gds.knn.stream(graph, **_knn_configuration(top_k, similarity_cutoff, parameters))


def _knn_configuration(
    top_k: int, similarity_cutoff: float, parameters: EmbeddingParameters
) -> dict[str, Any]:
    return {
        "node_properties": {EMBEDDING: "COSINE"},
        "node_labels": ["Persona"],
        "top_k": top_k,
        "similarity_cutoff": similarity_cutoff,
        "sample_rate": parameters.sample_rate,
        "delta_threshold": parameters.delta_threshold,
        "max_iterations": parameters.max_iterations,
        "random_seed": parameters.random_seed,
        "concurrency": 1,
    }
