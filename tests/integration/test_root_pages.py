"""Root pages are the pages ORDER BY gives, whichever way the statement reads them.

A root page sorted ascending on an indexed property is looked for along the index,
bounded by the windows of an :class:`IndexWalk`, and sorted in full when the walk
leaves it short (see ``compiler.root_page``). The seed catalog's 144 personas are
smaller than the default first window, so the API's own pages take the full sort;
here the statements are compiled with windows of a few entries, so that every way
through them is taken: a page the first walk fills, one the second walk completes,
one neither fills, nodes without the sort property, filters that name the nodes.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from personagraph.api.graphql.compile.compiler import compile_connection, compile_list
from personagraph.api.graphql.compile.index_walk import IndexWalk
from personagraph.api.graphql.compile.label_sizes import LabelSizes
from personagraph.api.graphql.compile.plan import (
    Connection,
    EdgePlan,
    NodePlan,
    Page,
    Scalar,
    SortKey,
)
from personagraph.model.ontology import node_type
from personagraph.store import Store

PERSONA = node_type("Persona")
IDS = NodePlan(PERSONA, (Scalar("id", PERSONA.property("id")),))
WALKS = [IndexWalk(1, 2), IndexWalk(1, 4), IndexWalk(2, 8), IndexWalk()]
# How the statement learns the label's size: inside Neo4j (unknown to the compiler), or
# from a size class the compiler knows — one that fits every window, one that fits none.
SIZES = {
    "counted in Neo4j": LabelSizes(),
    "known to fit": LabelSizes.of({"Persona": 1}),
    "known too large": LabelSizes.of({"Persona": 1_000_000}),
}
PAGES = [(0, 5), (3, 7), (30, 10), (0, 200), (143, 10)]
# Each filter with the same question in Cypher, over `p`.
FILTERS: dict[str, tuple[dict[str, Any] | None, str]] = {
    "everyone": (None, "true"),
    "skeptics": ({"archetype": {"eq": "SKEPTIC"}}, "p.archetype = 'SKEPTIC'"),
    "all but skeptics": (
        {"NOT": {"archetype": {"eq": "SKEPTIC"}}},
        "NOT coalesce(p.archetype = 'SKEPTIC', false)",
    ),
    "large teams (a few)": ({"teamSize": {"gte": 40}}, "p.team_size >= 40"),
    "teams of 12+ (a tenth)": ({"teamSize": {"gte": 12}}, "p.team_size >= 12"),
    "nobody": ({"teamSize": {"gte": 10_000}}, "p.team_size >= 10000"),
    "by key": (
        {"id": {"in_": ["sales-director-orchestrator", "compensation-analyst-skeptic"]}},
        "p.id IN ['sales-director-orchestrator', 'compensation-analyst-skeptic']",
    ),
}
SORTS = {"name": (SortKey("name"),), "key": ()}
NAMESAKE = "Jordan Lee"
NEWCOMERS = ["aa-namesake-1", "aa-namesake-2", "aa-namesake-3"]
NAMESAKES: list[str] = []  # filled by the fixture


@pytest.fixture(scope="module")
def ties_and_gaps(seed_catalog: Store) -> Iterator[Store]:
    """The seed catalog with three personas' names removed (ORDER BY puts them last) and
    nine sharing one name (the key orders them), so that windows end inside a tie.

    Three of the namesakes are new, with keys that sort before the others': an index
    holds equal values in the order their nodes were stored, which is not the key's.
    """
    # In title order, so that the renamed ones are spread over the catalog.
    rows = seed_catalog.run_raw(
        "MATCH (p:Persona) RETURN p.id AS id, p.name AS name ORDER BY p.title DESC, p.id"
    )
    nameless = [row["id"] for row in rows[10:13]]
    renamed = [row["id"] for row in rows[20:140:20]]
    NAMESAKES[:] = [*renamed, *NEWCOMERS]
    seed_catalog.run_raw("MATCH (p:Persona) WHERE p.id IN $ids REMOVE p.name", ids=nameless)
    seed_catalog.run_raw(
        "MATCH (p:Persona) WHERE p.id IN $ids SET p.name = $name", ids=renamed, name=NAMESAKE
    )
    seed_catalog.run_raw(
        "UNWIND $people AS person CREATE (p:Persona) SET p = person",
        people=[
            {"id": NEWCOMERS[0], "name": NAMESAKE, "archetype": "SKEPTIC", "team_size": 45},
            {"id": NEWCOMERS[1], "name": NAMESAKE, "archetype": "LEARNER", "team_size": 12},
            {"id": NEWCOMERS[2], "name": NAMESAKE, "archetype": "SKEPTIC", "team_size": 2},
        ],
    )
    try:
        yield seed_catalog
    finally:
        seed_catalog.run_raw("MATCH (p:Persona) WHERE p.id IN $ids DELETE p", ids=NEWCOMERS)
        seed_catalog.run_raw(
            "UNWIND $rows AS row MATCH (p:Persona {id: row.id}) SET p.name = row.name",
            rows=rows,
        )


def expected(store: Store, where: str, sort: str, offset: int, limit: int) -> list[str]:
    rows = store.run_raw(
        f"MATCH (p:Persona) WHERE {where} AND coalesce(p.is_active, true) "
        f"RETURN p.id AS id ORDER BY {sort}p.id SKIP $offset LIMIT $limit",
        offset=offset,
        limit=limit,
    )
    return [row["id"] for row in rows]


def listed(
    store: Store, page: Page, walk: IndexWalk, sizes: LabelSizes = LabelSizes()
) -> list[str]:
    query = compile_list(IDS, page, walk, sizes)
    (row,) = store.run_raw(query.text, **query.parameters)
    return [node["id"] for node in row["result"]]


@pytest.mark.parametrize("walk", WALKS, ids=lambda w: f"windows {w.first}x/{w.second}x")
@pytest.mark.parametrize("sort_name", list(SORTS))
@pytest.mark.parametrize("size_name", list(SIZES))
def test_every_page_is_the_one_order_by_gives(
    ties_and_gaps: Store, walk: IndexWalk, sort_name: str, size_name: str
) -> None:
    store, sort, sizes = ties_and_gaps, SORTS[sort_name], SIZES[size_name]
    cypher_sort = "p.name, " if sort else ""
    for name, (where, cypher_where) in FILTERS.items():
        # Pages that begin, end and lie inside the namesakes, wherever the filter puts them.
        ordered = expected(store, cypher_where, cypher_sort, 0, 200)
        namesakes = [i for i, id_ in enumerate(ordered) if id_ in NAMESAKES]
        tie = namesakes[0] if namesakes else 0
        around = [(max(tie - 2, 0), 3), (tie + 1, 2), (max(tie - 1, 0), 8)]
        for offset, limit in PAGES + around:
            page = Page(where=where, sort=sort, offset=offset, limit=limit)
            want = expected(store, cypher_where, cypher_sort, offset, limit)
            assert listed(store, page, walk, sizes) == want, (name, offset, limit)


def test_the_nameless_come_last_and_pages_straddle_them(ties_and_gaps: Store) -> None:
    # The fixture's premises, and a page across the boundary on the walk's way through.
    ordered = expected(ties_and_gaps, "true", "p.name, ", 0, 200)
    nameless = ties_and_gaps.run_raw(
        "MATCH (p:Persona) WHERE p.name IS NULL RETURN p.id AS id ORDER BY p.id"
    )
    assert ordered[-3:] == [row["id"] for row in nameless]
    namesakes = ties_and_gaps.run_raw(
        "MATCH (p:Persona {name: $name}) RETURN p.id AS id ORDER BY p.id", name=NAMESAKE
    )
    assert [row["id"] for row in namesakes][:3] == NEWCOMERS
    assert len(namesakes) == 9
    page = Page(sort=(SortKey("name"),), offset=len(ordered) - 5, limit=4)
    assert listed(ties_and_gaps, page, IndexWalk(1, 4)) == ordered[-5:-1]


@pytest.mark.parametrize("size_name", list(SIZES))
def test_a_root_connection_pages_by_cursor_the_same_way(
    ties_and_gaps: Store, size_name: str
) -> None:
    ordered = expected(ties_and_gaps, "p.archetype = 'SKEPTIC'", "p.name, ", 0, 200)
    edges = EdgePlan("edges", nodes=(("node", IDS),))
    paged: list[str] = []
    while len(paged) <= len(ordered):
        page = Page({"archetype": {"eq": "SKEPTIC"}}, None, (SortKey("name"),), len(paged), 5)
        connection = Connection("c", None, PERSONA, page, (edges,), page_size=4)
        query = compile_connection(connection, IndexWalk(1, 4), SIZES[size_name])
        (row,) = ties_and_gaps.run_raw(query.text, **query.parameters)
        found = [edge["node"]["id"] for edge in row["result"]["edges"]]
        paged += found[:4]
        if len(found) <= 4:
            break
    assert paged == ordered
    assert len(ordered) > 12
