from __future__ import annotations

from pathlib import Path

import pytest

from personagraph.errors import MigrationChecksumMismatch, MigrationError
from personagraph.model.ontology import NODE_TYPES
from personagraph.store.migrations import discover, verify
from personagraph.store.queries import CypherRegistry, cypher_root

ONTOLOGY_KEYS = {
    "Function": "key", "Role": "key", "Persona": "id", "Archetype": "name", "JTBD": "key",
    "Outcome": "key", "PainPoint": "key", "Goal": "key", "Challenge": "key",
    "Motivation": "key", "Frustration": "key", "Skill": "key", "Responsibility": "key",
    "Stakeholder": "key", "Activity": "key", "Opportunity": "key", "ServiceLayer": "name",
    "ScoringRun": "id", "ArchetypeMigration": "id", "AuditEvent": "id", "Template": "key",
    "Dataset": "id", "Chunk": "id", "Subject": "id", "Assignment": "id",
    "SchemaMigration": "id",
}  # fmt: skip


def _every_shipped_statement() -> str:
    return " ".join(
        statement
        for migration in discover(CypherRegistry(cypher_root()))
        for statement in migration.file.statements
    )


def _registry(tmp_path: Path, *names: str) -> CypherRegistry:
    for name in names:
        path = tmp_path / "schema" / f"{name}.cypher"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("CREATE INDEX x IF NOT EXISTS FOR (n:X) ON (n.x);\n", encoding="utf-8")
    return CypherRegistry(tmp_path)


def test_migrations_are_applied_in_number_order(tmp_path: Path) -> None:
    registry = _registry(tmp_path, "010_later", "002_second", "001_first")

    assert [m.id for m in discover(registry)] == ["001_first", "002_second", "010_later"]


@pytest.mark.parametrize("name", ["1_short_number", "004-dashes", "005_CamelCase"])
def test_a_misnamed_migration_is_refused_with_the_expected_pattern(
    tmp_path: Path, name: str
) -> None:
    registry = _registry(tmp_path, name)

    with pytest.raises(MigrationError, match=rf"{name}\.cypher is misnamed.*NNN_snake_case"):
        discover(registry)


def test_two_migrations_with_one_number_are_refused(tmp_path: Path) -> None:
    registry = _registry(tmp_path, "003_alpha", "003_beta")

    with pytest.raises(MigrationError, match="share the number 003"):
        discover(registry)


def test_an_edited_migration_is_named_in_the_error(tmp_path: Path) -> None:
    registry = _registry(tmp_path, "001_first", "002_second")
    migrations = discover(registry)
    applied_at = migrations[0].file.path.stat().st_mtime
    recorded = {
        "001_first": (migrations[0].checksum, applied_at),
        "002_second": ("0" * 64, applied_at),
    }

    with pytest.raises(MigrationChecksumMismatch) as raised:
        verify(migrations, recorded)  # type: ignore[arg-type]

    assert "002_second.cypher" in str(raised.value)
    assert "001_first.cypher" not in str(raised.value)
    assert "new migration file" in str(raised.value)


def test_the_first_migration_constrains_the_key_of_every_ontology_label() -> None:
    first = discover(CypherRegistry(cypher_root()))[0]
    text = " ".join(first.file.statements)

    for label, key in ONTOLOGY_KEYS.items():
        assert f"FOR (n:{label}) REQUIRE n.{key} IS UNIQUE" in text, label


def test_every_soft_deleting_label_has_an_is_active_index() -> None:
    text = _every_shipped_statement()

    for node in NODE_TYPES:
        if node.soft_deletes:
            assert f"FOR (n:{node.label}) ON (n.is_active)" in text, node.label


def test_every_property_a_page_reads_in_index_order_has_a_range_index() -> None:
    text = _every_shipped_statement()

    for node in NODE_TYPES:
        for prop in node.sorted_by:
            node.property(prop)  # a typo in sorted_by fails here, not in a query
            assert f"FOR (n:{node.label}) ON (n.{prop})" in text, (node.label, prop)
