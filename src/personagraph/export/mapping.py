"""The relational mapping: which tables the graph becomes, derived from the ontology.

One table per node label (named by the label's ``plural``, its key as primary key,
one typed column per property), one link table per relationship type (foreign keys
to both ends, the relationship's properties as columns), one extension table per
business function (the persona's ``function_attributes`` as typed columns, see
:mod:`personagraph.export.extensions`) and the schema-migration bookkeeping.

Every writer (SQLite, Parquet, CSV, PostgreSQL), the DDL, the ER diagram and the
Cypher parameters are generated from :data:`TABLES`. Adding a property to the
ontology adds its column everywhere; the only names spelled out here are those the
source's schema fixes (``persona_pain_points``, ``persona_week_in_life`` …).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Final

from personagraph.export.extensions import EXTENSIONS, Extension
from personagraph.model.ontology import (
    NODE_TYPES,
    RELATIONSHIPS,
    Kind,
    NodeType,
    Property,
    Relationship,
    node_type,
)

__all__ = [
    "TABLES",
    "Column",
    "ExtensionSource",
    "ForeignKey",
    "Index",
    "LinkSource",
    "NodeSource",
    "Table",
    "Target",
    "table",
]


class Target(StrEnum):
    """Where an export goes."""

    SQLITE = "sqlite"
    PARQUET = "parquet"
    CSV = "csv"
    POSTGRES = "postgres"


ALL_TARGETS: Final = frozenset(Target)


@dataclass(frozen=True)
class Column:
    """One column: its name, value kind, and the targets it is written to.

    ``targets`` lets a table keep a column out of some targets (a bulky trace kept in
    SQLite but not in Parquet, say) without a second table definition.
    """

    name: str
    kind: Kind
    description: str
    nullable: bool = True
    targets: frozenset[Target] = ALL_TARGETS


@dataclass(frozen=True)
class ForeignKey:
    """``columns`` of this table reference ``ref_columns`` of ``ref_table``."""

    columns: tuple[str, ...]
    ref_table: str
    ref_columns: tuple[str, ...]


@dataclass(frozen=True)
class Index:
    """A secondary index (SQLite and PostgreSQL; file targets have none)."""

    columns: tuple[str, ...]


@dataclass(frozen=True)
class NodeSource:
    """Rows are the nodes of ``label``."""

    label: str


@dataclass(frozen=True)
class LinkSource:
    """Rows are the relationships of ``type`` (source key, target key, properties)."""

    type: str
    source_label: str
    target_label: str


@dataclass(frozen=True)
class ExtensionSource:
    """Rows are the personas of ``function``, one column per declared attribute."""

    function: str


Source = NodeSource | LinkSource | ExtensionSource


@dataclass(frozen=True)
class Table:
    """One table of the export."""

    name: str
    description: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...]
    source: Source
    foreign_keys: tuple[ForeignKey, ...] = ()
    indexes: tuple[Index, ...] = field(default=())

    def columns_for(self, target: Target) -> tuple[Column, ...]:
        """The columns written to ``target``."""
        return tuple(column for column in self.columns if target in column.targets)

    def column(self, name: str) -> Column:
        for column in self.columns:
            if column.name == name:
                return column
        raise KeyError(f"table {self.name} has no column {name!r}")

    @property
    def is_link(self) -> bool:
        """Link and extension tables hang off entity tables; they have no rows of their own."""
        return not isinstance(self.source, NodeSource)


# Table names the source's normalized schema fixes; everything else follows the rules.
_TABLE_NAMES: Final[dict[str, str]] = {
    "AuditEvent": "persona_audit_log",
}
# The behavioral assignment outputs the source asks for: indexed for lookups by subject
# and window, primary persona and status; the audit trace stays out of Parquet.
_INDEXES: Final[dict[str, tuple[Index, ...]]] = {
    "Assignment": (
        Index(("user_id", "window_days")),
        Index(("primary_persona_id",)),
        Index(("status",)),
    ),
}
_EXCLUDED: Final[dict[tuple[str, str], frozenset[Target]]] = {
    ("Assignment", "trace"): frozenset({Target.PARQUET}),
}
_LINK_TABLE_NAMES: Final[dict[str, str]] = {
    "SPENDS_TIME": "persona_week_in_life",
    "PREFERS": "persona_service_preferences",
}

# Applied schema migrations are bookkeeping, not part of the ontology the API serves.
SCHEMA_MIGRATION: Final = NodeType(
    "SchemaMigration",
    "id",
    "A schema migration applied to the graph.",
    (
        Property("id", Kind.STRING, "The migration file, e.g. 001_key_constraints."),
        Property("checksum", Kind.STRING, "SHA-256 of the file when it was applied."),
        Property("applied_at", Kind.DATETIME, "When it was applied."),
    ),
    "schema_migrations",
    soft_deletes=False,
)


def snake(label: str) -> str:
    """``PainPoint`` → ``pain_point``, ``JTBD`` → ``jtbd``."""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", label).lower()


def table_name(node: NodeType) -> str:
    """The table of a node label: the source's name where it fixes one, else ``plural``."""
    return _TABLE_NAMES.get(node.label, node.plural)


