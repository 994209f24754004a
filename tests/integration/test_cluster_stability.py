"""The pain clusters of one catalog do not depend on the order it was loaded in.

The seed catalog is written twice into an empty database: once as planned, once with
every label's nodes and every relationship type's links in reverse order (so the
nodes get other internal ids and the relationships other chains). Both loads must give
the same clusters, pain point for pain point, and the same ranking.
"""

from __future__ import annotations

from pathlib import Path

from personagraph.analytics.pain_clusters import PainCluster, run_pain_clustering
from personagraph.neo4j_local.provision import Provisioned
from personagraph.seeding import pipeline
from personagraph.seeding.plan import GraphPlan
from personagraph.seeding.writer import write_plan
from personagraph.store import Store
from personagraph.store.wipe import clear_data

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def _reversed(plan: GraphPlan) -> GraphPlan:
    """The same graph with labels, types, nodes and links all in reverse order."""
    return GraphPlan(
        nodes={label: rows[::-1] for label, rows in reversed(plan.nodes.items())},
        links={kind: rows[::-1] for kind, rows in reversed(plan.links.items())},
        mismatches=list(plan.mismatches),
        review_queue=list(plan.review_queue),
    )


def _clusters(spec: Provisioned, store: Store, plan: GraphPlan) -> list[PainCluster]:
    clear_data(store)
    write_plan(store, plan)
    return list(run_pain_clustering(spec.spec, store).clusters)


def _shape(clusters: list[PainCluster]) -> list[tuple[int, tuple[str, ...], tuple[str, ...]]]:
    return [(c.rank, c.pain_points, c.functions) for c in clusters]


def test_reloading_the_seed_catalog_in_another_order_gives_the_same_clusters(
    neo4j_server: Provisioned, store: Store
) -> None:
    plan = pipeline.prepare(SEEDS).plan

    as_planned = _clusters(neo4j_server, store, plan)
    reversed_order = _clusters(neo4j_server, store, _reversed(plan))
    again = _clusters(neo4j_server, store, plan)

    assert len(as_planned) > 5
    assert _shape(reversed_order) == _shape(as_planned)
    assert _shape(again) == _shape(as_planned)
