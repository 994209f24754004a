"""Pain clusters, similar personas, archetype distributions and run comparisons on the real
GDS, over the hand-built graph of ``handbuilt.py`` (where every answer can be worked out)."""

from __future__ import annotations

import pytest

from personagraph.analytics import gds, pain_clusters, runs
from personagraph.analytics.comparison import compare_runs
from personagraph.analytics.distribution import ALL_FUNCTIONS, function_distributions
from personagraph.analytics.pain_clusters import run_pain_clustering, stored_pain_clusters
from personagraph.analytics.progress import ProgressEvent
from personagraph.analytics.scoring import Segment, run_scoring
from personagraph.analytics.similar_personas import (
    APPROXIMATE,
    EMBEDDING_STEPS,
    Approximate,
    run_similarity,
    similar_to,
)
from personagraph.errors import EntityNotFound, QueryFailed, ValidationFailed
from personagraph.model.archetype import Archetype
from personagraph.neo4j_local.provision import Provisioned
from personagraph.seeding.writer import write_plan
from personagraph.store import Store
from personagraph.store.fingerprint import fingerprint
from tests.integration import handbuilt


@pytest.fixture
def graph(store: Store) -> Store:
    write_plan(store, handbuilt.plan())
    return store


def _facets(persona: str) -> set[str]:
    return (
        set(handbuilt.EXPERIENCES.get(persona, {}))
        | set(handbuilt.PERFORMS.get(persona, {}))
        | set(handbuilt.PURSUES.get(persona, []))
    )


def _jaccard(a: str, b: str) -> float:
    return len(_facets(a) & _facets(b)) / len(_facets(a) | _facets(b))


def test_pain_points_shared_by_the_same_people_cluster_across_functions(
    neo4j_server: Provisioned, graph: Store
) -> None:
    result = run_pain_clustering(neo4j_server.spec, graph)

    by_pain = {pain: c for c in result.clusters for pain in c.pain_points}
    audit = by_pain["audit_gaps"]
    entry = by_pain["manual_entry"]
    assert by_pain["no_trail"] is audit
    assert by_pain["rekeying"] is entry
    assert audit is not entry
    # Skeptics and an automator of three functions share them; nothing addresses them.
    assert audit.functions == ("FINANCE", "HR", "SALES")
    assert audit.persona_count == 3
    assert audit.white_space
    assert entry.functions == ("FINANCE", "HR", "SALES")
    assert "capture" in entry.opportunities
    assert not entry.white_space
    assert graph.read("admin/drop_gds_graphs", database=graph.database) == [{"dropped": 0}]


def test_the_latest_clustering_is_stored_and_replaces_the_previous_one(
    neo4j_server: Provisioned, graph: Store
) -> None:
    run_pain_clustering(neo4j_server.spec, graph)
    latest = run_pain_clustering(neo4j_server.spec, graph)

    assert stored_pain_clusters(graph) == list(latest.clusters)
    assert fingerprint(graph).labels["PainCluster"] == len(latest.clusters)
    stored_run = runs.latest(graph, "pain_clusters")
    assert stored_run is not None
    assert stored_run.id == latest.run_id
    assert stored_run.parameters == latest.parameters


def test_clustering_parameters_out_of_range_are_refused_by_name(
    neo4j_server: Provisioned, graph: Store
) -> None:
    with pytest.raises(ValidationFailed, match=r"similarity_cutoff is 1\.5"):
        run_pain_clustering(neo4j_server.spec, graph, similarity_cutoff=1.5)


def test_nothing_to_cluster_in_an_empty_graph_says_to_load_a_catalog(
    neo4j_server: Provisioned, store: Store
) -> None:
    with pytest.raises(ValidationFailed, match="seed load"):
        run_pain_clustering(neo4j_server.spec, store)


def test_similar_personas_are_the_top_k_by_jaccard_over_pains_jobs_and_goals(
    neo4j_server: Provisioned, graph: Store
) -> None:
    result = run_similarity(neo4j_server.spec, graph, top_k=2)

    for persona in handbuilt.PERSONAS:
        others = sorted(
            (p for p in handbuilt.PERSONAS if p != persona and _jaccard(persona, p) >= 0.05),
            key=lambda p: (-_jaccard(persona, p), p),
        )[:2]
        found = similar_to(graph, persona)
        assert [s.persona for s in found] == others, persona
        for s in found:
            assert s.score == pytest.approx(_jaccard(persona, s.persona), abs=1e-9)
    assert similar_to(graph, "ann")[0].persona == "bob"  # 4 of 5 facets shared
    assert result.links == fingerprint(graph).types["SIMILAR_TO"]


