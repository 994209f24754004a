"""The relational mapping: which tables the graph becomes, derived from the ontology.

One table per node label (named by the label's ``plural``, its key as primary key,
one typed column per property; personas one table per kind: ``personas`` holds the
workforce personas, as the source's schema does, ``assistant_personas`` and
``behavioral_personas`` the others), one link table per relationship type (foreign keys
to both ends, the relationship's properties as columns; per persona kind where a
relationship links more than one), one extension table per
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
    SQLite but not in Parquet, say) without a second table definition. ``alias_of`` is
    the graph property it holds when its name differs (the source's ``persona_id`` holds
    ``id``).
    """

    name: str
    kind: Kind
    description: str
    nullable: bool = True
    targets: frozenset[Target] = ALL_TARGETS
    alias_of: str | None = None

    @property
    def reads(self) -> str:
        """Returns: the graph property the column is filled from."""
        return self.alias_of or self.name


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
    """Rows are the nodes of ``label`` (personas: those of one ``kind``)."""

    label: str
    kind: str | None = None


@dataclass(frozen=True)
class LinkSource:
    """Rows are the relationships of ``type`` (source key, target key, properties); for a
    relationship with a persona end, those whose persona is of ``persona_kind``."""

    type: str
    source_label: str
    target_label: str
    persona_kind: str | None = None

    @property
    def persona_end(self) -> int | None:
        """Returns: which end (0 source, 1 target) is the partitioning persona, if any."""
        if self.persona_kind is None:
            return None
        return 0 if self.source_label == PERSONA else 1


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

