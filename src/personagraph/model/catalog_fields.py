"""Field types and the base model shared by every catalog file (functions, libraries,
templates)."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, StringConstraints

__all__ = ["CatalogModel", "Name", "Slug", "Text", "UpperKey"]

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=3, max_length=400)]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=2, max_length=120)]
# Upper snake: the shape of Function and Role keys in the graph (e.g. MEDICAL_AFFAIRS).
UpperKey = Annotated[
    str, StringConstraints(pattern=r"^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$", max_length=64)
]
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=96)]


class CatalogModel(BaseModel):
    """Base of every catalog model: unknown fields are typos, so they are rejected."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)
