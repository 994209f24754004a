"""The provisioned server is Neo4j 5.26 with GDS 2.13, usable from the GDS client."""

from __future__ import annotations

from graphdatascience import GraphDataScience

from personagraph.neo4j_local.provision import Provisioned
from personagraph.store import Store, probe


def test_the_server_runs_neo4j_5_26_with_gds_2_13(store: Store) -> None:
    info = probe(store)

    assert info.neo4j_version.startswith("5.26."), info
    assert info.gds_version is not None
    assert info.gds_version.startswith("2.13."), info


def test_the_gds_client_projects_a_graph_and_runs_page_rank(
    neo4j_server: Provisioned, store: Store
) -> None:
    spec = neo4j_server.spec
    gds = GraphDataScience(
        spec.uri, auth=(spec.user, spec.password or ""), database=spec.database, show_progress=False
    )
    try:
        # A star: everyone links to the hub, the hub links to one leaf.
        gds.run_cypher("UNWIND range(1, 5) AS i CREATE (:Page {name: 'leaf' + i})")
        gds.run_cypher("CREATE (:Page {name: 'hub'})")
        gds.run_cypher(
            "MATCH (hub:Page {name: 'hub'}), (leaf:Page) WHERE leaf <> hub"
            " CREATE (leaf)-[:LINKS]->(hub)"
        )
        gds.run_cypher(
            "MATCH (hub:Page {name: 'hub'}), (leaf:Page {name: 'leaf1'})"
            " CREATE (hub)-[:LINKS]->(leaf)"
        )
        projected = gds.graph.project.native("pages", "Page", "LINKS")
        try:
            scores = gds.page_rank.stream(projected.graph, max_iterations=40)
            names = gds.run_cypher(
                "MATCH (p:Page) RETURN id(p) AS nodeId, p.name AS name"
            ).set_index("nodeId")["name"]
            ranked = scores.assign(name=scores["nodeId"].map(names)).sort_values(
                "score", ascending=False
            )
        finally:
            gds.graph.drop(projected.graph)
    finally:
        gds.close()

    assert list(ranked["name"][:2]) == ["hub", "leaf1"]
    assert ranked["score"].iloc[0] > 2 * ranked["score"].iloc[-1]
