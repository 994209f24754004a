"""The seeding pipeline end to end: parse → validate → enrich → infer → write → report."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from personagraph.errors import MigrationError
from personagraph.model.catalog import Catalog
from personagraph.seeding.plan import GraphPlan, plan_catalog
from personagraph.seeding.validation import read_catalog
from personagraph.seeding.writer import Advance, LoadReport, work_units, write_plan
from personagraph.store import Store, migrations


@dataclass(frozen=True)
class PreparedCatalog:
    """A catalog that passed every check, and the graph it describes."""

    catalog: Catalog
    plan: GraphPlan

    @property
    def work_units(self) -> int:
        return work_units(self.plan)


def prepare(path: Path) -> PreparedCatalog:
    """Read, validate, enrich and infer; nothing touches the database.

    Raises:
        ValidationFailed: every problem in every file, each located precisely.
    """
    catalog = read_catalog(path)
    return PreparedCatalog(catalog=catalog, plan=plan_catalog(catalog))


def load(store: Store, prepared: PreparedCatalog, advance: Advance | None = None) -> LoadReport:
    """Write a prepared catalog in one transaction (all of it or nothing).

    Raises:
        MigrationError: the schema is not migrated (without its constraints, loads
            would be slow and could duplicate nodes).
        StoreError: the database failed; nothing of this load was kept.
    """
    pending = [row.id for row in migrations.status(store) if row.pending]
    if pending:
        raise MigrationError(
            f"The database schema is not up to date (pending: {', '.join(pending)}). "
            "Run `personagraph db migrate` first."
        )
    return write_plan(store, prepared.plan, advance)
