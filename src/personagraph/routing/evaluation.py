"""Accuracy on a labelled set: (persona, request) pairs and the answer each should get.

The source's criterion (seed-docs/004): the service layer *and* the configuration must
both be right. A label is written ``LAYER automation/explanation/citations/proactivity/hitl``,
e.g. ``WORKFLOWS high/minimal/low/high/final_only``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from personagraph.model.catalog import Catalog
from personagraph.routing.decision import Decision, PersonaFacts, analyse, decide_analysed
from personagraph.routing.examples import NearestExamples
from personagraph.routing.rules import RoutingRules

__all__ = ["Evaluation", "LabelledPair", "evaluate", "label_of", "pairs_from", "personas_of"]


@dataclass(frozen=True)
class LabelledPair:
    persona: str
    request: str
    expected: str


@dataclass(frozen=True)
class Miss:
    pair: LabelledPair
    got: str
    rule: str
    request_type: str
    complexity: str


@dataclass
class Evaluation:
    """How many pairs got the expected layer and configuration, and the ones that did not."""

    total: int = 0
    correct: int = 0
    misses: list[Miss] = field(default_factory=list)
    rules: Counter[str] = field(default_factory=Counter)  # the rule that decided, per pair
    archetypes: Counter[str] = field(default_factory=Counter)
    actions: Counter[str] = field(default_factory=Counter)

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 0.0

    def as_json(self) -> dict[str, Any]:
        return {
            "pairs": self.total,
            "correct": self.correct,
            "accuracy": round(self.accuracy, 4),
            "decided_by": dict(sorted(self.rules.items())),
            "archetypes": dict(sorted(self.archetypes.items())),
            "policy_actions": dict(sorted(self.actions.items())),
            "misses": [
                {
                    "persona": miss.pair.persona,
                    "request": miss.pair.request,
                    "expected": miss.pair.expected,
                    "got": miss.got,
                    "rule": miss.rule,
                    "request_type": miss.request_type,
                    "complexity": miss.complexity,
                }
                for miss in self.misses
            ],
        }


def label_of(decision: Decision) -> str:
    """``LAYER a/e/c/p/h``: the layer and the five settings, as labels are written."""
    settings = "/".join(decision.configuration.model_dump(mode="json").values())
    return f"{decision.service_layer.value} {settings}"


def pairs_from(document: Mapping[str, Any]) -> list[LabelledPair]:
    """The pairs of a labelled-set document (``requests: [{text, expect: {persona: label}}]``)."""
    return [
        LabelledPair(persona, entry["text"], label)
        for entry in document["requests"]
        for persona, label in entry["expect"].items()
    ]


def personas_of(catalog: Catalog) -> dict[str, PersonaFacts]:
    """Every persona of ``catalog`` as the rules see it (declared archetype, role, function)."""
    return {
        persona.id: PersonaFacts(
            persona.id, persona.name, persona.archetype.value, function.key, persona.role
        )
        for function, persona in catalog.personas()
    }


def evaluate(
    rules: RoutingRules,
    personas: Mapping[str, PersonaFacts],
    pairs: Iterable[LabelledPair],
    nearest: NearestExamples | None = None,
    *,
    skip_identical: bool = False,
) -> Evaluation:
    """Route every pair and compare with its label.

    With ``nearest``, request types look at the nearest labelled example too;
    ``skip_identical`` leaves a request's own text out of the examples (for the set the
    examples come from: each request is then compared with the others only).

    Raises:
        KeyError: a pair names a persona ``personas`` does not have.
    """
    result = Evaluation()
    for pair in pairs:
        persona = personas[pair.persona]
        analysis = analyse(rules, pair.request, None, nearest, skip_identical=skip_identical)
        decision = decide_analysed(rules, persona, analysis)
        got = label_of(decision)
        result.total += 1
        result.rules[decision.rule.id] += 1
        result.archetypes[persona.archetype or "none"] += 1
        result.actions[decision.analysis.policy.action.value] += 1
        if got == pair.expected:
            result.correct += 1
        else:
            analysis = decision.analysis
            result.misses.append(
                Miss(
                    pair,
                    got,
                    decision.rule.id,
                    analysis.request_type.value,
                    analysis.complexity.value,
                )
            )
    return result
