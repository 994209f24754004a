"""Pydantic models of persona templates: ``seeds/templates/*.yaml`` in the catalog.

A template is where a new persona starts. An **assistant** template carries a prompt,
default model settings and the card a user picks it from (icon, specialty, key
features, best for). A **workforce** template names a role: a persona made from it for
an archetype starts from the catalog persona of that role and archetype (the role's
building blocks bent by the archetype's profile, see ``seeds/blocks/``), takes the
caller's changes, and has its archetype inferred.
"""

from __future__ import annotations

from collections import Counter
from typing import Annotated, Literal, Self

from pydantic import Field, StringConstraints, model_validator

from personagraph.model.catalog_fields import CatalogModel, Name, Slug, Text, UpperKey

__all__ = [
    "AssistantTemplate",
    "ModelSettings",
    "TemplateDefinition",
    "TemplateFile",
    "WorkforceTemplate",
]

Tag = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=60)]
Icon = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=32)]
Category = Annotated[
    str, StringConstraints(pattern=r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$", max_length=40)
]
Description = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=3, max_length=2000)
]
Prompt = Annotated[str, StringConstraints(strip_whitespace=True, min_length=20, max_length=20_000)]


class ModelSettings(CatalogModel):
    """Settings a persona's model runs with; a persona made from a template may change any."""

    temperature: float = Field(ge=0, le=2)
    max_tokens: int = Field(ge=1, le=200_000)
    top_p: float | None = Field(default=None, gt=0, le=1)
    presence_penalty: float | None = Field(default=None, ge=-2, le=2)
    frequency_penalty: float | None = Field(default=None, ge=-2, le=2)


class _TemplateBase(CatalogModel):
    key: Slug
    name: Name
    specialty: Name
    description: Description
    icon: Icon
    category: Category
    tags: list[Tag] = Field(min_length=1, max_length=20)
    key_features: list[Text] = Field(min_length=1, max_length=10)
    best_for: Text


class AssistantTemplate(_TemplateBase):
    """An assistant persona's starting point (e.g. the CBT therapist assistant)."""

    kind: Literal["assistant"] = "assistant"
    prompt_template: Prompt
    default_settings: ModelSettings
    context: Description | None = None
    expertise: list[Name] = Field(default_factory=list, max_length=30)
    response_format: Description | None = None


class WorkforceTemplate(_TemplateBase):
    """A role's starting point: one persona per archetype, from the catalog's blocks."""

    kind: Literal["workforce"]
    role: UpperKey


TemplateDefinition = Annotated[AssistantTemplate | WorkforceTemplate, Field(discriminator="kind")]


class TemplateFile(CatalogModel):
    """``seeds/templates/<name>.yaml``: templates of any kind."""

    templates: list[TemplateDefinition] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_keys(self) -> Self:
        counts = Counter(t.key for t in self.templates)
        repeated = sorted(key for key, count in counts.items() if count > 1)
        if repeated:
            raise ValueError(f"template keys must be unique; repeated: {', '.join(repeated)}")
        return self
