from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from personagraph.cli.app import app
from personagraph.errors import MigrationChecksumMismatch
from personagraph.store import Store, default_registry
from personagraph.store.migrations import discover, migrate, status
from personagraph.store.queries import CypherRegistry, cypher_root

runner = CliRunner()


def test_migrate_applies_every_file_once_and_records_it(empty_store: Store) -> None:
    expected = [m.id for m in discover(default_registry())]

    first = migrate(empty_store)
    second = migrate(empty_store)

    assert first == expected
    assert second == []
    assert all(not row.pending for row in status(empty_store))
    recorded = empty_store.read("read/schema_migrations")
    assert [row["id"] for row in recorded] == expected
    assert all(len(row["checksum"]) == 64 for row in recorded)


def test_the_key_constraints_exist_after_migrating(store: Store) -> None:
    names = {row["name"] for row in store.read("admin/constraint_names")}

    assert {"persona_id_unique", "pain_point_key_unique", "schema_migration_id_unique"} <= names


def test_an_edited_applied_migration_stops_migrate_and_names_the_file(
    store: Store, tmp_path: Path
) -> None:
    copy = tmp_path / "cypher"
    shutil.copytree(cypher_root(), copy)
    edited = copy / "schema" / "002_lookup_indexes.cypher"
    edited.write_text(edited.read_text() + "\n// an innocent-looking edit\n")
    edited_store = Store(store.driver, store.database, CypherRegistry(copy))

    with pytest.raises(MigrationChecksumMismatch, match=r"002_lookup_indexes\.cypher"):
        migrate(edited_store)


def test_a_new_migration_file_is_pending_then_applied(store: Store, tmp_path: Path) -> None:
    copy = tmp_path / "cypher"
    shutil.copytree(cypher_root(), copy)
    (copy / "schema" / "900_test_only_index.cypher").write_text(
        "CREATE INDEX test_only IF NOT EXISTS FOR (n:TestOnly) ON (n.value);\n"
    )
    store = Store(store.driver, store.database, CypherRegistry(copy))

    pending = [row.id for row in status(store) if row.pending]
    applied = migrate(store)

    assert pending == ["900_test_only_index"]
    assert applied == ["900_test_only_index"]
    assert "test_only" in {row["name"] for row in store.read("admin/index_names")}


@pytest.mark.usefixtures("cli_env")
def test_db_migrate_twice_applies_nothing_the_second_time(empty_store: Store) -> None:
    first = runner.invoke(app, ["db", "migrate"])
    second = runner.invoke(app, ["db", "migrate"])
    listing = runner.invoke(app, ["db", "status"])

    assert first.exit_code == 0, first.output
    assert "applied 001_key_constraints" in first.output
    assert second.exit_code == 0, second.output
    assert "nothing to apply" in second.output
    assert "0 pending" in listing.output


@pytest.mark.usefixtures("cli_env")
def test_db_migrate_names_an_edited_file_and_exits_non_zero(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy = tmp_path / "cypher"
    shutil.copytree(cypher_root(), copy)
    edited = copy / "schema" / "001_key_constraints.cypher"
    edited.write_text(edited.read_text().replace("IS UNIQUE;", "IS UNIQUE ;", 1))
    monkeypatch.setenv("PERSONAGRAPH_CYPHER_DIR", str(copy))

    result = runner.invoke(app, ["db", "migrate"])

    assert result.exit_code == 1
    assert "001_key_constraints.cypher" in result.output


def test_migrate_returns_once_the_new_indexes_on_existing_data_are_online(
    empty_store: Store,
) -> None:
    # Service layers are indexed by the last statement of the last migration, so nothing
    # after it gives their index time to fill in the background.
    empty_store.run_raw(
        "UNWIND range(1, $count) AS i CREATE (:ServiceLayer {name: 'layer-' + i, is_active: true})",
        count=300_000,
    )

    migrate(empty_store)

    pending = empty_store.run_raw(
        "SHOW INDEXES YIELD name, state WHERE state <> 'ONLINE' RETURN name, state"
    )
    assert pending == []
