"""Pydantic models of ``seeds/routing/``: the routing rules and the request policies.

The vocabulary is the source's (seed-docs/000, ``routeRequest``): its TypeScript enums
leave out values its own rules use (``moderate`` automation, ``very_low`` proactivity),
so each enum here is the union of the declared values and the used ones. Every value is
spelled as the source spells it, and that spelling is what clients get back.

A rule file is checked beyond its shape by
``personagraph.seeding.validation.read_catalog``: references to functions, roles,
personas and policies must resolve, and two rules of equal priority must not be able to
match the same request (``personagraph.routing.rules.overlaps``).
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Annotated, Self

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

from personagraph.model.archetype import Archetype

__all__ = [
    "AutomationLevel",
    "CitationDensity",
    "Complexity",
    "Conditions",
    "Configuration",
    "ConfigurationChanges",
    "Detector",
    "ExplanationDepth",
    "HitlFrequency",
    "Override",
    "PolicyAction",
    "PolicyDefinition",
    "PolicyFile",
    "ProactivityLevel",
    "RequestType",
    "Route",
    "RouteTarget",
    "RoutingFiles",
    "Rule",
    "RuleFile",
    "Sentiment",
]


class RequestType(StrEnum):
    """What a request asks for. The first four are the source's; the rest are ours."""

    ROUTINE_TASK = "routine_task"
    QUICK_QUESTION = "quick_question"
    STRATEGIC = "strategic"
    LEARNING = "learning"
    ANALYSIS = "analysis"  # examine data or compare options
    BUILD = "build"  # make a tool, automation or integration (SOLUTION_BUILDER)
    GENERAL = "general"  # nothing above was recognised


class Complexity(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


class Sentiment(StrEnum):
    """VADER's compound score in five bands (see routing.sentiment for the cut points)."""

    VERY_NEGATIVE = "very_negative"
    NEGATIVE = "negative"
    NEUTRAL = "neutral"
    POSITIVE = "positive"
    VERY_POSITIVE = "very_positive"


class PolicyAction(StrEnum):
    """What a policy does to a request, mildest first; the strongest finding wins."""

    ALLOW = "allow"
    REDACT = "redact"
    BLOCK = "block"
    # Above block: a person in crisis must reach a person even when the same words also
    # trip another policy.
    ESCALATE = "escalate"

    @property
    def strength(self) -> int:
        return list(PolicyAction).index(self)


class RouteTarget(StrEnum):
    """Where a request goes: the four service layers, a person, or nowhere."""

    ASK_EXPERT = "ASK_EXPERT"
    ASK_PANEL = "ASK_PANEL"
    WORKFLOWS = "WORKFLOWS"
    SOLUTION_BUILDER = "SOLUTION_BUILDER"
    HUMAN_ESCALATION = "HUMAN_ESCALATION"  # a person (crisis line, human agent) answers
    NONE = "NONE"  # the request is blocked: no layer answers


class AutomationLevel(StrEnum):
    """The source declares none/low/medium/high/maximum; its rules also use moderate."""

    NONE = "none"
    LOW = "low"
    MEDIUM = "medium"
    MODERATE = "moderate"
    HIGH = "high"
    MAXIMUM = "maximum"


class ExplanationDepth(StrEnum):
    MINIMAL = "minimal"
    MODERATE = "moderate"
    DETAILED = "detailed"
    COMPREHENSIVE = "comprehensive"


class CitationDensity(StrEnum):
    NONE = "none"
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    VERY_HIGH = "very_high"


class ProactivityLevel(StrEnum):
    """The source declares passive/low/moderate/high/very_high; its rules also use very_low."""

    PASSIVE = "passive"
    VERY_LOW = "very_low"
    LOW = "low"
    MODERATE = "moderate"
    HIGH = "high"
    VERY_HIGH = "very_high"


class HitlFrequency(StrEnum):
    """How often a person is asked to confirm (human in the loop)."""

    NEVER = "never"
    FINAL_ONLY = "final_only"
    KEY_STEPS = "key_steps"
    FREQUENT = "frequent"
    EVERY_STEP = "every_step"


RuleId = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$", max_length=64)]
UpperKey = Annotated[
    str, StringConstraints(pattern=r"^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$", max_length=64)
]
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=96)]
Words = Annotated[str, StringConstraints(strip_whitespace=True, min_length=3, max_length=400)]


