"""DDL for each SQL target, generated from the mapping.

SQLite cannot add constraints to an existing table, so its ``CREATE TABLE`` carries
the primary and foreign keys (STRICT tables, so a value of the wrong type is refused
instead of stored). PostgreSQL gets bare tables first and its constraints after the
bulk load, which is both faster and where a broken reference is reported.
"""

from __future__ import annotations

from typing import Final

from personagraph.export.mapping import Column, ForeignKey, Index, Table, Target
from personagraph.model.ontology import Kind

__all__ = ["POSTGRES_TYPES", "SQLITE_TYPES", "postgres_schema", "sqlite_schema"]

SQLITE_TYPES: Final[dict[Kind, str]] = {
    Kind.STRING: "TEXT",
    Kind.INT: "INTEGER",
    Kind.LONG: "INTEGER",
    Kind.FLOAT: "REAL",
    Kind.BOOLEAN: "INTEGER",  # 0 or 1
    Kind.DATETIME: "TEXT",  # ISO 8601, UTC
    Kind.DATE: "TEXT",  # ISO 8601
    Kind.STRING_LIST: "TEXT",  # a JSON array
    Kind.INT_LIST: "TEXT",  # a JSON array
    Kind.JSON: "TEXT",
}

POSTGRES_TYPES: Final[dict[Kind, str]] = {
    Kind.STRING: "text",
    Kind.INT: "integer",
    Kind.LONG: "bigint",
    Kind.FLOAT: "double precision",
    Kind.BOOLEAN: "boolean",
    Kind.DATETIME: "timestamptz",
    Kind.DATE: "date",
    # A JSON array, so that the CSV target (JSON arrays) loads straight into this schema.
    Kind.STRING_LIST: "jsonb",
    Kind.INT_LIST: "jsonb",
    Kind.JSON: "jsonb",
}


def quote(name: str) -> str:
    """An SQL identifier, quoted (names come from the ontology, never from input)."""
    return '"' + name.replace('"', '""') + '"'


def _names(names: tuple[str, ...]) -> str:
    return ", ".join(quote(name) for name in names)


def index_name(table: Table, index: Index) -> str:
    return f"{table.name}__{'__'.join(index.columns)}"


# --- SQLite ---------------------------------------------------------------------------------


def _sqlite_column(column: Column) -> str:
    not_null = "" if column.nullable else " NOT NULL"
    check = ""
    if column.kind is Kind.BOOLEAN:
        check = f" CHECK ({quote(column.name)} IN (0, 1))"
    return f"    {quote(column.name)} {SQLITE_TYPES[column.kind]}{not_null}{check}"


def _sqlite_fk(fk: ForeignKey) -> str:
    return (
        f"    FOREIGN KEY ({_names(fk.columns)}) "
        f"REFERENCES {quote(fk.ref_table)} ({_names(fk.ref_columns)})"
    )


def sqlite_create_table(table: Table) -> str:
    lines = [_sqlite_column(column) for column in table.columns_for(Target.SQLITE)]
    lines.append(f"    PRIMARY KEY ({_names(table.primary_key)})")
    lines.extend(_sqlite_fk(fk) for fk in table.foreign_keys)
    body = ",\n".join(lines)
    return f"CREATE TABLE {quote(table.name)} (\n{body}\n) STRICT"


def sqlite_indexes(table: Table) -> list[str]:
    return [
        f"CREATE INDEX {quote(index_name(table, index))} "
        f"ON {quote(table.name)} ({_names(index.columns)})"
        for index in table.indexes
    ]


def sqlite_schema(tables: tuple[Table, ...]) -> str:
    """The whole SQLite schema as one script."""
    statements = [sqlite_create_table(t) for t in tables]
    statements += [s for t in tables for s in sqlite_indexes(t)]
    return "".join(f"{statement};\n\n" for statement in statements)


# --- PostgreSQL -----------------------------------------------------------------------------


def _qualified(schema: str | None, name: str) -> str:
    return f"{quote(schema)}.{quote(name)}" if schema else quote(name)


def postgres_create_table(schema: str | None, table: Table) -> str:
    lines = [
        f"    {quote(c.name)} {POSTGRES_TYPES[c.kind]}{'' if c.nullable else ' NOT NULL'}"
        for c in table.columns_for(Target.POSTGRES)
    ]
    body = ",\n".join(lines)
    comment = table.description.replace("'", "''")
    return (
        f"CREATE TABLE {_qualified(schema, table.name)} (\n{body}\n);\n"
        f"COMMENT ON TABLE {_qualified(schema, table.name)} IS '{comment}'"
    )


def postgres_primary_key(schema: str | None, table: Table) -> str:
    return (
        f"ALTER TABLE {_qualified(schema, table.name)} "
        f"ADD CONSTRAINT {quote(table.name + '__pk')} PRIMARY KEY ({_names(table.primary_key)})"
    )


def postgres_foreign_keys(schema: str | None, table: Table) -> list[str]:
    return [
        f"ALTER TABLE {_qualified(schema, table.name)} "
        f"ADD CONSTRAINT {quote(table.name + '__' + '__'.join(fk.columns) + '__fk')} "
        f"FOREIGN KEY ({_names(fk.columns)}) "
        f"REFERENCES {_qualified(schema, fk.ref_table)} ({_names(fk.ref_columns)})"
        for fk in table.foreign_keys
    ]


def postgres_indexes(schema: str | None, table: Table) -> list[str]:
    return [
        f"CREATE INDEX {quote(index_name(table, index))} "
        f"ON {_qualified(schema, table.name)} ({_names(index.columns)})"
        for index in table.indexes
    ]


def postgres_constraints(schema: str | None, tables: tuple[Table, ...]) -> list[str]:
    """Primary keys first (foreign keys need them), then foreign keys, then indexes."""
    return [
        *(postgres_primary_key(schema, t) for t in tables),
        *(s for t in tables for s in postgres_foreign_keys(schema, t)),
        *(s for t in tables for s in postgres_indexes(schema, t)),
    ]


def postgres_schema(schema: str | None, tables: tuple[Table, ...]) -> str:
    """The whole PostgreSQL schema as one script (unqualified names when ``schema`` is None:
    the CSV target's ``schema.sql``)."""
    statements = [
        *([f"CREATE SCHEMA IF NOT EXISTS {quote(schema)}"] if schema else []),
        *(postgres_create_table(schema, t) for t in tables),
        *postgres_constraints(schema, tables),
    ]
    return "".join(f"{statement};\n\n" for statement in statements)
