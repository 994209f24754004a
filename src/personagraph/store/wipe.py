"""Emptying a database: completely (data, schema and GDS projections), or of its data only.

:func:`wipe` is used by ``personagraph db wipe`` and by the test fixtures, so that
every test starts from the same state a fresh server has; :func:`clear_data` by the
fixtures between tests that leave the migrated schema as it was.
"""

from __future__ import annotations

from dataclasses import dataclass

from personagraph.store.connection import Store


@dataclass(frozen=True)
class WipeReport:
    """What :func:`wipe` removed."""

    gds_graphs: int
    constraints: int
    indexes: int


def wipe(store: Store) -> WipeReport:
    """Remove every node, relationship, constraint, index and GDS projection."""
    graphs = store.write("admin/drop_gds_graphs", database=store.database)[0]["dropped"]
    store.run_autocommit("admin/delete_all_nodes")
    constraints = [row["name"] for row in store.read("admin/constraint_names")]
    for name in constraints:
        store.write("admin/drop_constraint", name=name)
    indexes = [row["name"] for row in store.read("admin/index_names")]
    for name in indexes:
        store.write("admin/drop_index", name=name)
    return WipeReport(gds_graphs=graphs, constraints=len(constraints), indexes=len(indexes))


def clear_data(store: Store) -> None:
    """Remove every node and relationship but the migration records, and every GDS
    projection; the schema (indexes, constraints) stays.

    What the test fixtures use between tests while the schema is unchanged: dropping
    and re-creating every index and constraint is much slower than deleting the data.
    """
    store.write("admin/drop_gds_graphs", database=store.database)
    store.run_autocommit("admin/delete_data_keep_migrations")
