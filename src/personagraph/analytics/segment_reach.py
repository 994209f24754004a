"""A segment's reach: GDS personalised PageRank from the segment's personas.

The segment's personas and the opportunities they reach are projected (Persona →
Opportunity, weighted by their links) after a memory estimate; PageRank teleports to
those personas only. Personas outside the segment are not projected: nothing links to a
persona, so no rank would ever reach them and every opportunity's score is the same
without them.
"""

from __future__ import annotations

from personagraph.analytics import gds as gds_support
from personagraph.analytics.progress import Steps
from personagraph.analytics.segment import Segment
from personagraph.errors import ValidationFailed
from personagraph.store import Store
from personagraph.store.connection import ConnectionSpec

DAMPING = 0.85
MAX_ITERATIONS = 40
TOLERANCE = 1e-10


def segment_reach(
    spec: ConnectionSpec, store: Store, run_id: str, segment: Segment, steps: Steps
) -> tuple[dict[str, float], str]:
    """Raw reach per opportunity key (its personalised PageRank score) and the GDS version.

    Raises:
        ValidationFailed: the segment matches no persona that reaches an opportunity.
        InsufficientMemory: GDS estimates the projection and PageRank would not fit.
    """
    steps.start("size the segment")
    filters = {"function": segment.function, "archetype": segment.archetype_name}
    size = store.read("analytics/segment_size", **filters)[0]
    if not size["personas"]:
        raise ValidationFailed(
            [
                f"The segment function={segment.function!r}, "
                f"archetype={segment.archetype_name!r} matches no persona that reaches an "
                "opportunity. Check the function key (e.g. FINANCE) and the archetype, or run "
                "without a segment."
            ]
        )
    with gds_support.client(spec) as gds:
        gds_version = str(gds.server_version())
        steps.start("estimate memory")
        # At most one link per persona and opportunity: an upper bound, known without
        # walking the paths the projection will walk.
        dimensions = gds_support.dimensions(
            {
                "node_count": size["personas"] + size["opportunities"],
                "relationship_count": size["personas"] * size["opportunities"],
            }
        )
        gds_support.ensure_fits(
            gds,
            gds_support.estimate_page_rank(gds, dimensions, MAX_ITERATIONS),
            f"Personalised PageRank over {size['personas']} personas",
        )
        steps.start("project the segment")
        statement = store.registry.statement("analytics/project_segment_graph")
        graph_name = f"personagraph-segment-{run_id}"
        with gds_support.projection(gds, statement, graph_name, **filters):
            steps.start("personalised PageRank")
            rows = store.read(
                "analytics/reach_page_rank",
                graph_name=graph_name,
                damping_factor=DAMPING,
                max_iterations=MAX_ITERATIONS,
                tolerance=TOLERANCE,
            )
    return {row["key"]: float(row["score"]) for row in rows}, gds_version
