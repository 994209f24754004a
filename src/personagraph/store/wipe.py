"""Emptying a database completely: data, schema and GDS projections.

Used by ``personagraph db wipe`` and by the test fixtures, so that every test
starts from the same state a fresh server has.
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
