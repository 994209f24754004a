"""What a person may send to create or change a persona (validated at the API's edge)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Annotated, Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from personagraph.errors import ValidationFailed
from personagraph.model.archetype import Archetype
from personagraph.model.catalog import (
    ChangeReadiness,
    RiskTolerance,
    SeniorityLevel,
    TechnologyAdoption,
)
from personagraph.model.catalog_fields import Name, Slug, UpperKey

Tagline = Annotated[str, StringConstraints(strip_whitespace=True, min_length=3, max_length=400)]
LongText = Annotated[str, StringConstraints(max_length=20_000)]
M = TypeVar("M", bound=BaseModel)
Tag = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=60)]
Icon = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=32)]


class SettingsPatch(BaseModel):
    """Model settings of an assistant persona; those given replace a template's defaults."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    temperature: float | None = Field(default=None, ge=0, le=2)
    max_tokens: int | None = Field(default=None, ge=1, le=200_000)
    top_p: float | None = Field(default=None, gt=0, le=1)
    presence_penalty: float | None = Field(default=None, ge=-2, le=2)
    frequency_penalty: float | None = Field(default=None, ge=-2, le=2)

    def json_text(self, over: dict[str, Any] | None = None) -> str:
        """These settings over ``over`` (a template's defaults), as the stored JSON."""
        merged = {**(over or {}), **self.model_dump(exclude_none=True)}
        return json.dumps(merged, sort_keys=True)


class PersonaFields(BaseModel):
    """Fields a person may set on a persona; all optional (a patch).

    The declared archetype is not among them: changing it is an override, with a reason.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: Name | None = None
    title: Name | None = None
    tagline: Tagline | None = None
    kind: Literal["workforce", "assistant"] | None = None
    role: UpperKey | None = Field(default=None, description="Key of the persona's Role.")
    seniority_level: SeniorityLevel | None = None
    years_of_experience: int | None = Field(default=None, ge=0, le=50)
    team_size: int | None = Field(default=None, ge=0, le=5000)
    budget_authority: int | None = Field(default=None, ge=0)
    technology_adoption: TechnologyAdoption | None = None
    risk_tolerance: RiskTolerance | None = None
    change_readiness: ChangeReadiness | None = None
    stakeholder_count: int | None = Field(default=None, ge=0, le=200)
    strategic_time_percent: int | None = Field(default=None, ge=0, le=100)
    meeting_ratio: float | None = Field(default=None, ge=0, le=1)
    category: Name | None = None
    specialty: Name | None = None
    tags: list[Tag] | None = Field(default=None, max_length=50)
    description: LongText | None = None
    icon: Icon | None = None
    system_prompt: LongText | None = None
    context: LongText | None = None
    expertise: list[Name] | None = Field(default=None, max_length=50)
    response_format: LongText | None = None
    settings: SettingsPatch | None = None

    def graph_properties(self) -> dict[str, Any]:
        """The properties to set (``role`` is a relationship, not a property; ``settings``
        are stored as one JSON document)."""
        props = self.model_dump(mode="json", exclude_none=True, exclude={"role", "settings"})
        if self.settings is not None:
            props["settings"] = self.settings.json_text()
        return props


class NewPersonaId(BaseModel):
    """The id of a persona about to be made (a duplicate's, say)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: Slug


class NewPersona(PersonaFields):
    """A persona created from scratch: an id, a name and a declared archetype at least."""

    id: Slug
    name: Name
    archetype: Archetype
    kind: Literal["workforce", "assistant"] = "workforce"


def parse(
    model: type[M],
    data: dict[str, Any],
    argument: str,
    field_name: Callable[[str], str] = str,
) -> M:
    """``data`` as ``model``, or every problem with its field path under ``argument``.

    ``field_name`` spells a field as the caller knows it (GraphQL: camelCase).

    Raises:
        ValidationFailed: one entry per invalid field, quoting the value.
    """
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems = []
        for error in exc.errors():
            path = ".".join([argument, *(field_name(str(part)) for part in error["loc"])])
            problems.append(f"{path}: {error['msg']} (got {error.get('input')!r})")
        raise ValidationFailed(problems) from exc


class NewAssistant(PersonaFields):
    """An assistant persona made from scratch: an id, a name and a system prompt at least."""

    id: Slug
    name: Name
    system_prompt: LongText
    kind: Literal["workforce", "assistant"] = "assistant"


class FromTemplate(PersonaFields):
    """A persona made from a template: its id, and what replaces the template's defaults.

    ``archetype`` is needed for a workforce template (which variant of the role to start
    from) and refused for an assistant one.
    """

    id: Slug
    archetype: Archetype | None = None
