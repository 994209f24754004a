"""Persona selection by similarity: each persona's characteristic embedding, and the
personas closest to a request (``match_personas``)."""

from __future__ import annotations

from personagraph.matching.characteristics import PersonaFacts, characteristic_text
from personagraph.matching.personas import (
    PERSONA_KINDS,
    TOP_K,
    PersonaMatch,
    match_personas,
    refresh_characteristics,
)

__all__ = [
    "PERSONA_KINDS",
    "TOP_K",
    "PersonaFacts",
    "PersonaMatch",
    "characteristic_text",
    "match_personas",
    "refresh_characteristics",
]