# Persona kinds each have a table of their own: the source's `personas` holds workforce
# personas (its queries, e.g. the archetype validation, read every row as one), so the
# behavioral personas of the assignment rules and assistant personas go elsewhere. A
# persona without a kind is a workforce persona.
PERSONA: Final = "Persona"
WORKFORCE: Final = "workforce"
PERSONA_TABLES: Final[dict[str, str]] = {
    WORKFORCE: "personas",
    "assistant": "assistant_personas",
    "behavioral": "behavioral_personas",
}
_KIND_ONLY: Final[dict[str, frozenset[str]]] = {
    "assistant": frozenset({"system_prompt", "context", "response_format"}),
    "behavioral": frozenset(
        {"behavioral_id", "priority", "priority_rank", "focus", "risk", "criteria"}
        | {"rule", "severity_feature", "severity_scale"}
    ),
    # What archetype inference reads and writes: assistant personas may have it too.
    WORKFORCE: frozenset(
        {"archetype", "inferred_archetype", "archetype_confidence", "work_complexity_score"}
        | {"ai_maturity_score", "requires_review", "archetype_mismatch", "seniority_level"}
        | {"years_of_experience", "team_size", "budget_authority", "technology_adoption"}
        | {"risk_tolerance", "change_readiness", "stakeholder_count", "meeting_ratio"}
        | {"strategic_time_percent", "function_attributes"}
    ),
}
_KIND_COLUMNS: Final[dict[str, frozenset[str]]] = {
    WORKFORCE: _KIND_ONLY["assistant"] | _KIND_ONLY["behavioral"],
    "assistant": _KIND_ONLY["behavioral"],
    "behavioral": _KIND_ONLY["assistant"] | _KIND_ONLY[WORKFORCE],
}  # the columns each persona table leaves out
# The source's own names for two persona columns, so that its queries run unchanged
# (its archetype validation selects persona_id; its inference check
# archetype_requires_review).
_SOURCE_ALIASES: Final = (("persona_id", "id"), ("archetype_requires_review", "requires_review"))
# The persona kinds a relationship links, each to a link table of its own; unlisted
# relationships link workforce personas only.
_LINK_KINDS: Final[dict[str, tuple[str, ...]]] = {
    "PRIMARY": ("behavioral",),
    "SECONDARY": ("behavioral",),
    "HAS_ROLE": (WORKFORCE, "assistant"),
    "IS_A": (WORKFORCE, "assistant"),
    "OF": (WORKFORCE, "assistant"),
    "CONCERNS": (WORKFORCE, "assistant"),
    "CREATED_FROM": (WORKFORCE, "assistant"),
    "VERSION_OF": (WORKFORCE, "assistant", "behavioral"),
    "MEASURES": (WORKFORCE, "assistant"),
    "CONFIGURES": (WORKFORCE, "assistant"),
    "FOR_PERSONA": (WORKFORCE, "assistant"),
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


def table_name(node: NodeType, kind: str | None = None) -> str:
    """The table of a node label (of one persona kind): the source's name where it fixes
    one, else ``plural``."""
    if node.label == PERSONA:
        return PERSONA_TABLES[kind or WORKFORCE]
    return _TABLE_NAMES.get(node.label, node.plural)


def _column(
    prop: Property, *, nullable: bool = True, targets: frozenset[Target] = ALL_TARGETS
) -> Column:
    return Column(prop.name, prop.kind, prop.description, nullable, targets)


def node_table(node: NodeType, kind: str | None = None) -> Table:
    """The entity table of ``node`` (personas: of one ``kind``): its key first, as
    primary key."""
    key = node.property(node.key)
    left_out = _KIND_COLUMNS[kind] if kind else frozenset()
    rest = tuple(
        _column(p, targets=ALL_TARGETS - _EXCLUDED.get((node.label, p.name), frozenset()))
        for p in node.properties
        if p.name != node.key and p.name not in left_out
    )
    if kind == WORKFORCE:
        rest += tuple(
            Column(alias, node.property(name).kind, f"The source's name for {name}.",
                   alias_of=name)
            for alias, name in _SOURCE_ALIASES
        )  # fmt: skip
    description = node.description if kind is None else f"{node.description} Kind: {kind}."
    return Table(
        table_name(node, kind),
        description,
        (_column(key, nullable=False), *rest),
        (key.name,),
        NodeSource(node.label, kind),
        indexes=_INDEXES.get(node.label, ()),
    )


def _node_tables(node: NodeType) -> tuple[Table, ...]:
    if node.label == PERSONA:
        return tuple(node_table(node, kind) for kind in PERSONA_TABLES)
    return (node_table(node),)


def link_columns(rel: Relationship) -> tuple[str, str]:
    """The two key columns of a link table: ``persona_id``, ``pain_point_key`` …"""
    source, target = node_type(rel.source), node_type(rel.target)
    source_column = f"{snake(rel.source)}_{source.key}"
    target_column = f"{snake(rel.target)}_{target.key}"
    if target_column == source_column:  # a label linked to itself: name the far end by role
        role = rel.out_field.removesuffix("s") if rel.out_many else rel.out_field
        target_column = f"{role}_{target.key}"
    return source_column, target_column


def link_table(rel: Relationship, kind: str | None = None) -> Table:
    """The link table of ``rel`` (for a persona end, of one persona ``kind``); a to-one
    relationship has its source alone as key."""
    source, target = node_type(rel.source), node_type(rel.target)
    source_column, target_column = link_columns(rel)
    name = _LINK_TABLE_NAMES.get(rel.type, f"{snake(rel.source)}_{rel.out_field}")
    if kind is not None and kind != link_kinds(rel.type)[0]:
        # A second kind's table: persona_role -> assistant_persona_role,
        # audit_event_persona -> audit_event_assistant_persona.
        name = re.sub(r"(^|_)persona", rf"\1{kind}_persona", name, count=1)
    source_kind = kind if rel.source == PERSONA else None
    target_kind = kind if rel.target == PERSONA else None
    keys = (
        Column(source_column, Kind.STRING, f"The {rel.source}.", nullable=False),
        Column(target_column, Kind.STRING, f"The {rel.target}.", nullable=False),
    )
    return Table(
        name,
        f"{rel.type}: {rel.description}" + (f" Persona kind: {kind}." if kind else ""),
        (*keys, *(_column(p) for p in rel.properties)),
        (source_column, target_column) if rel.out_many else (source_column,),
        LinkSource(rel.type, rel.source, rel.target, kind),
        (
            ForeignKey((source_column,), table_name(source, source_kind), (source.key,)),
            ForeignKey((target_column,), table_name(target, target_kind), (target.key,)),
        ),
        # The primary key serves lookups from the source; this one, from the target.
        (Index((target_column,)),),
    )


def link_kinds(rel_type: str) -> tuple[str, ...]:
    """Returns: the persona kinds a relationship with a persona end links, each to its own
    table (the first keeps the source's name)."""
    return _LINK_KINDS.get(rel_type, (WORKFORCE,))


def _link_tables(rel: Relationship) -> tuple[Table, ...]:
    if PERSONA not in (rel.source, rel.target):
        return (link_table(rel),)
    return tuple(link_table(rel, kind) for kind in link_kinds(rel.type))


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
        *(t for node in (*NODE_TYPES, SCHEMA_MIGRATION) for t in _node_tables(node)),
        *(t for rel in RELATIONSHIPS for t in _link_tables(rel)),
        *(extension_table(extension) for extension in EXTENSIONS),
    )
    names = [t.name for t in tables]
    duplicates = sorted({name for name in names if names.count(name) > 1})
    if duplicates:
        raise ValueError(f"two tables share the names {duplicates}; rename one in mapping.py")
    return tables


TABLES: Final[tuple[Table, ...]] = _tables()
_BY_NAME: Final = {t.name: t for t in TABLES}
_BY_LABEL: Final = {
    t.source.label: t
    for t in TABLES
    if isinstance(t.source, NodeSource) and t.source.kind in (None, WORKFORCE)
}


def table(name: str) -> Table:
    """The table called ``name``.

    Raises:
        KeyError: no table has that name.
    """
    return _BY_NAME[name]


def entity_table(label: str) -> Table:
    """The entity table of a node label (personas: the workforce personas')."""
    return _BY_LABEL[label]