def test_the_method_follows_the_number_of_personas_and_the_run_records_it(
    neo4j_server: Provisioned, graph: Store
) -> None:
    personas = len(handbuilt.PERSONAS)

    exact = run_similarity(neo4j_server.spec, graph, exact_up_to=personas)
    facets = run_similarity(neo4j_server.spec, graph, exact_up_to=personas - 1)
    embedded = run_similarity(
        neo4j_server.spec, graph, exact_up_to=personas - 1, approximate="fastrp_knn"
    )

    assert exact.method == exact.parameters["method"] == "node_similarity"
    assert facets.method == facets.parameters["method"] == "knn_jaccard"
    assert embedded.method == embedded.parameters["method"] == "fastrp_knn"
    assert embedded.parameters["similarity_metric"] == "COSINE"
    stored = runs.latest(graph, "similar_personas")
    assert stored is not None
    assert stored.parameters["method"] == "fastrp_knn"
    assert stored.parameters["random_seed"] == embedded.parameters["random_seed"]


def test_knn_over_facets_writes_exact_jaccard_and_sees_every_pair_of_a_small_graph(
    neo4j_server: Provisioned, graph: Store
) -> None:
    run_similarity(neo4j_server.spec, graph, top_k=2)
    exact = {p: similar_to(graph, p) for p in handbuilt.PERSONAS}

    result = run_similarity(neo4j_server.spec, graph, top_k=2, exact_up_to=0)

    assert result.method == "knn_jaccard"
    # Three candidates per link kept: kNN compares all six personas with each other.
    assert {p: similar_to(graph, p) for p in handbuilt.PERSONAS} == exact
    assert result.links == fingerprint(graph).types["SIMILAR_TO"]


@pytest.mark.parametrize("approximate", APPROXIMATE)
def test_approximate_neighbours_are_written_as_node_similarity_s_are(
    neo4j_server: Provisioned, graph: Store, approximate: Approximate
) -> None:
    result = run_similarity(
        neo4j_server.spec, graph, top_k=2, exact_up_to=0, approximate=approximate
    )

    assert result.links == fingerprint(graph).types["SIMILAR_TO"] > 0
    for persona in handbuilt.PERSONAS:
        found = similar_to(graph, persona)
        assert len(found) <= 2
        assert [s.rank for s in found] == list(range(1, len(found) + 1))
        assert [s.score for s in found] == sorted((s.score for s in found), reverse=True)
        assert all(0.05 <= s.score <= 1 + 1e-9 and s.persona != persona for s in found)
    # ann shares 4 of her 5 facets with bob: the closest by either method.
    assert similar_to(graph, "ann")[0].persona == "bob"
    assert graph.read("admin/drop_gds_graphs", database=graph.database) == [{"dropped": 0}]


@pytest.mark.parametrize("approximate", APPROXIMATE)
def test_approximate_neighbours_are_the_same_on_every_run(
    neo4j_server: Provisioned, graph: Store, approximate: Approximate
) -> None:
    def neighbours() -> dict[str, list[tuple[str, float, int]]]:
        run_similarity(neo4j_server.spec, graph, exact_up_to=0, approximate=approximate)
        return {
            p: [(s.persona, round(s.score, 12), s.rank) for s in similar_to(graph, p)]
            for p in handbuilt.PERSONAS
        }

    assert neighbours() == neighbours()


def test_each_analysis_reports_every_gds_step_and_its_memory_estimate_in_order(
    neo4j_server: Provisioned, graph: Store
) -> None:
    events: list[ProgressEvent] = []

    run_pain_clustering(neo4j_server.spec, graph, progress=events.append)
    clusters = [e.step for e in events if e.done is None]
    events.clear()
    run_similarity(
        neo4j_server.spec, graph, exact_up_to=0, approximate="fastrp_knn", progress=events.append
    )
    similar = [e.step for e in events if e.done is None]

    assert clusters == list(pain_clusters.STEPS)
    assert clusters.index("estimate Leiden's memory") == clusters.index("Leiden") - 1
    assert similar == list(EMBEDDING_STEPS)
    assert similar.index("estimate kNN memory") == similar.index("kNN") - 1
    written = [e for e in events if e.done is not None]
    assert written[-1].done == written[-1].total
    assert written[-1].total is not None
    assert written[-1].total > 0
    assert {(e.index, e.steps) for e in events if e.step == "kNN"} == {(5, 7)}


