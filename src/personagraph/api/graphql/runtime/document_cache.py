"""Parsed and validated documents, remembered by their text and bounded by their size.

Clients send the same few documents again and again, so parsing and validating each
text once saves most of that work. strawberry's ``ParserCache`` and
``ValidationCache`` bound their caches by count only: 256 documents of 10 MB each
(a comment is enough) were kept whole, and 40 unique ones grew the service from
257 MB to 1,067 MB. This cache weighs every entry and keeps the total under
``max_bytes``, dropping the least recently used first; a document heavier than
``max_bytes / 16`` is parsed every time instead of pushing the rest out.

An entry's weight is an upper estimate of what it holds: the text (kept as the key,
and by the document's source), the values of its tokens (comments and strings are
copied out of the text, so at most the text again), the tree of the document at
``TOKEN_BYTES`` per token (graphql-core keeps every token with its node locations;
about 430 bytes each for a 1,500-token document, measured with tracemalloc), and
room for the worst cases remembered with it (:mod:`.admission`).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache

from graphql import ASTValidationRule, DocumentNode, GraphQLError, parse
from strawberry.extensions import SchemaExtension

from personagraph.api.graphql.compile.worst_case import WorstCase
from personagraph.api.graphql.runtime.internals import core_schema, validate_document

__all__ = ["DocumentCache", "Documents", "documents"]

TOKEN_BYTES = 500
# Each entry also keeps the worst cases of its last requests (for .admission); their
# room is reserved in its weight.
MEMO_ENTRIES = 16
MEMO_KEY_CHARS = 1024
_MEMO_BYTES = MEMO_ENTRIES * (MEMO_KEY_CHARS + 256)
_LARGEST_SHARE = 16  # an entry may take at most this fraction of the cache

Rules = tuple[type[ASTValidationRule], ...]
MemoKey = tuple[str, str, int]  # operation name, variables as JSON, page size


@dataclass
class _Entry:
    document: DocumentNode
    weight: int
    # Validation errors per rule set (one per schema, rebuilt as an equal tuple each request).
    checked: dict[Rules, list[GraphQLError]] = field(default_factory=dict)
    # Worst cases of its requests, kept by .admission (its keys are small and few).
    worst_cases: OrderedDict[MemoKey, WorstCase] = field(default_factory=OrderedDict)
    # Per operation name: the variables its worst case cannot depend on (.worst_case_memo).
    free: dict[str, frozenset[str]] = field(default_factory=dict)


class Documents:
    """The cache itself, shared by every request of every schema with the same bound."""

    def __init__(self, max_bytes: int, max_entries: int = 1024) -> None:
        self.max_bytes = max_bytes
        self.max_entries = max_entries
        self.bytes = 0
        self._entries: OrderedDict[str, _Entry] = OrderedDict()

    def __len__(self) -> int:
        return len(self._entries)

    def worst_case(self, text: str, key: MemoKey) -> WorstCase | None:
        """The worst case remembered for ``key`` with the document of ``text``, if any."""
        entry = self._entries.get(text)
        found = entry.worst_cases.get(key) if entry is not None else None
        if found is not None and entry is not None:
            entry.worst_cases.move_to_end(key)
        return found

    def free_variables(
        self, text: str, operation: str, find: Callable[[], frozenset[str]]
    ) -> frozenset[str] | None:
        """The variables of ``operation`` in the document of ``text`` its worst case cannot
        depend on, found by ``find`` once while it is cached (None: it is not cached)."""
        entry = self._entries.get(text)
        if entry is None:
            return None
        found = entry.free.get(operation)
        if found is None and len(entry.free) < MEMO_ENTRIES:
            found = entry.free[operation] = find()
        return found

    def remember_worst_case(self, text: str, key: MemoKey, worst: WorstCase) -> None:
        """Keep ``worst`` for ``key`` with the document of ``text`` while it is cached
        (the last ``MEMO_ENTRIES`` of them; keys over ``MEMO_KEY_CHARS`` are not kept)."""
        entry = self._entries.get(text)
        if entry is None or sum(map(len, key[:2])) > MEMO_KEY_CHARS:
            return
        entry.worst_cases[key] = worst
        while len(entry.worst_cases) > MEMO_ENTRIES:
            entry.worst_cases.popitem(last=False)

    def parsed(self, text: str, max_tokens: int | None) -> tuple[DocumentNode, _Entry | None]:
        """The document of ``text`` (parsed once while it stays cached).

        Raises:
            GraphQLError: ``text`` is not a GraphQL document, or has too many tokens.
        """
        entry = self._entries.get(text)
        if entry is not None:
            self._entries.move_to_end(text)
            return entry.document, entry
        document = parse(text, max_tokens=max_tokens)
        weight = 2 * len(text) + TOKEN_BYTES * _tokens(document) + _MEMO_BYTES
        if weight > self.max_bytes // _LARGEST_SHARE:
            return document, None
        entry = self._entries[text] = _Entry(document, weight)
        self.bytes += weight
        while self.bytes > self.max_bytes or len(self._entries) > self.max_entries:
            _, dropped = self._entries.popitem(last=False)
            self.bytes -= dropped.weight
        return document, entry


def _tokens(document: DocumentNode) -> int:
    count = 0
    token = document.loc.start_token if document.loc else None
    while token is not None:
        count += 1
        token = token.next
    return count


@cache
def documents(max_bytes: int) -> Documents:
    """The process's document cache of ``max_bytes``."""
    return Documents(max_bytes)


class DocumentCache(SchemaExtension):
    """Parses and validates through :class:`Documents` (pass it as a factory).

    It also applies the schema's document limits: at most ``max_tokens`` tokens when
    parsing, and ``rules`` besides graphql-core's when validating. (strawberry's
    ``MaxTokensLimiter`` and ``AddValidationRules`` extensions did that; as extensions
    of their own they cost every request two more hooks for two constants.)
    """

    def __init__(
        self,
        cache: Documents,
        max_tokens: int | None = None,
        rules: Iterable[type[ASTValidationRule]] = (),
    ) -> None:
        self.cache = cache
        self.max_tokens = max_tokens
        self.rules = tuple(rules)
        self._entry: _Entry | None = None

    def on_parse(self) -> Iterator[None]:
        context = self.execution_context
        context.graphql_document, self._entry = self.cache.parsed(
            context.query or "", self.max_tokens
        )
        yield

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        # An extension before this one may have refused the request already.
        if context.pre_execution_errors is None and context.graphql_document is not None:
            rules = (*context.validation_rules, *self.rules)
            errors = self._entry.checked.get(rules) if self._entry else None
            if errors is None:
                schema = core_schema(context.schema)
                errors = validate_document(schema, context.graphql_document, rules)
                if self._entry is not None:
                    self._entry.checked[rules] = errors
            context.pre_execution_errors = errors
        yield
