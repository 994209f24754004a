"""GraphQL reads on the seed catalog equal hand-written Cypher, one statement per root field."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from personagraph.neo4j_local.provision import Provisioned
from personagraph.store import Store
from tests.integration.graphql_api import Api, api_for

PERSONA = "compensation-analyst-skeptic"


@pytest.fixture(scope="module")
def api(neo4j_server: Provisioned, seed_catalog: Store) -> Iterator[Api]:
    # These tests count the statements the compiler sends; the serving cache, which answers
    # some reads by key with none (and checks the graph's change sequence on its own
    # schedule), has its own tests (test_serving_cache.py).
    with api_for(neo4j_server.spec, anonymous_reads=True, serving_cache=False) as api:
        yield api


def cypher(store: Store, statement: str, **parameters: Any) -> list[dict[str, Any]]:
    return store.run_raw(statement, **parameters)


def test_a_flat_filtered_sorted_list(api: Api, seed_catalog: Store) -> None:
    answer = api(
        '{ personas(where: {archetype: {eq: "SKEPTIC"}, teamSize: {gte: 3}},'
        " sort: [{teamSize: DESC}]) { id name teamSize } }"
    )
    expected = cypher(
        seed_catalog,
        "MATCH (p:Persona) WHERE p.archetype = 'SKEPTIC' AND p.team_size >= 3 AND p.is_active "
        "RETURN p.id AS id, p.name AS name, p.team_size AS teamSize "
        "ORDER BY p.team_size DESC, p.id",
    )
    assert answer.data["personas"] == expected
    assert len(expected) > 3
    assert answer.statements == 1


def test_two_levels_with_a_filter_on_the_nested_list(api: Api, seed_catalog: Store) -> None:
    answer = api(
        '{ functions { key roles(where: {seniorityLevel: {in: ["senior", "director"]}},'
        " sort: [{title: ASC}]) { key title } } }"
    )
    rows = cypher(
        seed_catalog,
        "MATCH (f:Function) WHERE f.is_active "
        "RETURN f.key AS key, [(r:Role)-[:IN_FUNCTION]->(f) "
        "  WHERE r.seniority_level IN ['senior', 'director'] | r {.key, .title}] AS roles "
        "ORDER BY f.key",
    )
    expected = [
        {"key": row["key"], "roles": sorted(row["roles"], key=lambda r: (r["title"], r["key"]))}
        for row in rows
    ]
    assert answer.data["functions"] == expected
    assert any(row["roles"] for row in expected)
    assert answer.statements == 1


# Pages sized for the seed catalog (a persona has at most 3 pain points, and so on):
# with the default page size at every level the worst case would be 10^12 items.
FOUR_LEVELS = """
query FourLevels($id: String!, $minSeverity: Int!) {
  persona(id: $id) {
    id
    painPointsConnection(edgeWhere: {severity: {gte: $minSeverity}},
                         sort: [{edge: {severity: DESC}}], first: 50) {
      totalCount
      edges {
        severity
        node {
          key
          opportunitiesConnection(sort: [{edge: {strength: DESC}}], first: 20) {
            edges { strength node { key jtbds(limit: 20) { key outcomes(limit: 20) { key } } } }
          }
        }
      }
    }
  }
  functions(where: {key: {eq: "HUMAN_RESOURCES"}}) { key }
}
"""


def test_four_levels_with_connections_and_relationship_properties(
    api: Api, seed_catalog: Store
) -> None:
    answer = api(FOUR_LEVELS, {"id": PERSONA, "minSeverity": 4})
    pains = cypher(
        seed_catalog,
        "MATCH (:Persona {id: $id})-[e:EXPERIENCES]->(pp:PainPoint) WHERE e.severity >= 4 "
        "RETURN pp.key AS key, e.severity AS severity ORDER BY e.severity DESC, pp.key",
        id=PERSONA,
    )
    persona = answer.data["persona"]
    connection = persona["painPointsConnection"]
    assert connection["totalCount"] == len(pains) > 0
    assert [(e["node"]["key"], e["severity"]) for e in connection["edges"]] == [
        (p["key"], p["severity"]) for p in pains
    ]
    for edge in connection["edges"]:
        opportunities = cypher(
            seed_catalog,
            "MATCH (o:Opportunity)-[a:ADDRESSES]->(:PainPoint {key: $key}) "
            "RETURN o.key AS key, a.strength AS strength, "
            "  [(o)-[:SUPPORTS]->(j:JTBD) | j {.key, "
            "    outcomes: [(j)-[:HAS_OUTCOME]->(oc:Outcome) | oc {.key}]}] AS jtbds "
            "ORDER BY a.strength DESC, o.key",
            key=edge["node"]["key"],
        )
        got = edge["node"]["opportunitiesConnection"]["edges"]
        assert [(e["node"]["key"], e["strength"]) for e in got] == [
            (o["key"], o["strength"]) for o in opportunities
        ]
        for got_edge, want in zip(got, opportunities, strict=True):
            assert _by_key(got_edge["node"]["jtbds"]) == _by_key(want["jtbds"])
    # Two root fields, two statements: the depth of the selection costs nothing more.
    assert answer.statements == 2


def _by_key(jtbds: list[dict[str, Any]]) -> list[tuple[str, list[str]]]:
    return sorted((j["key"], sorted(o["key"] for o in j["outcomes"])) for j in jtbds)


def test_fragments_aliases_variables_and_directives(api: Api) -> None:
    answer = api(
        """
        query Q($id: String!, $withRole: Boolean!, $skipName: Boolean!) {
          mine: persona(id: $id) { ...Card role @include(if: $withRole) { title } }
          again: persona(id: $id) { ... on Persona { who: name @skip(if: $skipName) } }
        }
        fragment Card on Persona { id label: name name @skip(if: $skipName) tagline }
        """,
        {"id": PERSONA, "withRole": False, "skipName": True},
    )
    assert not answer.errors
    mine, again = answer.data["mine"], answer.data["again"]
    assert set(mine) == {"id", "label", "tagline"}
    assert mine["id"] == PERSONA
    assert mine["label"]
    assert again == {}
    assert answer.statements == 2


def test_relationship_filters_some_none_all(api: Api, seed_catalog: Store) -> None:
    some = api(
        '{ personas(where: {painPoints: {some: {node: {category: {eq: "workload"},'
        " opportunities: {some: {}}}}}}) { id } }"
    )
    expected_some = cypher(
        seed_catalog,
        "MATCH (p:Persona) WHERE p.is_active AND EXISTS { "
        "MATCH (p)-[:EXPERIENCES]->(:PainPoint {category: 'workload'})"
        "<-[:ADDRESSES]-(:Opportunity) } "
        "RETURN p.id AS id ORDER BY p.id",
    )
    assert some.data["personas"] == expected_some
    assert expected_some

    none = api("{ personas(where: {painPoints: {none: {edge: {severity: {gte: 5}}}}}) { id } }")
    expected_none = cypher(
        seed_catalog,
        "MATCH (p:Persona) WHERE p.is_active AND NOT EXISTS { "
        "MATCH (p)-[e:EXPERIENCES]->(:PainPoint) WHERE e.severity >= 5 } "
        "RETURN p.id AS id ORDER BY p.id",
    )
    assert none.data["personas"] == expected_none
    assert expected_none

    every = api("{ personas(where: {painPoints: {all: {edge: {severity: {lte: 3}}}}}) { id } }")
    expected_all = cypher(
        seed_catalog,
        "MATCH (p:Persona) WHERE p.is_active AND ALL(e IN [(p)-[x:EXPERIENCES]->(:PainPoint) | x] "
        "WHERE e.severity <= 3) RETURN p.id AS id ORDER BY p.id",
    )
    assert every.data["personas"] == expected_all


def test_logical_operators_and_string_matches(api: Api, seed_catalog: Store) -> None:
    answer = api(
        '{ opportunities(where: {OR: [{name: {startsWith: "Auto"}}, {name: {contains: "digest"}}],'
        " NOT: {feasibility: {lt: 0.5}}}) { key } }"
    )
    expected = cypher(
        seed_catalog,
        "MATCH (o:Opportunity) WHERE o.is_active AND (o.name STARTS WITH 'Auto' "
        "OR o.name CONTAINS 'digest') AND NOT o.feasibility < 0.5 "
        "RETURN o.key AS key ORDER BY o.key",
    )
    assert answer.data["opportunities"] == expected
    assert expected


def test_a_connection_pages_through_everything_exactly_once(api: Api, seed_catalog: Store) -> None:
    seen: list[str] = []
    after = None
    pages = 0
    while True:
        data = api.ok(
            "query P($after: String) { painPointsConnection(first: 50, after: $after) {"
            " totalCount pageInfo { hasNextPage endCursor } edges { node { key } } } }",
            {"after": after},
        )["painPointsConnection"]
        seen += [edge["node"]["key"] for edge in data["edges"]]
        pages += 1
        if not data["pageInfo"]["hasNextPage"]:
            break
        after = data["pageInfo"]["endCursor"]
    total = cypher(seed_catalog, "MATCH (p:PainPoint) RETURN p.key AS key ORDER BY p.key")
    assert seen == [row["key"] for row in total]
    assert data["totalCount"] == len(total)
    assert pages == -(-len(total) // 50)


def test_limit_and_offset_slice_the_sorted_list(api: Api) -> None:
    everything = api.ok("{ jtbds(sort: [{statement: ASC}]) { key } }")["jtbds"]
    page = api.ok("{ jtbds(sort: [{statement: ASC}], limit: 5, offset: 10) { key } }")["jtbds"]
    assert page == everything[10:15]


def test_both_directions_of_a_relationship_agree(api: Api) -> None:
    persona = api.ok(f'{{ persona(id: "{PERSONA}") {{ painPoints {{ key }} }} }}')["persona"]
    pain = persona["painPoints"][0]["key"]
    back = api.ok("query B($k: String!) { painPoint(key: $k) { personas { id } } }", {"k": pain})
    assert PERSONA in {p["id"] for p in back["painPoint"]["personas"]}


def test_an_unknown_key_is_null(api: Api) -> None:
    assert api.ok('{ persona(id: "nobody") { id } }') == {"persona": None}


RETIRED_READS = """
query Retired($id: String!) {
  persona(id: $id) {
    painPoints { key }
    painPointsConnection { totalCount }
    withRetired: painPoints(where: {isActive: {eq: false}}) { key }
  }
  painPoints(where: {personas: {some: {node: {id: {eq: $id}}}}}) { key }
  personasConnection { totalCount }
}
"""


def test_a_retired_node_is_hidden_at_every_level_and_only_its_label_is_checked(
    api: Api, seed_catalog: Store
) -> None:
    before = api.ok(RETIRED_READS, {"id": PERSONA})
    keys = [row["key"] for row in before["persona"]["painPoints"]]
    retired = keys[0]
    seed_catalog.run_raw("MATCH (p:PainPoint {key: $key}) SET p.is_active = false", key=retired)
    try:
        after = api.ok(RETIRED_READS, {"id": PERSONA})
    finally:
        seed_catalog.run_raw("MATCH (p:PainPoint {key: $key}) SET p.is_active = true", key=retired)
    restored = api.ok(RETIRED_READS, {"id": PERSONA})

    assert before["persona"]["withRetired"] == []
    assert [row["key"] for row in after["persona"]["painPoints"]] == keys[1:]
    assert after["persona"]["painPointsConnection"]["totalCount"] == len(keys) - 1
    assert after["persona"]["withRetired"] == [{"key": retired}]
    assert retired not in {row["key"] for row in after["painPoints"]}
    assert after["personasConnection"] == before["personasConnection"]
    assert restored == before


NAMED_PAGE = """
query Page($limit: Int!, $offset: Int!) {
  personas(where: {archetype: {eq: "SKEPTIC"}}, sort: [{name: ASC}], limit: $limit,
           offset: $offset) { id }
}
"""

NAMED_CONNECTION = """
query Pages($after: String) {
  personasConnection(where: {archetype: {eq: "SKEPTIC"}}, sort: [{name: ASC}], first: 4,
                     after: $after) {
    pageInfo { hasNextPage endCursor } edges { node { id } }
  }
}
"""


def test_pages_read_in_index_order_still_put_nodes_without_the_property_last(
    api: Api, seed_catalog: Store
) -> None:
    # Sorted on an indexed property, a root page reads the nodes that have it in index
    # order and the others only when the page is not full without them. Three skeptics
    # lose their names, so pages that end before, straddle and follow that boundary all
    # have to agree with ORDER BY.
    skeptics = (
        "MATCH (p:Persona) WHERE p.archetype = 'SKEPTIC' AND coalesce(p.is_active, true) "
        "RETURN p.id AS id ORDER BY p.name, p.id"
    )
    named = [row["id"] for row in cypher(seed_catalog, skeptics)]
    unnamed = named[1:4]
    names = {
        row["id"]: row["name"]
        for row in cypher(
            seed_catalog,
            "MATCH (p:Persona) WHERE p.id IN $ids RETURN p.id AS id, p.name AS name",
            ids=unnamed,
        )
    }
    seed_catalog.run_raw("MATCH (p:Persona) WHERE p.id IN $ids REMOVE p.name", ids=unnamed)
    try:
        ordered = [row["id"] for row in cypher(seed_catalog, skeptics)]
        end = len(ordered)
        windows = [(0, 5), (0, end - 3), (end - 5, 4), (2, 100), (end - 2, 5), (end, 5)]
        pages = {
            (offset, limit): api.ok(NAMED_PAGE, {"limit": limit, "offset": offset})["personas"]
            for offset, limit in windows
        }
        paged: list[str] = []
        after = None
        while True:
            data = api.ok(NAMED_CONNECTION, {"after": after})["personasConnection"]
            paged += [edge["node"]["id"] for edge in data["edges"]]
            if not data["pageInfo"]["hasNextPage"]:
                break
            after = data["pageInfo"]["endCursor"]
    finally:
        for persona, name in names.items():
            seed_catalog.run_raw(
                "MATCH (p:Persona {id: $id}) SET p.name = $name", id=persona, name=name
            )

    assert ordered[-3:] == sorted(unnamed)
    assert len(ordered) > 8
    for (offset, limit), page in pages.items():
        assert [row["id"] for row in page] == ordered[offset : offset + limit], (offset, limit)
    assert paged == ordered