def test_a_new_similarity_run_replaces_the_links_of_the_previous_one(
    neo4j_server: Provisioned, graph: Store
) -> None:
    run_similarity(neo4j_server.spec, graph, top_k=3)
    second = run_similarity(neo4j_server.spec, graph, top_k=1, metric="OVERLAP")

    assert fingerprint(graph).types["SIMILAR_TO"] == second.links == len(handbuilt.PERSONAS)
    # Overlap: cy's two facets are all in ann's five (and bob's four): 1.0.
    assert similar_to(graph, "cy")[0].score == pytest.approx(1.0)
    latest = runs.latest(graph, "similar_personas")
    assert latest is not None
    assert latest.id == second.run_id


def test_an_unknown_metric_is_named_in_the_error(neo4j_server: Provisioned, graph: Store) -> None:
    with pytest.raises(ValidationFailed, match=r"'COSINE'.*JACCARD"):
        run_similarity(neo4j_server.spec, graph, metric="COSINE")  # type: ignore[arg-type]


def test_a_negative_size_threshold_is_named_in_the_error(
    neo4j_server: Provisioned, graph: Store
) -> None:
    with pytest.raises(ValidationFailed, match=r"exact_up_to is -1") as raised:
        run_similarity(neo4j_server.spec, graph, exact_up_to=-1, approximate="lsh")  # type: ignore[arg-type]

    assert "approximate is 'lsh'" in str(raised.value)


def test_a_gds_procedure_the_server_refuses_raises_our_error(
    neo4j_server: Provisioned, graph: Store
) -> None:
    statement = graph.registry.statement("analytics/project_persona_graph")

    with pytest.raises(QueryFailed, match=r"personagraph-gone.*does not exist") as raised:
        _similarity_on_a_dropped_projection(neo4j_server, statement, "personagraph-gone")

    assert type(raised.value.__cause__).__module__.startswith("neo4j")


def _similarity_on_a_dropped_projection(server: Provisioned, statement: str, name: str) -> None:
    with gds.client(server.spec) as client:
        with gds.projection(client, statement, name) as projected:
            pass  # dropped on leaving the block
        client.node_similarity.stream(projected)


def test_archetype_distribution_and_readiness_per_function(graph: Store) -> None:
    found = {d.function: d for d in function_distributions(graph)}

    assert set(found) == {"FINANCE", "HR", "SALES", ALL_FUNCTIONS}
    assert found["FINANCE"].counts[Archetype.ORCHESTRATOR] == 1
    assert found["FINANCE"].adoption_readiness == pytest.approx((90 + 20) / 200)
    assert found["HR"].adoption_readiness == pytest.approx((50 + 100) / 200)
    assert found["SALES"].adoption_readiness == pytest.approx((100 + 20) / 200)
    assert found[ALL_FUNCTIONS].total == 6
    assert found[ALL_FUNCTIONS].adoption_readiness == pytest.approx(380 / 600)


def test_comparing_two_runs_shows_each_opportunitys_move(
    neo4j_server: Provisioned, graph: Store
) -> None:
    whole = run_scoring(neo4j_server.spec, graph)
    skeptics = run_scoring(neo4j_server.spec, graph, Segment(archetype=Archetype.SKEPTIC))

    comparison = compare_runs(graph, whole.run_id, skeptics.run_id)

    assert comparison.after_parameters["archetype"] == "SKEPTIC"
    assert [c.key for c in comparison.changes] == [s.key for s in skeptics.scores]
    before = {s.key: s.rank for s in whole.scores}
    for change in comparison.changes:
        assert change.before_rank == before[change.key]
        assert change.moved == before[change.key] - (change.after_rank or 0)
    # Skeptics reach nothing that capture or approvals address: assistant comes first.
    assert comparison.changes[0].key == "assistant"


def test_comparing_with_an_unknown_run_names_it(graph: Store) -> None:
    with pytest.raises(EntityNotFound, match=r"'no-such-run'.*analyze runs"):
        compare_runs(graph, "no-such-run", "no-such-run")
