"""The Cypher compiler: names from the ontology, values only as parameters."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from personagraph.api.graphql.compile.compiler import compile_by_key, compile_list
from personagraph.api.graphql.compile.cursors import decode_cursor, encode_cursor
from personagraph.api.graphql.compile.index_walk import IndexWalk
from personagraph.api.graphql.compile.label_sizes import LabelSizes, count_statement
from personagraph.api.graphql.compile.node_fields import node_fields
from personagraph.api.graphql.compile.plan import NodePlan, Page, RelatedList, Scalar, SortKey
from personagraph.errors import ValidationFailed
from personagraph.model.ontology import node_type

PERSONA = node_type("Persona")
NAME = Scalar("name", PERSONA.property("name"))


def personas(
    where: dict[str, object] | None = None, **page: object
) -> tuple[str, dict[str, object]]:
    query = compile_list(NodePlan(PERSONA, (NAME,)), Page(where=where, **page))  # type: ignore[arg-type]
    return query.text, query.parameters


@given(st.text(), st.text())
def test_the_statement_does_not_depend_on_filter_values(first: str, second: str) -> None:
    text_a, params_a = personas({"name": {"eq": first}, "tags": {"includes": first}})
    text_b, params_b = personas({"name": {"eq": second}, "tags": {"includes": second}})
    assert text_a == text_b
    assert [v for v in params_a.values() if isinstance(v, str)] == [first, first]
    assert [v for v in params_b.values() if isinstance(v, str)] == [second, second]


def test_an_injection_attempt_is_just_a_value() -> None:
    attack = "x' OR 1=1 WITH 1 AS x MATCH (n) DETACH DELETE n //"
    text, params = personas({"name": {"startsWith": attack}})
    assert "DELETE" not in text
    assert attack in params.values()


def test_hidden_nodes_are_left_out_unless_the_filter_asks_about_them() -> None:
    text, _ = personas()
    assert "(none_retired_Persona OR coalesce(n0.is_active, true))" in text
    text, params = personas({"isActive": {"eq": False}})
    assert "coalesce" not in text
    assert "n0.is_active = $p0" in text
    assert params["p0"] is False


def test_each_soft_deleting_label_is_asked_once_whether_any_node_is_retired() -> None:
    text, _ = personas({"painPoints": {"some": {"node": {"category": {"eq": "data"}}}}})
    first_line = text.splitlines()[0]
    assert first_line == (
        "WITH NOT EXISTS { MATCH (r:Persona) WHERE r.is_active = false } AS none_retired_Persona, "
        "NOT EXISTS { MATCH (r:PainPoint) WHERE r.is_active = false } AS none_retired_PainPoint"
    )
    assert text.count("none_retired_Persona OR") == 1


def test_a_filter_on_is_active_needs_no_guard() -> None:
    text, _ = personas({"isActive": {"eq": True}})
    assert "none_retired" not in text
    assert text.startswith("RETURN COLLECT {")


def test_sorts_apply_in_order_and_the_key_breaks_ties() -> None:
    text, _ = personas(sort=(SortKey("team_size", descending=True), SortKey("name")))
    assert "ORDER BY n0.team_size DESC, n0.name ASC, n0.id ASC" in text


def test_limit_and_offset_are_parameters() -> None:
    text, params = personas(sort=(SortKey("team_size"),), offset=20, limit=10)
    assert "SKIP $p0 LIMIT $p1" in text
    assert params == {"p0": 20, "p1": 10}


def test_a_page_sorted_ascending_on_an_indexed_property_walks_its_index_within_bounds() -> None:
    text, params = personas(sort=(SortKey("name"),), offset=20, limit=10)

    # The first window ends 20 x 30 entries into the name index, the second 320 x 30 past it.
    assert "WHERE b.name IS NOT NULL WITH b.name AS v ORDER BY v SKIP $p2 LIMIT 1" in text
    assert "AND b.name > CASE WHEN size(walked) < $p1 AND size(walked) * $p4 >= $p1" in text
    assert params == {"p0": 20, "p1": 30, "p2": 599, "p3": 9599, "p4": 16, "p5": 600}
    # Each walk follows the index, filters as it goes and stops at the page's end.
    assert (
        "MATCH (n0:Persona) USING INDEX n0:Persona(name) WHERE n0.name <= bound AND "
        "(none_retired_Persona OR coalesce(n0.is_active, true)) "
        "WITH n0 ORDER BY n0.name ASC, n0.id ASC LIMIT $p1 RETURN n0 }" in text
    )
    assert "WHERE n0.name > bound AND n0.name <= far_bound AND" in text
    # A page the walks leave short is sorted in full: those without a name come last.
    assert (
        "ELSE COLLECT { MATCH (n0:Persona) WHERE (none_retired_Persona OR coalesce(n0.is_active,"
        " true)) WITH n0 ORDER BY n0.name ASC, n0.id ASC LIMIT $p1 RETURN n0 } END) AS found"
        in text
    )


def test_a_label_no_larger_than_the_first_window_is_sorted_before_any_walk() -> None:
    text, params = personas(sort=(SortKey("name"),), offset=20, limit=10)

    # The count store lets one of two subqueries through: the sort, or the walk.
    sort = (
        "MATCH (n0:Persona) WHERE (none_retired_Persona OR coalesce(n0.is_active, true)) "
        "WITH n0 ORDER BY n0.name ASC, n0.id ASC LIMIT $p1 RETURN n0 }"
    )
    fits = "COUNT { (:Persona) } <= $p5"
    assert f"RETURN [n0 IN (COLLECT {{ UNWIND (CASE WHEN {fits} THEN [1] ELSE [] END)" in text
    assert f"AS at_once {sort}\n+ COLLECT {{ UNWIND (CASE WHEN {fits} THEN [] ELSE [1] END)" in (
        text
    )
    assert text.index("AS walking") < text.index("USING INDEX")
    assert params["p5"] == 20 * 30
    assert text.endswith("})[$p0..$p1] | n0 {`name`: n0.name}] AS result")


def test_the_windows_are_the_walks_multiples_of_the_page_end() -> None:
    page = Page(sort=(SortKey("name"),), offset=5, limit=5)
    params = compile_list(NodePlan(PERSONA, (NAME,)), page, IndexWalk(first=2, second=6)).parameters
    assert params == {"p0": 5, "p1": 10, "p2": 19, "p3": 59, "p4": 3, "p5": 20}


def test_the_default_order_is_the_key_and_walks_the_index_of_its_constraint() -> None:
    text, _ = personas(limit=10)
    assert "USING INDEX n0:Persona(id) WHERE n0.id <= bound" in text
    assert "ORDER BY n0.id ASC LIMIT $p1 RETURN n0 } END)" in text


@pytest.mark.parametrize(
    "where",
    [
        {"id": {"in_": ["a", "b"]}},
        {"id": {"eq": "a"}},
        {"name": {"eq": "Ada"}},
    ],
    ids=["keys", "one key", "the sorted value"],
)
def test_a_filter_that_names_the_nodes_is_sorted_where_an_index_finds_them(
    where: dict[str, object],
) -> None:
    text, _ = personas(where, sort=(SortKey("name"),), limit=10)
    assert "USING INDEX" not in text
    assert "WITH n0 ORDER BY n0.name ASC, n0.id ASC LIMIT $p" in text


@pytest.mark.parametrize(
    "sort",
    [
        (SortKey("name", descending=True),),  # nulls come first, and no index finds them
        (SortKey("team_size"),),  # not in Persona.sorted_by
    ],
    ids=["descending", "unindexed"],
)
def test_other_pages_sort_every_match(sort: tuple[SortKey, ...]) -> None:
    text, _ = personas(sort=sort, limit=10)
    assert "USING INDEX" not in text
    assert "walked" not in text
    assert "LIMIT $p0" in text


def test_an_unlimited_list_sorts_every_match() -> None:
    text, _ = personas(sort=(SortKey("name"),))
    assert "walked" not in text
    assert text.endswith(
        "WITH n0 ORDER BY n0.name ASC, n0.id ASC\nRETURN n0 {`name`: n0.name} } AS result"
    )


def test_logical_operators_compose() -> None:
    text, _ = personas(
        {
            "OR": [{"name": {"eq": "a"}}, {"title": {"contains": "b"}}],
            "NOT": {"teamSize": {"lt": 3}},
        }
    )
    assert "(n0.name = $p0 OR n0.title CONTAINS $p1)" in text
    assert "NOT (n0.team_size < $p2)" in text


def test_an_empty_or_matches_nothing() -> None:
    text, _ = personas({"OR": []})
    assert "WHERE (none_retired_Persona OR coalesce(n0.is_active, true)) AND false" in text


def test_relationship_quantifiers() -> None:
    some, _ = personas({"painPoints": {"some": {"node": {"category": {"eq": "data"}}}}})
    assert "EXISTS { MATCH (n0)-[e1:EXPERIENCES]->(n1:PainPoint)" in some
    none, _ = personas({"painPoints": {"none": {"edge": {"severity": {"gte": 4}}}}})
    assert "NOT EXISTS { MATCH (n0)-[e1:EXPERIENCES]->(n1:PainPoint)" in none
    every, _ = personas({"painPoints": {"all": {"edge": {"severity": {"gte": 4}}}}})
    assert (
        "WHERE (none_retired_PainPoint OR coalesce(n1.is_active, true))"
        " AND NOT (e1.severity >= $p0)" in every
    )


def test_nested_lists_are_subqueries_of_one_statement() -> None:
    hop = node_fields("Persona").hops["painPoints"]
    pain = node_type("PainPoint")
    plan = NodePlan(
        PERSONA,
        (NAME,),
        (
            RelatedList(
                "pains",
                hop,
                Page(edge_where={"severity": {"gte": 4}}, sort=(SortKey("severity", True, True),)),
                NodePlan(pain, (Scalar("text", pain.property("text")),)),
            ),
        ),
    )
    guard, text = compile_by_key(plan, "someone").text.split("\n", 1)
    assert guard.startswith("WITH NOT EXISTS { MATCH (r:PainPoint)")
    assert text.count("MATCH") == 2
    assert "`pains`: COLLECT { MATCH (n0)-[e1:EXPERIENCES]->(n1:PainPoint)" in text
    assert "ORDER BY e1.severity DESC, n1.key ASC" in text


def test_a_to_one_hop_returns_one_node() -> None:
    hop = node_fields("Persona").hops["role"]
    role = node_type("Role")
    plan = NodePlan(
        PERSONA,
        (),
        (RelatedList("role", hop, Page(), NodePlan(role, (Scalar("t", role.property("title")),))),),
    )
    assert "`role`: head(COLLECT {" in compile_by_key(plan, "x").text


def test_an_unknown_filter_field_is_named() -> None:
    with pytest.raises(ValidationFailed, match="Persona has no field 'shoeSize'"):
        personas({"shoeSize": {"eq": 42}})


def test_cursors_round_trip_and_foreign_ones_are_refused() -> None:
    assert decode_cursor(encode_cursor(41)) == 41
    with pytest.raises(ValidationFailed, match="after: 'bogus' is not a cursor"):
        decode_cursor("bogus")


@pytest.mark.parametrize(("first", "second"), [(0, 10), (8, 4), (-1, 4)])
def test_windows_out_of_order_are_refused_with_both_named(first: int, second: int) -> None:
    with pytest.raises(ValueError, match=rf"IndexWalk\(first={first}, second={second}\)"):
        IndexWalk(first, second)


def test_windows_of_nothing_never_walk() -> None:
    page = Page(sort=(SortKey("name"),), limit=10)
    text = compile_list(NodePlan(PERSONA, (NAME,)), page, IndexWalk(0, 0)).text
    assert "USING INDEX" not in text
    assert "WITH n0 ORDER BY n0.name ASC, n0.id ASC LIMIT $p0" in text


def test_a_label_known_to_fit_the_first_window_is_sorted_at_once() -> None:
    page = Page(sort=(SortKey("name"),), limit=50)  # first window: 20 x 50 = 1,000
    small = LabelSizes.of({"Persona": 400})  # class of 256-511 personas
    text = compile_list(NodePlan(PERSONA, (NAME,)), page, sizes=small).text
    never_walked = compile_list(NodePlan(PERSONA, (NAME,)), page, IndexWalk(0, 0)).text
    assert text == never_walked
    assert "COUNT {" not in text


def test_a_label_that_may_outgrow_the_window_is_walked_without_asking_the_count_store() -> None:
    page = Page(sort=(SortKey("name"),), limit=50)
    large = LabelSizes.of({"Persona": 1_000})  # class of 512-1,023: may hold 1,023 > 1,000
    text = compile_list(NodePlan(PERSONA, (NAME,)), page, sizes=large).text
    assert "COUNT {" not in text
    assert "at_once" not in text
    assert "walking" not in text
    assert text.startswith("WITH NOT EXISTS")  # the soft-delete guard, then the walk
    assert "RETURN [n0 IN COLLECT { WITH head(COLLECT { MATCH (b:Persona) USING INDEX" in text
    assert text.endswith("AS found RETURN found }[$p0..$p1] | n0 {`name`: n0.name}] AS result")


def test_sizes_of_other_labels_leave_the_choice_to_the_count_store() -> None:
    page = Page(sort=(SortKey("name"),), limit=50)
    others = LabelSizes.of({"Role": 10})
    text = compile_list(NodePlan(PERSONA, (NAME,)), page, sizes=others).text
    assert text == compile_list(NodePlan(PERSONA, (NAME,)), page).text
    assert "COUNT { (:Persona) } <=" in text


@pytest.mark.parametrize(
    ("count", "largest"), [(0, 0), (1, 1), (2, 3), (3, 3), (144, 255), (1_000, 1_023)]
)
def test_a_size_class_holds_counts_up_to_twice_its_smallest(count: int, largest: int) -> None:
    assert LabelSizes.of({"Persona": count}).largest("Persona") == largest
    assert LabelSizes.of({"Persona": count}).largest("Role") is None


def test_the_count_statement_reads_every_label_from_the_count_store() -> None:
    assert count_statement(["Persona", "Role"]) == (
        "RETURN COUNT { (:Persona) } AS `Persona`, COUNT { (:Role) } AS `Role`"
    )
    assert "COUNT { (:Template) } AS `Template`" in count_statement()
