"""Pydantic models of the seed catalog: the YAML files under ``seeds/`` that enter the graph.

The catalog has four shared library files (archetypes, service layers, JTBDs,
opportunities) and one file per business function holding its roles and
personas. Reading a directory and checking every reference between its files is
``personagraph.seeding.validation.read_catalog``, the one validator of catalogs.

Pain points, goals and the other persona facets become shared graph nodes keyed
by :func:`normalize_key`, so two personas that write the same sentence (up to
case, spacing and trailing punctuation) point at one node.
"""

from __future__ import annotations

import re
import string
from collections import Counter
from collections.abc import Iterable, Iterator
from enum import StrEnum
from typing import Annotated, Literal, Self

from pydantic import (
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

from personagraph.model.catalog_fields import CatalogModel, Name, Slug, Text, UpperKey
from personagraph.model.routing import RoutingFiles
from personagraph.model.templates import TemplateDefinition

__all__ = [
    "ActivityEntry",
    "Archetype",
    "ArchetypeDefinition",
    "ArchetypeLibraryFile",
    "Catalog",
    "ChangeReadiness",
    "FunctionFile",
    "GoalEntry",
    "JtbdDefinition",
    "JtbdLibraryFile",
    "OpportunityDefinition",
    "OpportunityLibraryFile",
    "OpportunityPainLink",
    "OutcomeDefinition",
    "OutcomeRating",
    "PainPointEntry",
    "Persona",
    "PersonaAttributes",
    "PersonaJtbd",
    "RoleDefinition",
    "ServiceLayerDefinition",
    "ServiceLayerLibraryFile",
    "ServiceLayerName",
    "ServicePreference",
    "SkillEntry",
    "StakeholderEntry",
    "normalize_key",
]


class Archetype(StrEnum):
    """The four AI-adoption archetypes (work complexity x AI maturity quadrants)."""

    AUTOMATOR = "AUTOMATOR"
    ORCHESTRATOR = "ORCHESTRATOR"
    LEARNER = "LEARNER"
    SKEPTIC = "SKEPTIC"


class ServiceLayerName(StrEnum):
    """The service layers a request can be routed to."""

    ASK_EXPERT = "ASK_EXPERT"
    ASK_PANEL = "ASK_PANEL"
    WORKFLOWS = "WORKFLOWS"
    SOLUTION_BUILDER = "SOLUTION_BUILDER"


SeniorityLevel = Literal["entry", "mid", "senior", "director", "executive", "c_suite"]
TechnologyAdoption = Literal[
    "laggard", "late_majority", "early_majority", "early_adopter", "innovator"
]
RiskTolerance = Literal["very_conservative", "conservative", "moderate", "aggressive"]
ChangeReadiness = Literal["low", "moderate", "high"]
Frequency = Literal["daily", "weekly", "monthly", "quarterly", "annually"]
Priority = Literal["low", "medium", "high", "critical"]
SkillLevel = Literal["beginner", "intermediate", "advanced", "expert"]
PainCategory = Literal[
    "process",
    "data",
    "technology",
    "knowledge",
    "collaboration",
    "compliance",
    "strategic",
    "workload",
]
JtbdCategory = Literal[
    "strategic", "operational", "analytical", "communication", "compliance", "learning", "people"
]
OpportunityStatus = Literal["identified", "evaluating", "piloting", "in_progress", "deployed"]

# Lower snake, optionally dotted once: JTBD keys and outcome keys (``jtbd_key.outcome``).
LowerKey = Annotated[
    str, StringConstraints(pattern=r"^[a-z][a-z0-9]*(_[a-z0-9]+)*(\.[a-z][a-z0-9]*(_[a-z0-9]+)*)?$")
]
Score10 = Annotated[int, Field(ge=1, le=10)]
# Neo4j properties hold primitives or homogeneous lists, never nested maps.
FunctionAttributeValue = str | int | float | bool | list[str]

_PUNCTUATION_AND_SPACE = string.punctuation + string.whitespace
_WHITESPACE_RUN = re.compile(r"\s+")


def normalize_key(text: str) -> str:
    """Return the key that identifies a shared text node (pain point, goal, ...).

    Args:
        text: the sentence as written in a catalog file.

    Returns:
        The text lowercased, with runs of whitespace collapsed to one space and
        punctuation and whitespace stripped from both ends.
    """
    collapsed = _WHITESPACE_RUN.sub(" ", text.lower())
    return collapsed.strip(_PUNCTUATION_AND_SPACE)


def _duplicates(values: Iterable[str]) -> list[str]:
    return sorted(value for value, count in Counter(values).items() if count > 1)


def _require_unique(values: Iterable[str], what: str) -> None:
    repeated = _duplicates(values)
    if repeated:
        raise ValueError(f"{what} must be unique; repeated: {', '.join(repeated)}")


# --- shared libraries -------------------------------------------------------------------------


class ArchetypeDefinition(CatalogModel):
    """One AI-adoption archetype and its weight in adoption-readiness scoring."""

    name: Archetype
    description: Text
    adoption_weight: int = Field(ge=0, le=100)


class ArchetypeLibraryFile(CatalogModel):
    """``seeds/library/archetypes.yaml``: exactly the four archetypes."""

    archetypes: list[ArchetypeDefinition] = Field(min_length=4, max_length=4)

    @model_validator(mode="after")
    def _one_per_archetype(self) -> Self:
        _require_unique((a.name for a in self.archetypes), "archetype names")
        return self


class ServiceLayerDefinition(CatalogModel):
    """One service layer a persona's requests can be routed to."""

    name: ServiceLayerName
    description: Text


class ServiceLayerLibraryFile(CatalogModel):
    """``seeds/library/service_layers.yaml``: exactly the four service layers."""

    service_layers: list[ServiceLayerDefinition] = Field(min_length=4, max_length=4)

    @model_validator(mode="after")
    def _one_per_layer(self) -> Self:
        _require_unique((layer.name for layer in self.service_layers), "service layer names")
        return self


class OutcomeDefinition(CatalogModel):
    """A desired outcome of a job, phrased as a measurable statement."""

    key: LowerKey
    statement: Text


class JtbdDefinition(CatalogModel):
    """A job to be done and the outcomes by which its performer judges success."""

    key: LowerKey
    statement: Text
    category: JtbdCategory
    outcomes: list[OutcomeDefinition] = Field(min_length=1, max_length=6)

    @model_validator(mode="after")
    def _unique_outcomes(self) -> Self:
        _require_unique((o.key for o in self.outcomes), f"outcome keys of JTBD {self.key!r}")
        return self


class JtbdLibraryFile(CatalogModel):
    """``seeds/library/jtbds.yaml``."""

    jtbds: list[JtbdDefinition] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_keys(self) -> Self:
        _require_unique((j.key for j in self.jtbds), "JTBD keys")
        # Outcome is its own node type, so its key must be unique across all JTBDs.
        _require_unique((o.key for j in self.jtbds for o in j.outcomes), "outcome keys")
        return self


class OpportunityPainLink(CatalogModel):
    """An opportunity addresses a pain point, named by its text (or its normalized key)."""

    pain_point: Text
    strength: float = Field(gt=0, le=1)

    @property
    def key(self) -> str:
        return normalize_key(self.pain_point)


class OpportunityDefinition(CatalogModel):
    """An AI opportunity and the pains, jobs and service layers it is linked to."""

    key: LowerKey
    name: Name
    description: Text
    feasibility: float = Field(ge=0, le=1)
    value_multiplier: float = Field(gt=0, le=10)
    estimated_annual_value_usd: int = Field(ge=0)
    effort_person_months: float = Field(gt=0, le=240)
    status: OpportunityStatus
    addresses: list[OpportunityPainLink] = Field(min_length=1)
    supports: list[LowerKey] = Field(min_length=1)
    delivered_via: list[ServiceLayerName] = Field(min_length=1, max_length=4)

    @model_validator(mode="after")
    def _unique_links(self) -> Self:
        where = f"of opportunity {self.key!r}"
        _require_unique((link.key for link in self.addresses), f"addressed pain points {where}")
        _require_unique(self.supports, f"supported JTBDs {where}")
        _require_unique(self.delivered_via, f"service layers {where}")
        return self


class OpportunityLibraryFile(CatalogModel):
    """``seeds/library/opportunities.yaml``."""

    opportunities: list[OpportunityDefinition] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_keys(self) -> Self:
        _require_unique((o.key for o in self.opportunities), "opportunity keys")
        return self


# --- personas ---------------------------------------------------------------------------------


class PersonaAttributes(CatalogModel):
    """The attributes archetype inference reads (see DESIGN.md, "Archetype inference")."""

    seniority_level: SeniorityLevel
    years_of_experience: int = Field(ge=0, le=50)
    team_size: int = Field(ge=0, le=5000)
    budget_authority: int = Field(ge=0, description="Budget the persona controls, in USD.")
    technology_adoption: TechnologyAdoption
    risk_tolerance: RiskTolerance
    change_readiness: ChangeReadiness
    stakeholder_count: int = Field(ge=0, le=200)
    strategic_time_percent: int = Field(ge=0, le=100)
    meeting_ratio: float = Field(ge=0, le=1, description="Share of the week spent in meetings.")


class PainPointEntry(CatalogModel):
    """A pain point as one persona experiences it."""

    text: Text
    category: PainCategory
    severity: int = Field(ge=1, le=5)
    frequency: Frequency

    @property
    def key(self) -> str:
        return normalize_key(self.text)


class GoalEntry(CatalogModel):
    """A goal the persona pursues."""

    text: Text
    priority: Priority

    @property
    def key(self) -> str:
        return normalize_key(self.text)


class SkillEntry(CatalogModel):
    name: Name
    level: SkillLevel


class StakeholderEntry(CatalogModel):
    name: Name
    frequency: Frequency


class ActivityEntry(CatalogModel):
    """One slice of a typical week."""

    name: Name
    percent: int = Field(ge=1, le=100)


class ServicePreference(CatalogModel):
    layer: ServiceLayerName
    weight: float = Field(ge=0, le=1)


class OutcomeRating(CatalogModel):
    """How much an outcome matters to the persona and how well it is met today (ODI)."""

    outcome: LowerKey
    importance: Score10
    satisfaction: Score10


class PersonaJtbd(CatalogModel):
    """A job the persona performs, with its ratings of the job's outcomes."""

    key: LowerKey
    importance: Score10
    frequency: Frequency
    outcome_ratings: list[OutcomeRating] = Field(default_factory=list)

    @model_validator(mode="after")
    def _unique_ratings(self) -> Self:
        _require_unique(
            (r.outcome for r in self.outcome_ratings), f"rated outcomes of {self.key!r}"
        )
        return self


# Every facet list holds 3-6 entries: fewer says too little to infer from, more dilutes the graph.
MIN_FACETS = 3
MAX_FACETS = 6


class Persona(CatalogModel):
    """One archetype variant of a role."""

    id: Slug
    name: Name
    title: Name
    role: UpperKey
    archetype: Archetype
    tagline: Name
    attributes: PersonaAttributes
    pain_points: list[PainPointEntry] = Field(min_length=MIN_FACETS, max_length=MAX_FACETS)
    goals: list[GoalEntry] = Field(min_length=MIN_FACETS, max_length=MAX_FACETS)
    challenges: list[Text] = Field(min_length=MIN_FACETS, max_length=MAX_FACETS)
    motivations: list[Text] = Field(min_length=MIN_FACETS, max_length=MAX_FACETS)
    frustrations: list[Text] = Field(min_length=MIN_FACETS, max_length=MAX_FACETS)
    skills: list[SkillEntry] = Field(min_length=MIN_FACETS, max_length=MAX_FACETS)
    responsibilities: list[Text] = Field(min_length=MIN_FACETS, max_length=MAX_FACETS)
    stakeholders: list[StakeholderEntry] = Field(min_length=MIN_FACETS, max_length=MAX_FACETS)
    activities: list[ActivityEntry] = Field(min_length=MIN_FACETS, max_length=MAX_FACETS)
    service_layers: list[ServicePreference] = Field(min_length=MIN_FACETS, max_length=MAX_FACETS)
    jtbds: list[PersonaJtbd] = Field(min_length=MIN_FACETS, max_length=MAX_FACETS)
    function_attributes: dict[str, FunctionAttributeValue] = Field(default_factory=dict)

    @field_validator("activities")
    @classmethod
    def _a_whole_week(cls, activities: list[ActivityEntry]) -> list[ActivityEntry]:
        total = sum(a.percent for a in activities)
        if total != 100:
            raise ValueError(f"activity percents sum to {total}; they must sum to 100")
        return activities

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        where = f"of persona {self.id!r}"
        _require_unique((p.key for p in self.pain_points), f"pain points {where}")
        _require_unique((g.key for g in self.goals), f"goals {where}")
        for field, texts in (
            ("challenges", self.challenges),
            ("motivations", self.motivations),
            ("frustrations", self.frustrations),
            ("responsibilities", self.responsibilities),
        ):
            _require_unique((normalize_key(t) for t in texts), f"{field} {where}")
        _require_unique((normalize_key(s.name) for s in self.skills), f"skills {where}")
        _require_unique((normalize_key(s.name) for s in self.stakeholders), f"stakeholders {where}")
        _require_unique((normalize_key(a.name) for a in self.activities), f"activities {where}")
        _require_unique((s.layer for s in self.service_layers), f"service layers {where}")
        _require_unique((j.key for j in self.jtbds), f"JTBDs {where}")
        return self


class RoleDefinition(CatalogModel):
    key: UpperKey
    title: Name
    seniority_level: SeniorityLevel


class FunctionFile(CatalogModel):
    """``seeds/functions/<function>.yaml``: one business function, its roles and personas."""

    key: UpperKey
    name: Name
    description: Text
    roles: list[RoleDefinition] = Field(min_length=1)
    personas: list[Persona] = Field(min_length=1)

    @model_validator(mode="after")
    def _roles_resolve(self) -> Self:
        _require_unique((r.key for r in self.roles), f"role keys of function {self.key}")
        _require_unique((p.id for p in self.personas), f"persona ids of function {self.key}")
        known = {r.key for r in self.roles}
        unknown = sorted({p.role for p in self.personas} - known)
        if unknown:
            raise ValueError(
                f"personas of function {self.key} name roles it does not define: "
                f"{', '.join(unknown)}; add them under 'roles'"
            )
        return self


# --- the whole catalog ------------------------------------------------------------------------


class Catalog(CatalogModel):
    """Every file of one catalog (``read_catalog`` builds it once all references resolve)."""

    archetypes: ArchetypeLibraryFile
    service_layers: ServiceLayerLibraryFile
    jtbds: JtbdLibraryFile
    opportunities: OpportunityLibraryFile
    functions: list[FunctionFile] = Field(min_length=1)
    # ``routing/`` is optional: a catalog without it routes nothing (``route`` says so).
    routing: RoutingFiles | None = None
    templates: list[TemplateDefinition] = Field(default_factory=list)

    def personas(self) -> Iterator[tuple[FunctionFile, Persona]]:
        """Yield every persona with the function it belongs to."""
        for function in self.functions:
            for persona in function.personas:
                yield function, persona

    def pain_point_keys(self) -> set[str]:
        return {p.key for _, persona in self.personas() for p in persona.pain_points}
