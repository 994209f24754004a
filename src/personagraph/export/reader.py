"""Reading the tables of an export out of one read transaction, batch by batch.

Rows come in key order (the statements sort), as tuples in the table's column order
with plain Python values: ``datetime`` in UTC, lists, JSON as text. The keys of the
entity tables other tables reference are remembered, and a link row is written only
when both of its ends were: a subset export, or a write committed while the export
reads (Neo4j isolates reads read-committed), can never leave a dangling foreign key.
Memory grows with those keys, never with the number of relationships.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from itertools import islice
from typing import Any

from personagraph.errors import ExportError
from personagraph.export import statements
from personagraph.export.extensions import extension
from personagraph.export.mapping import (
    PERSONA,
    Column,
    ExtensionSource,
    LinkSource,
    NodeSource,
    Table,
    link_kinds,
)
from personagraph.export.selection import ROOT_LABEL, function_scope
from personagraph.model.ontology import Kind
from personagraph.store.connection import ReadTransaction

__all__ = ["BATCH", "GraphSource", "Row"]

Row = tuple[Any, ...]
BATCH = 5_000


@dataclass
class GraphSource:
    """The rows of each table, read through ``tx``.

    Args:
        tx: the read transaction every statement runs in.
        tables: the tables being exported (what they reference is among them).
        function: keep only this business function (see :mod:`.selection`).
    """

    tx: ReadTransaction
    tables: Sequence[Table]
    function: str | None = None
    batch_size: int = BATCH
    dropped: dict[str, int] = field(default_factory=dict)
    unexported: dict[str, int] = field(default_factory=dict)
    _keys: dict[str, set[Any]] = field(default_factory=dict)
    _scope: dict[str, set[Any]] = field(default_factory=dict)
    _kinds: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        referenced = {fk.ref_table for t in self.tables for fk in t.foreign_keys}
        self._keys = {name: set() for name in referenced}
        # Which table a persona's links go to depends on its kind: known before any row.
        self._kinds = dict(self.tx.stream(statements.PERSONA_KINDS))
        if self.function is not None:
            self._narrow_to(self.function)

    def totals(self) -> dict[str, int | None]:
        """How many rows each table will have, for progress bars: exact for a whole
        export; for a ``function`` subset, link tables count every link of their type
        (an upper bound: which are kept is known only once both ends are written)."""
        nodes = {r[0]: r[1] for r in self.tx.stream(statements.NODE_COUNTS)}
        links = {r[0]: r[1] for r in self.tx.stream(statements.RELATIONSHIP_COUNTS)}
        by_kind = {(r[0], r[1]): r[2] for r in self.tx.stream(statements.PERSONA_LINK_COUNTS)}
        per_function = dict(self.tx.stream(statements.FUNCTION_PERSONA_COUNTS))
        totals: dict[str, int | None] = {}
        for t in self.tables:
            source = t.source
            if isinstance(source, NodeSource):
                totals[t.name] = self._node_total(source, nodes)
            elif isinstance(source, LinkSource) and source.persona_kind is not None:
                totals[t.name] = by_kind.get((source.type, source.persona_kind), 0)
            elif isinstance(source, LinkSource):
                totals[t.name] = links.get(source.type, 0)
            elif self.function in (None, source.function):
                totals[t.name] = per_function.get(source.function, 0)
            else:
                totals[t.name] = 0
        return totals

    def _node_total(self, source: NodeSource, nodes: dict[str, int]) -> int:
        scoped = self._scope.get(source.label)
        if source.kind is None:
            return len(scoped) if scoped is not None else nodes.get(source.label, 0)
        keys = scoped if scoped is not None else self._kinds.keys()
        return sum(1 for key in keys if self._kinds.get(key) == source.kind)

    def batches(self, table: Table) -> Iterator[list[Row]]:
        """The rows of ``table`` in batches of at most ``batch_size``."""
        rows = self._rows(table)
        while batch := list(islice(rows, self.batch_size)):
            yield batch

    def _rows(self, table: Table) -> Iterator[Row]:
        source = table.source
        if isinstance(source, NodeSource):
            return self._node_rows(table, source)
        if isinstance(source, LinkSource):
            return self._link_rows(table, source)
        return self._extension_rows(table, source)

    def _node_rows(self, table: Table, source: NodeSource) -> Iterator[Row]:
        convert = _converters(table.columns)
        keys = self._keys.get(table.name)
        scope = self._scope.get(source.label)
        names = [c.reads for c in table.columns]
        by_kind = {"kind": source.kind} if source.label == PERSONA else {}
        stream = self.tx.stream(
            statements.NODES[source.label], columns=names, datetimes=_datetimes(table), **by_kind
        )
        for values in stream:
            row = values[0]
            if scope is not None and row[0] not in scope:
                continue
            if keys is not None:
                keys.add(row[0])
            yield _converted(table, row, convert)

    def _link_rows(self, table: Table, source: LinkSource) -> Iterator[Row]:
        convert = _converters(table.columns)
        names = [c.name for c in table.columns[2:]]
        ends = [self._keys[fk.ref_table] for fk in table.foreign_keys]
        scopes = [self._scope.get(source.source_label), self._scope.get(source.target_label)]
        dropped = unexported = 0
        stream = self.tx.stream(
            statements.LINKS[source.type, source.target_label],
            columns=names,
            datetimes=_datetimes(table),
        )
        end = source.persona_end
        for source_key, links in stream:
            for link in links:
                row = [source_key, *link]
                kind = None if end is None else self._kinds.get(row[end])
                if kind is not None and kind != source.persona_kind:
                    # Another kind's persona: its table of this type has the row, or, when
                    # the type has none for that kind, the first table of the type counts it.
                    kinds = link_kinds(source.type)
                    unexported += kind not in kinds and source.persona_kind == kinds[0]
                elif row[0] in ends[0] and row[1] in ends[1]:
                    yield _converted(table, row, convert)
                elif not _outside(scopes, row):
                    dropped += 1  # an end that should be there is not: written meanwhile
        if dropped:
            self.dropped[table.name] = dropped
        if unexported:
            self.unexported[table.name] = unexported

    def _extension_rows(self, table: Table, source: ExtensionSource) -> Iterator[Row]:
        if self.function is not None and source.function != self.function:
            return
        declared = extension(source.function)
        assert declared is not None  # the mapping only has tables for declared functions
        names = [a.name for a in declared.attributes]
        kept = self._keys[table.foreign_keys[0].ref_table]
        stream = self.tx.stream(statements.FUNCTION_ATTRIBUTES, function=source.function)
        for persona, document in (values[0] for values in stream):
            if persona not in kept:
                continue
            attributes = _attributes(persona, document)
            yield (persona, *(attributes.get(name) for name in names))

    def _narrow_to(self, function: str) -> None:
        known = [values[0] for values in self.tx.stream(statements.FUNCTION_KEYS)]
        if function not in known:
            raise ExportError(
                f"No business function {function!r} in the graph; --function takes one of: "
                f"{', '.join(known) or '(none: load a catalog first)'}."
            )
        self._scope[ROOT_LABEL] = {function}
        for step in function_scope():
            parents = self._scope[step.via.target]
            links = self.tx.stream(
                statements.LINKS[step.via.type, step.via.target], columns=[], datetimes=[]
            )
            self._scope[step.label] = {
                source for source, targets in links if any(t[0] in parents for t in targets)
            }


def _outside(scopes: list[set[Any] | None], row: list[Any]) -> bool:
    """Whether a link row has an end a subset export leaves out on purpose."""
    return any(
        scope is not None and key not in scope for scope, key in zip(scopes, row[:2], strict=True)
    )


EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_TEMPORAL = (Kind.DATETIME, Kind.DATE)
Converter = tuple[int, str, Kind]


def _datetimes(table: Table) -> list[str]:
    """The date-time columns, which the statements return as microseconds since 1970."""
    return [c.name for c in table.columns if c.kind is Kind.DATETIME]


def _converters(columns: Sequence[Column]) -> list[Converter]:
    return [(i, c.name, c.kind) for i, c in enumerate(columns) if c.kind in _TEMPORAL]


def _converted(table: Table, row: list[Any], convert: list[Converter]) -> Row:
    for i, name, kind in convert:
        value = row[i]
        if value is None:
            continue
        if kind is Kind.DATE and hasattr(value, "to_native"):
            row[i] = value.to_native()  # a Cypher date (datetimes come as epoch micros)
            continue
        if not isinstance(value, int):
            raise ExportError(
                f"{table.name}.{name} of row {row[0]!r} is {value!r}, not a date-time; "
                "fix the property in the graph (it must be a Cypher datetime)."
            )
        row[i] = EPOCH + timedelta(microseconds=value)
    return tuple(row)


def _attributes(persona: str, document: str | None) -> dict[str, Any]:
    if document is None:
        return {}
    try:
        parsed = json.loads(document)
    except json.JSONDecodeError as exc:
        raise ExportError(
            f"personas.function_attributes of {persona!r} is not JSON ({exc}): {document[:80]!r}"
        ) from exc
    if not isinstance(parsed, dict):
        raise ExportError(
            f"personas.function_attributes of {persona!r} is not a JSON object: {document[:80]!r}"
        )
    return parsed
