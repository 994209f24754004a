"""Pydantic models of the behavioral rules file (``seeds/behavioral/personas.yaml``).

The file lists the five behavioral personas (the source's) with their metadata and
their rule as data: a persona matches when every entry of ``all_of`` holds, an entry
being one criterion or ``{any_of: [criterion, ...]}``; ``any_of`` at the persona level
is a rule of one such group. :meth:`BehavioralRulesFile.to_rules` turns a valid file
into the plain :class:`~personagraph.inference.behavioral_rules.RuleSet` the evaluators
take.
"""

from __future__ import annotations

import math
from typing import Annotated, Any, Self

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    StrictBool,
    StrictFloat,
    StrictInt,
    StringConstraints,
    Tag,
    field_validator,
    model_validator,
)

from personagraph.inference.behavioral_rules import (
    FEATURES,
    Criterion,
    FeatureKind,
    IfMissing,
    Operator,
    PersonaRule,
    Priority,
    RuleSet,
    Severity,
)

__all__ = [
    "AnyOfGroup",
    "BehavioralPersonaEntry",
    "BehavioralRulesFile",
    "CriterionEntry",
    "SeverityEntry",
]

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=400)]
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=64)]


def _known_feature(name: str) -> str:
    if name not in FEATURES:
        raise ValueError(f"unknown feature {name!r}; give one of {', '.join(sorted(FEATURES))}")
    return name


class _RulesModel(BaseModel):
    # Unknown fields are typos: a misspelt 'threshhold' must not silently use a default.
    model_config = ConfigDict(extra="forbid", frozen=True)


class CriterionEntry(_RulesModel):
    """``feature <op> threshold``; ``per_month`` scales a window total to 30 days first."""

    feature: str
    op: Operator
    threshold: StrictBool | StrictInt | StrictFloat
    if_missing: IfMissing = IfMissing.FAIL
    per_month: StrictBool = False

    _feature = field_validator("feature")(_known_feature)

    @model_validator(mode="after")
    def _threshold_fits_the_feature(self) -> Self:
        kind = FEATURES[self.feature].kind
        if kind is FeatureKind.FLAG:
            if self.op is not Operator.EQ or not isinstance(self.threshold, bool):
                raise ValueError(
                    f"{self.feature} is a flag, compared as {self.op.value} "
                    f"{self.threshold!r}; write op '==' with threshold true or false"
                )
        elif isinstance(self.threshold, bool):
            raise ValueError(f"{self.feature} is a number; give a number as threshold")
        elif not math.isfinite(self.threshold):
            raise ValueError(f"threshold {self.threshold!r} is not finite; give a finite number")
        return self

    def to_criterion(self) -> Criterion:
        threshold = self.threshold if isinstance(self.threshold, bool) else float(self.threshold)
        return Criterion(self.feature, self.op, threshold, self.if_missing, self.per_month)


class AnyOfGroup(_RulesModel):
    """Criteria of which at least one must hold."""

    any_of: list[CriterionEntry] = Field(min_length=1)


def _entry_kind(value: Any) -> str:
    is_group = isinstance(value, dict | AnyOfGroup) and (
        isinstance(value, AnyOfGroup) or "any_of" in value
    )
    return "group" if is_group else "criterion"


RuleEntry = Annotated[
    Annotated[CriterionEntry, Tag("criterion")] | Annotated[AnyOfGroup, Tag("group")],
    Discriminator(_entry_kind),
]


class SeverityEntry(_RulesModel):
    """severity = max(feature / scale, 0), used to rank personas of equal priority."""

    feature: str
    scale: float = Field(default=1.0, gt=0, allow_inf_nan=False)

    _feature = field_validator("feature")(_known_feature)

    @model_validator(mode="after")
    def _numeric(self) -> Self:
        if FEATURES[self.feature].kind is FeatureKind.FLAG:
            raise ValueError(f"{self.feature} is a flag; severity needs a number feature")
        return self


class BehavioralPersonaEntry(_RulesModel):
    """One behavioral persona: metadata, rule and severity."""

    id: StrictInt = Field(ge=1)
    key: Slug
    name: Text
    priority: Priority
    focus: Text
    risk: Text
    any_of: list[CriterionEntry] | None = Field(default=None, min_length=1)
    all_of: list[RuleEntry] | None = Field(default=None, min_length=1)
    severity: SeverityEntry

    @model_validator(mode="after")
    def _one_rule(self) -> Self:
        if (self.any_of is None) == (self.all_of is None):
            raise ValueError("give exactly one of 'any_of' or 'all_of' (a list of criteria)")
        return self

    def to_rule(self) -> PersonaRule:
        if self.any_of is not None:
            groups = [tuple(c.to_criterion() for c in self.any_of)]
        else:
            groups = [
                tuple(c.to_criterion() for c in entry.any_of)
                if isinstance(entry, AnyOfGroup)
                else (entry.to_criterion(),)
                for entry in self.all_of or ()
            ]
        severity = Severity(self.severity.feature, self.severity.scale)
        return PersonaRule(
            self.id,
            self.key,
            self.name,
            self.priority,
            self.focus,
            self.risk,
            tuple(groups),
            severity,
        )


class BehavioralRulesFile(_RulesModel):
    """The whole rules file: the personas every subject is evaluated against."""

    personas: list[BehavioralPersonaEntry] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique(self) -> Self:
        for what, values in (
            ("id", [str(p.id) for p in self.personas]),
            ("key", [p.key for p in self.personas]),
        ):
            repeated = sorted({v for v in values if values.count(v) > 1})
            if repeated:
                raise ValueError(f"persona {what}s must be unique; repeated: {', '.join(repeated)}")
        return self

    def to_rules(self) -> RuleSet:
        """Returns: the rules as the evaluators take them, personas in id order."""
        return RuleSet(tuple(p.to_rule() for p in self.personas))