class RoutingModel(BaseModel):
    """Unknown fields are typos: rejected, like everywhere in the catalog."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Configuration(RoutingModel):
    """How the chosen layer should serve the request (all five settings, always)."""

    automation_level: AutomationLevel
    explanation_depth: ExplanationDepth
    citation_density: CitationDensity
    proactivity_level: ProactivityLevel
    hitl_frequency: HitlFrequency


class ConfigurationChanges(RoutingModel):
    """What an override changes; the settings it leaves out stay as the rule set them."""

    service_layer: RouteTarget | None = None
    automation_level: AutomationLevel | None = None
    explanation_depth: ExplanationDepth | None = None
    citation_density: CitationDensity | None = None
    proactivity_level: ProactivityLevel | None = None
    hitl_frequency: HitlFrequency | None = None

    def given(self) -> dict[str, str]:
        """The settings this override changes, by name."""
        return {name: str(value) for name, value in self if value is not None}


class Route(RoutingModel):
    service_layer: RouteTarget
    configuration: Configuration

    @field_validator("service_layer")
    @classmethod
    def _not_blocked(cls, layer: RouteTarget) -> RouteTarget:
        if layer is RouteTarget.NONE:
            raise ValueError("NONE is what a block policy answers; a rule must route somewhere")
        return layer


class Conditions(RoutingModel):
    """All given conditions must hold; each lists the values it accepts (any of them).

    ``findings`` holds when the request has a finding of any listed policy.
    """

    archetype: list[Archetype] | None = Field(default=None, min_length=1)
    request_type: list[RequestType] | None = Field(default=None, min_length=1)
    complexity: list[Complexity] | None = Field(default=None, min_length=1)
    sentiment: list[Sentiment] | None = Field(default=None, min_length=1)
    policy_action: list[PolicyAction] | None = Field(default=None, min_length=1)
    findings: list[RuleId] | None = Field(default=None, min_length=1)
    function: list[UpperKey] | None = Field(default=None, min_length=1)
    role: list[UpperKey] | None = Field(default=None, min_length=1)
    persona: list[Slug] | None = Field(default=None, min_length=1)

    @field_validator("policy_action")
    @classmethod
    def _routable_actions(cls, actions: list[PolicyAction] | None) -> list[PolicyAction] | None:
        final = [a.value for a in actions or () if a in (PolicyAction.BLOCK, PolicyAction.ESCALATE)]
        if final:
            raise ValueError(
                f"{', '.join(final)}: requests a policy blocks or escalates never reach the "
                "rules; only allow and redact can be conditions"
            )
        return actions

    def given(self) -> dict[str, list[str]]:
        """The conditions set, by name, as plain strings."""
        return {name: [str(v) for v in values] for name, values in self if values is not None}


class Rule(RoutingModel):
    """The highest-priority rule whose conditions hold decides the route."""

    id: RuleId
    description: Words
    priority: int = Field(ge=0, le=1_000_000)
    when: Conditions = Field(default_factory=Conditions)
    route: Route


class Override(RoutingModel):
    """Applied after the rule decided, e.g. a function that always needs many citations.

    Every override whose conditions hold applies, lowest priority first, so a higher one
    has the last word on a setting both change.
    """

    id: RuleId
    description: Words
    priority: int = Field(ge=0, le=1_000_000)
    when: Conditions
    set: ConfigurationChanges

    @field_validator("when")
    @classmethod
    def _targeted(cls, when: Conditions) -> Conditions:
        if not when.given():
            raise ValueError("an override needs at least one condition (a function, a persona…)")
        return when

    @field_validator("set")
    @classmethod
    def _changes_something(cls, changes: ConfigurationChanges) -> ConfigurationChanges:
        if not changes.given():
            raise ValueError("an override must set at least one setting")
        if changes.service_layer is RouteTarget.NONE:
            raise ValueError("NONE is what a block policy answers; an override cannot block")
        return changes


class RuleFile(RoutingModel):
    """``seeds/routing/rules.yaml``."""

    rules: list[Rule] = Field(min_length=1)
    overrides: list[Override] = Field(default_factory=list)

    @model_validator(mode="after")
    def _unique_ids(self) -> Self:
        _require_unique([r.id for r in self.rules] + [o.id for o in self.overrides], "rule ids")
        return self


class Detector(StrEnum):
    """Built-in detectors of personal data (see routing.personal_data)."""

    EMAIL = "email"
    PHONE = "phone"
    PAYMENT_CARD = "payment_card"  # 13-19 digits passing the Luhn check
    NATIONAL_ID = "national_id"  # US social security number, UK national insurance number


class PolicyDefinition(RoutingModel):
    """One policy: what it looks for (phrases or a detector), what it does, and why."""

    id: RuleId
    description: Words
    patterns: list[Annotated[str, StringConstraints(min_length=2, max_length=300)]] | None = Field(
        default=None, min_length=1
    )
    detector: Detector | None = None
    action: PolicyAction
    reason: Words

    @field_validator("patterns")
    @classmethod
    def _compiles(cls, patterns: list[str] | None) -> list[str] | None:
        for pattern in patterns or ():
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ValueError(f"pattern {pattern!r} is not a regular expression: {exc}") from exc
        return patterns

    @model_validator(mode="after")
    def _one_way_to_detect(self) -> Self:
        if (self.patterns is None) == (self.detector is None):
            raise ValueError(
                f"policy {self.id!r} needs exactly one of `patterns` (regular expressions) "
                "or `detector` (email, phone, payment_card, national_id)"
            )
        return self


class PolicyFile(RoutingModel):
    """``seeds/routing/policies.yaml``: the checks every request goes through first."""

    policies: list[PolicyDefinition] = Field(min_length=1)
    escalation: Route
    blocked: Configuration

    @model_validator(mode="after")
    def _unique_ids(self) -> Self:
        _require_unique([p.id for p in self.policies], "policy ids")
        return self


def _require_unique(values: list[str], what: str) -> None:
    repeated = sorted({value for value in values if values.count(value) > 1})
    if repeated:
        raise ValueError(f"{what} must be unique; repeated: {', '.join(repeated)}")


class RoutingFiles(RoutingModel):
    """``seeds/routing/``: the rules and the policies, loaded (and versioned) together."""

    rules: RuleFile
    policies: PolicyFile
