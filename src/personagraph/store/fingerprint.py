"""A content fingerprint of the whole graph: equal fingerprints, equal graphs.

It hashes every node's labels and properties and every relationship's type,
properties and end keys, independent of internal ids and of order. Reading the
whole graph is fine for catalogs of seed size; it is a check, not a hot path.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import dataclass

from personagraph.store.connection import Row, Store


@dataclass(frozen=True)
class Fingerprint:
    """The graph's digest and its element counts per label and relationship type."""

    digest: str
    labels: dict[str, int]
    types: dict[str, int]


def fingerprint(store: Store) -> Fingerprint:
    """Read the whole graph and digest it."""
    nodes = store.read("read/fingerprint_nodes")
    links = store.read("read/fingerprint_links")
    digest = hashlib.sha256()
    for line in sorted(_canonical(row) for row in [*nodes, *links]):
        digest.update(line.encode("utf-8"))
    labels = Counter(label for row in nodes for label in row["labels"])
    types = Counter(row["type"] for row in links)
    return Fingerprint(digest=digest.hexdigest(), labels=dict(labels), types=dict(types))


def _canonical(row: Row) -> str:
    # Temporal values and lists are not JSON; their str() is exact and stable.
    return json.dumps(row, sort_keys=True, default=str)
