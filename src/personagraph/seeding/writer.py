"""Writing a :class:`GraphPlan` to Neo4j in one transaction: all of it, or nothing.

Inside the transaction the stored content hashes are read first; only nodes
that are new or whose hash changed are written (their owned links replaced),
so loading the same catalog twice writes nothing at all. Seeded personas that
left the catalog — personas, opportunities, pain points, any label — are retired
(``is_active = false``), never deleted. Personas the load changes or retires keep their
history (:mod:`.persona_history`), and a load that changes personas or templates moves
the serving caches' change sequence.

A persona the load changes is re-inferred in the same transaction (the plan carries the
new inference): when its quadrant moves, an ``ArchetypeMigration`` of kind ``inferred``
records the scores before and after and the attribute changes that caused it, with the
actor ``seed load``.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from personagraph.inference.archetype_migration import InferenceState, inferred_migration
from personagraph.seeding.persona_history import SeedEdits
from personagraph.seeding.plan import GraphPlan, LinkRow, NodeRow
from personagraph.seeding.statements import CLEAR_LINKS, LINKS, NODES
from personagraph.store import Store
from personagraph.store.connection import Transaction

T = TypeVar("T")
Advance = Callable[[int], None]
BATCH = 5_000
ACTOR = "seed load"


@dataclass(frozen=True)
class LabelCounts:
    """What happened to the nodes of one label."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass
class LoadReport:
    """What a load changed."""

    labels: dict[str, LabelCounts] = field(default_factory=dict)
    links_written: int = 0
    retired: dict[str, list[str]] = field(default_factory=dict)
    mismatches: list[str] = field(default_factory=list)
    review_queue: list[str] = field(default_factory=list)
    migrations: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        touched = any(c.created or c.updated for c in self.labels.values())
        return touched or any(self.retired.values())


def work_units(plan: GraphPlan) -> int:
    """How many rows a load may write at most (the length of its progress bar)."""
    return plan.node_count() + plan.link_count()


def write_plan(store: Store, plan: GraphPlan, advance: Advance | None = None) -> LoadReport:
    """Apply ``plan`` in a single transaction and report what changed."""
    tick: Advance = advance or (lambda _: None)

    def work(tx: Transaction) -> LoadReport:
        tx.run("write/seed/take_lock")
        report = LoadReport(mismatches=list(plan.mismatches), review_queue=list(plan.review_queue))
        changed: dict[str, set[str]] = {}
        edits = SeedEdits()
        migrations: list[dict[str, Any]] = []
        for label, rows in plan.nodes.items():
            fresh = _changed_rows(tx, label, rows)
            if label == "Persona":
                existing = [row for row, existed in fresh if existed]
                migrations = _migrations(tx, existing)
                edits.before(tx, [row.key for row in existing])
            _write_nodes(tx, label, fresh, tick)
            created = sum(1 for row, existed in fresh if not existed)
            report.labels[label] = LabelCounts(
                created, len(fresh) - created, len(rows) - len(fresh)
            )
            changed[label] = {row.key for row, _ in fresh}
            tick(len(rows) - len(fresh))
        report.links_written = _write_links(tx, plan, changed, tick)
        # After the links: a migration names the function its persona now belongs to.
        for batch in _batches(migrations):
            tx.run("write/personas/record_migrations", rows=batch)
        report.migrations = [row["persona_id"] for row in migrations]
        for label, statements in NODES.items():
            keep = [row.key for row in plan.nodes.get(label, [])]
            retired = [r["key"] for r in tx.run(statements.retire, keep=keep)]
            if label == "Persona":
                edits.retired(retired)
            if retired:
                report.retired[label] = retired
        edits.record(tx, touches_serving=_touches_serving(report))
        return report

    return store.transaction(work)


def _touches_serving(report: LoadReport) -> bool:
    """Whether the load changed what the serving caches hold (personas, templates)."""
    served = ("Persona", "Template")
    counts = [report.labels.get(label, LabelCounts()) for label in served]
    return any(c.created or c.updated for c in counts) or any(
        report.retired.get(label) for label in served
    )


def _changed_rows(tx: Transaction, label: str, rows: list[NodeRow]) -> list[tuple[NodeRow, bool]]:
    stored = {r["key"]: r["hash"] for r in tx.run(NODES[label].hashes)}
    return [(row, row.key in stored) for row in rows if stored.get(row.key) != row.hash]


def _migrations(tx: Transaction, rows: list[NodeRow]) -> list[dict[str, Any]]:
    """The archetype migrations that writing ``rows`` (existing personas) causes."""
    after = {row.key: InferenceState.of(row.props) for row in rows}
    found = []
    for keys in _batches(sorted(after)):
        for stored in tx.run("read/seed/persona_inference_states", keys=list(keys)):
            key = stored["key"]
            migration = inferred_migration(key, InferenceState.of(stored), after[key])
            if migration is not None:
                found.append({**migration, "id": str(uuid.uuid4()), "actor": ACTOR})
    return found


def _write_nodes(
    tx: Transaction, label: str, rows: list[tuple[NodeRow, bool]], tick: Advance
) -> None:
    for batch in _batches([row for row, _ in rows]):
        payload = [{"key": r.key, "props": r.props, "hash": r.hash} for r in batch]
        tx.run(NODES[label].upsert, rows=payload)
        tick(len(batch))


def _write_links(
    tx: Transaction, plan: GraphPlan, changed: dict[str, set[str]], tick: Advance
) -> int:
    for label, statement in CLEAR_LINKS.items():
        # Only owners that existed before have old links; clearing the others is harmless.
        for keys in _batches(sorted(changed.get(label, ()))):
            tx.run(statement, keys=keys)
    written = 0
    for rel_type, rows in plan.links.items():
        statements = LINKS[rel_type]
        owners = changed.get(statements.owner, set())
        fresh = [row for row in rows if row.source in owners]
        for batch in _batches(_by_source(fresh)):
            tx.run(statements.create, rows=batch)
            tick(sum(len(group["links"]) for group in batch))
        written += len(fresh)
        tick(len(rows) - len(fresh))
    return written


def _by_source(rows: list[LinkRow]) -> list[dict[str, Any]]:
    """Links grouped under their source, in first-seen order: one lookup per source."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        groups.setdefault(row.source, []).append({"target": row.target, "props": row.props})
    return [{"source": source, "links": links} for source, links in groups.items()]


def _batches(rows: Sequence[T]) -> Iterator[Sequence[T]]:
    for start in range(0, len(rows), BATCH):
        yield rows[start : start + BATCH]
