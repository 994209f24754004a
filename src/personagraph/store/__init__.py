"""The only package that talks to Neo4j: driver, Cypher registry, transactions, errors."""

from __future__ import annotations

from personagraph.store.connection import ServerInfo, Store, connect, probe
from personagraph.store.queries import CypherRegistry, default_registry

__all__ = ["CypherRegistry", "ServerInfo", "Store", "connect", "default_registry", "probe"]
