"""Providing a real Neo4j 5.26 + GDS 2.13: an external server, Docker, or one built locally."""

from __future__ import annotations
