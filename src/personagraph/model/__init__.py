"""Pydantic models of what enters and leaves personagraph."""
