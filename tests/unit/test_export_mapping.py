"""The relational mapping follows the ontology and the source's table names, and its DDL,
diagram and statements are generated from it."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest

from personagraph.errors import ExportError
from personagraph.export import statements
from personagraph.export.ddl import postgres_schema, sqlite_schema
from personagraph.export.er_diagram import DIAGRAM, document
from personagraph.export.extensions import EXTENSIONS
from personagraph.export.mapping import (
    TABLES,
    Column,
    ExtensionSource,
    Index,
    LinkSource,
    NodeSource,
    Target,
    entity_table,
    table,
)
from personagraph.export.selection import function_scope, select_tables
from personagraph.export.writers.arrow import record_batch, schema
from personagraph.model.ontology import NODE_TYPES, RELATIONSHIPS, Kind, node_type
from personagraph.seeding import pipeline
from personagraph.store import default_registry

SEEDS = Path(__file__).resolve().parents[2] / "seeds"

# The normalized schema of the VITAL implementation guide ("PostgreSQL Schema").
SOURCE_TABLES = [
    "personas",
    "persona_pain_points",
    "persona_goals",
    "persona_challenges",
    "persona_week_in_life",
    "persona_stakeholders",
    "persona_responsibilities",
    "persona_skills",
    "persona_motivations",
    "persona_frustrations",
    "persona_service_preferences",
    "jtbds",
    "persona_jtbds",
    "jtbd_outcomes",
    "opportunities",
    "opportunity_jtbds",
    "archetype_migrations",
    "persona_audit_log",
    "persona_medical_affairs_attributes",
    "persona_sales_attributes",
    "persona_finance_attributes",
    "persona_marketing_attributes",
    "persona_engineering_attributes",
]


def test_every_table_the_source_schema_lists_is_exported() -> None:
    names = {t.name for t in TABLES}

    assert [name for name in SOURCE_TABLES if name not in names] == []


def test_every_node_label_is_a_table_keyed_by_its_key_with_every_property() -> None:
    for node in NODE_TYPES:
        if node.label == "Persona":
            continue  # one table per kind: the next test
        t = entity_table(node.label)

        assert t.primary_key == (node.key,)
        assert t.columns[0].name == node.key
        assert {c.name for c in t.columns} == {p.name for p in node.properties}
        assert all(t.column(p.name).kind is p.kind for p in node.properties)


def test_personas_get_a_table_per_kind_and_personas_holds_the_workforce_as_the_source() -> None:
    persona = {p.name for p in node_type("Persona").properties}
    personas, assistants, behavioral = (
        table(name) for name in ("personas", "assistant_personas", "behavioral_personas")
    )

    assert [t.source for t in (personas, assistants, behavioral)] == [
        NodeSource("Persona", "workforce"),
        NodeSource("Persona", "assistant"),
        NodeSource("Persona", "behavioral"),
    ]
    assert entity_table("Persona") is personas
    # The source's names for two columns, so that its queries run unchanged.
    assert personas.column("persona_id").reads == "id"
    assert personas.column("archetype_requires_review").reads == "requires_review"
    workforce = {c.name for c in personas.columns} - {"persona_id", "archetype_requires_review"}
    assert {"archetype", "work_complexity_score", "team_size", "kind"} <= workforce < persona
    assert not workforce & {"system_prompt", "behavioral_id", "rule"}
    assert {"system_prompt", "archetype"} <= {c.name for c in assistants.columns}
    assert {"behavioral_id", "rule", "kind"} <= {c.name for c in behavioral.columns}
    assert not {c.name for c in behavioral.columns} & {"archetype", "team_size"}


def test_every_relationship_is_a_link_table_referencing_both_ends() -> None:
    links = {
        (t.source.type, t.source.target_label): t
        for t in TABLES
        if isinstance(t.source, LinkSource)
    }

    assert set(links) == {(rel.type, rel.target) for rel in RELATIONSHIPS}
    for rel in RELATIONSHIPS:
        kinds = [
            t
            for t in TABLES
            if isinstance(t.source, LinkSource)
            and (t.source.type, t.source.target_label) == (rel.type, rel.target)
        ]
        for t in kinds:
            kind = t.source.persona_kind if isinstance(t.source, LinkSource) else None
            ends = [fk.ref_table for fk in t.foreign_keys]
            assert ends == [_table(rel.source, kind), _table(rel.target, kind)]
            assert [c.name for c in t.columns[2:]] == [p.name for p in rel.properties]
            assert len(t.primary_key) == (2 if rel.out_many else 1)


def _table(label: str, kind: str | None) -> str:
    if label == "Persona":
        return {"workforce": "personas", "assistant": "assistant_personas"}.get(
            kind or "", "behavioral_personas"
        )
    return entity_table(label).name


def test_links_of_assistant_and_behavioral_personas_have_tables_of_their_own() -> None:
    assert table("assistant_persona_archetypes").foreign_keys[0].ref_table == ("assistant_personas")
    assert table("audit_event_assistant_persona").foreign_keys[1].ref_table == (
        "assistant_personas"
    )
    assert table("assignment_primary").foreign_keys[1].ref_table == "behavioral_personas"
    assert table("persona_pain_points").foreign_keys[0].ref_table == "personas"


def test_a_label_linked_to_itself_names_its_far_end_by_role() -> None:
    assert [c.name for c in table("persona_similar_personas").columns[:2]] == [
        "persona_id",
        "similar_persona_id",
    ]
    assert table("persona_created_from").primary_key == ("persona_id",)


def test_every_function_attribute_of_the_catalog_has_a_typed_column() -> None:
    plan = pipeline.prepare(SEEDS).plan
    role_of = {link.source: link.target for link in plan.links["HAS_ROLE"]}
    function_of = {link.source: link.target for link in plan.links["IN_FUNCTION"]}
    declared = {e.function: {a.name: a.kind for a in e.attributes} for e in EXTENSIONS}
    python_kinds = {str: Kind.STRING, bool: Kind.BOOLEAN, list: Kind.STRING_LIST}
    missing = []
    for persona in plan.nodes["Persona"]:
        function = function_of[role_of[persona.key]]
        for name, value in json.loads(persona.props["function_attributes"]).items():
            kind = python_kinds.get(type(value), Kind.INT)
            columns = declared.get(function, {})
            if name not in columns or not _fits(kind, columns[name]):
                missing.append((function, name, kind.value))

    assert sorted(set(missing)) == []


def _fits(kind: Kind, column: Kind) -> bool:
    return kind is column or (kind is Kind.INT and column is Kind.LONG)


def test_every_table_has_its_cypher_statement() -> None:
    names = set(default_registry().names("export/"))
    for t in TABLES:
        source = t.source
        if isinstance(source, NodeSource):
            assert statements.NODES[source.label] in names
        elif isinstance(source, LinkSource):
            assert statements.LINKS[source.type, source.target_label] in names
    assert statements.FUNCTION_ATTRIBUTES in names


def test_the_sqlite_ddl_creates_every_table_and_enforces_keys() -> None:
    db = sqlite3.connect(":memory:")
    db.executescript(sqlite_schema(TABLES))
    db.execute("PRAGMA foreign_keys = ON")

    created = {n for (n,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    db.execute("INSERT INTO goals (key, text) VALUES ('g', 'A goal')")
    with pytest.raises(sqlite3.IntegrityError):
        db.execute("INSERT INTO persona_goals (persona_id, goal_key) VALUES ('nobody', 'g')")
    with pytest.raises(sqlite3.IntegrityError):  # STRICT: no text in an integer column
        db.execute("INSERT INTO goals (key, version) VALUES ('h', 'one')")

    assert created == {t.name for t in TABLES}


def test_the_postgres_ddl_adds_keys_after_the_tables() -> None:
    ddl = postgres_schema("personagraph", TABLES)

    assert ddl.index('CREATE TABLE "personagraph"."personas"') < ddl.index("PRIMARY KEY")
    assert ddl.count("PRIMARY KEY") == len(TABLES)
    assert ddl.count("FOREIGN KEY") == sum(len(t.foreign_keys) for t in TABLES)
    assert '"tags" jsonb' in ddl
    assert '"budget_authority" bigint' in ddl


def test_a_table_can_keep_a_column_out_of_one_target_and_add_indexes() -> None:
    # How the behavioral assignments table will look: a trace kept in SQLite only.
    trace = Column("trace", Kind.JSON, "Audit trace.", targets=frozenset({Target.SQLITE}))
    personas = table("personas")
    assignments = replace(
        personas,
        name="assignments",
        columns=(*personas.columns[:2], trace),
        indexes=(Index(("kind",)), Index(("name", "kind"))),
    )

    sqlite_ddl = sqlite_schema((assignments,))
    parquet = schema(assignments, Target.PARQUET)
    batch = record_batch(assignments, Target.PARQUET, [("p1", "workforce", '{"rule": 1}')])

    assert '"trace" TEXT' in sqlite_ddl
    assert 'CREATE INDEX "assignments__name__kind"' in sqlite_ddl
    assert parquet.names == ["id", "kind"]
    assert batch.to_pylist() == [{"id": "p1", "kind": "workforce"}]
    assert '"trace"' not in postgres_schema(None, (assignments,))


def test_the_committed_er_diagram_is_what_the_mapping_generates() -> None:
    assert DIAGRAM.read_text(encoding="utf-8") == document(), (
        "docs/relational-schema.md is stale: run `python -m personagraph.export.er_diagram`"
    )


def test_only_brings_the_referenced_tables_and_the_links_among_the_chosen() -> None:
    names = [t.name for t in select_tables(["persona_jtbds"])]

    assert names[:2] == ["personas", "jtbds"]
    assert "persona_jtbds" in names
    assert "persona_sales_attributes" in names
    assert "opportunities" not in names
    assert select_tables() == TABLES


def test_only_names_the_known_tables_when_one_is_unknown() -> None:
    with pytest.raises(ExportError, match=r"unknown tables \['people'\].*personas"):
        select_tables(["people"])


def test_a_function_scope_follows_the_to_one_relationships_from_function() -> None:
    steps = [(step.label, step.via.type) for step in function_scope()]

    assert steps == [
        ("Role", "IN_FUNCTION"),
        ("Persona", "HAS_ROLE"),
        # Behavioral assignments belong to no business function: a function's export has none.
        ("Assignment", "PRIMARY"),
        ("ArchetypeMigration", "OF"),
        # Workforce templates of the function's roles (assistant templates have no role).
        ("Template", "FOR_ROLE"),
        ("PersonaVersion", "VERSION_OF"),
        ("MetricBucket", "MEASURES"),
        ("PersonaConfiguration", "CONFIGURES"),
        ("AuditEvent", "CONCERNS"),
        # A function's export holds the routing decisions made for its personas.
        ("RoutingDecision", "FOR_PERSONA"),
    ]


def test_extension_tables_hang_off_personas() -> None:
    extensions = [t for t in TABLES if isinstance(t.source, ExtensionSource)]

    assert len(extensions) == len(EXTENSIONS)
    assert all(t.foreign_keys[0].ref_table == "personas" for t in extensions)
    assert table("persona_sales_attributes").column("quota_usd").kind is Kind.LONG