def _column(
    prop: Property, *, nullable: bool = True, targets: frozenset[Target] = ALL_TARGETS
) -> Column:
    return Column(prop.name, prop.kind, prop.description, nullable, targets)


def node_table(node: NodeType) -> Table:
    """The entity table of ``node``: its key first, as primary key."""
    key = node.property(node.key)
    rest = tuple(
        _column(p, targets=ALL_TARGETS - _EXCLUDED.get((node.label, p.name), frozenset()))
        for p in node.properties
        if p.name != node.key
    )
    return Table(
        table_name(node),
        node.description,
        (_column(key, nullable=False), *rest),
        (key.name,),
        NodeSource(node.label),
        indexes=_INDEXES.get(node.label, ()),
    )


def link_columns(rel: Relationship) -> tuple[str, str]:
    """The two key columns of a link table: ``persona_id``, ``pain_point_key`` …"""
    source, target = node_type(rel.source), node_type(rel.target)
    source_column = f"{snake(rel.source)}_{source.key}"
    target_column = f"{snake(rel.target)}_{target.key}"
    if target_column == source_column:  # a label linked to itself: name the far end by role
        role = rel.out_field.removesuffix("s") if rel.out_many else rel.out_field
        target_column = f"{role}_{target.key}"
    return source_column, target_column


def link_table(rel: Relationship) -> Table:
    """The link table of ``rel``; a to-one relationship has its source alone as key."""
    source, target = node_type(rel.source), node_type(rel.target)
    source_column, target_column = link_columns(rel)
    name = _LINK_TABLE_NAMES.get(rel.type, f"{snake(rel.source)}_{rel.out_field}")
    keys = (
        Column(source_column, Kind.STRING, f"The {rel.source}.", nullable=False),
        Column(target_column, Kind.STRING, f"The {rel.target}.", nullable=False),
    )
    return Table(
        name,
        f"{rel.type}: {rel.description}",
        (*keys, *(_column(p) for p in rel.properties)),
        (source_column, target_column) if rel.out_many else (source_column,),
        LinkSource(rel.type, rel.source, rel.target),
        (
            ForeignKey((source_column,), table_name(source), (source.key,)),
            ForeignKey((target_column,), table_name(target), (target.key,)),
        ),
        # The primary key serves lookups from the source; this one, from the target.
        (Index((target_column,)),),
    )


def extension_table(extension: Extension) -> Table:
    """The function-specific table: one row per persona of the function."""
    personas = node_type("Persona")
    persona = Column("persona_id", Kind.STRING, "The persona.", nullable=False)
    return Table(
        f"persona_{extension.function.lower()}_attributes",
        f"Attributes specific to {extension.function} personas (from function_attributes).",
        (persona, *(_column(p) for p in extension.attributes)),
        ("persona_id",),
        ExtensionSource(extension.function),
        (ForeignKey(("persona_id",), table_name(personas), (personas.key,)),),
    )


def _tables() -> tuple[Table, ...]:
    tables = (
        *(node_table(node) for node in (*NODE_TYPES, SCHEMA_MIGRATION)),
        *(link_table(rel) for rel in RELATIONSHIPS),
        *(extension_table(extension) for extension in EXTENSIONS),
    )
    names = [t.name for t in tables]
    duplicates = sorted({name for name in names if names.count(name) > 1})
    if duplicates:
        raise ValueError(f"two tables share the names {duplicates}; rename one in mapping.py")
    return tables


TABLES: Final[tuple[Table, ...]] = _tables()
_BY_NAME: Final = {t.name: t for t in TABLES}
_BY_LABEL: Final = {t.source.label: t for t in TABLES if isinstance(t.source, NodeSource)}


def table(name: str) -> Table:
    """The table called ``name``.

    Raises:
        KeyError: no table has that name.
    """
    return _BY_NAME[name]


def entity_table(label: str) -> Table:
    """The entity table of a node label."""
    return _BY_LABEL[label]
