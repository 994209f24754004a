"""What the two node-similarity analyses share: their parameter checks and memory check.

Pain clusters (:mod:`.pain_clusters`) compare pain points by the personas who have them;
similar personas (:mod:`.similar_personas`) compare personas by their facets. Both keep
each node's ``top_k`` most similar above a cutoff, and both estimate GDS node
similarity's memory on the graph they are about to project before projecting it.
"""

from __future__ import annotations

from graphdatascience import GraphDataScience

from personagraph.analytics import gds as gds_support
from personagraph.errors import ValidationFailed
from personagraph.store import Store


def parameter_problems(
    top_k: int, similarity_cutoff: float, *, example_top_k: int, example_cutoff: float
) -> list[str]:
    """What is wrong with ``top_k`` and ``similarity_cutoff``, each naming an example."""
    problems = []
    if top_k < 1:
        problems.append(f"top_k is {top_k}; it must be at least 1 (e.g. {example_top_k}).")
    if not 0 < similarity_cutoff <= 1:
        problems.append(
            f"similarity_cutoff is {similarity_cutoff}; it must lie in (0, 1] "
            f"(e.g. {example_cutoff})."
        )
    return problems


def ensure_fits(
    gds: GraphDataScience, store: Store, size_statement: str, top_k: int, *, what: str, nothing: str
) -> None:
    """Refuse a node similarity with nothing to compare, or one that would not fit in the
    server's heap.

    Args:
        size_statement: the named statement counting the nodes and relationships the
            analysis would project (``node_count``, ``relationship_count``).
        what: the analysis, as the memory message starts (``"Comparing"``).
        nothing: the problem to report when there is no relationship to compare.

    Raises:
        ValidationFailed: nothing to compare (``nothing``).
        InsufficientMemory: the estimate does not fit; the message names the setting to raise.
    """
    size = store.read(size_statement)[0]
    if size["relationship_count"] == 0:
        raise ValidationFailed([nothing])
    dimensions = gds_support.dimensions(size)
    estimate = gds.node_similarity.estimate(dimensions, top_k=top_k)
    gds_support.ensure_fits(gds, estimate, f"{what} {dimensions['nodeCount']} nodes")
