"""The decision: analysis → policies → the highest-priority rule → overrides → the answer.

A policy that escalates or blocks decides alone: the rules are not consulted, so no
rule (and no archetype) can keep a person in crisis from a person. Otherwise the rule
that matched sets the layer and configuration, and the overrides that apply change
the settings they name. The answer says all of it, with the evidence, in words too.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final

from personagraph.model.routing import (
    Configuration,
    PolicyAction,
    RouteTarget,
)
from personagraph.routing.analysis import classify_request, measure_complexity
from personagraph.routing.evidence import Finding
from personagraph.routing.examples import NEAREST_SIGNAL, NearestExamples
from personagraph.routing.policies import PolicyOutcome
from personagraph.routing.rules import Facts, RoutingRules
from personagraph.routing.sentiment import measure_sentiment

__all__ = ["Analysis", "DecidedBy", "Decision", "PersonaFacts", "analyse", "decide"]

# The keys of the answer (`personagraph route --json`), exactly as issue 24 lists them.
ANSWER_KEYS: Final = (
    "service_layer",
    "configuration",
    "request_type",
    "complexity",
    "sentiment",
    "policy",
    "rule",
    "persona",
    "archetype",
    "explanation",
)


@dataclass(frozen=True)
class PersonaFacts:
    """The persona a request is routed for, as the rules see it.

    ``match_score`` is set when no persona was given and persona matching chose this one:
    its score (normalised cosine with the full-text lift, 0-1, as ``matchPersonas``).
    """

    id: str
    name: str | None
    archetype: str | None
    function: str | None
    role: str | None
    match_score: float | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "function": self.function,
            "role": self.role,
            "match_score": self.match_score,
        }


@dataclass(frozen=True)
class Analysis:
    """What the request is: type, complexity, sentiment, and the policies' findings."""

    request_type: Finding
    complexity: Finding
    sentiment: Finding
    policy: PolicyOutcome


@dataclass(frozen=True)
class DecidedBy:
    """The rule (or the policy) that decided, and the overrides that changed settings."""

    id: str
    kind: str  # "rule" or "policy"
    priority: int | None
    description: str
    overrides: tuple[str, ...] = ()

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "priority": self.priority,
            "description": self.description,
            "overrides": list(self.overrides),
        }


@dataclass(frozen=True)
class Decision:
    """Where a request goes, how, and why."""

    service_layer: RouteTarget
    configuration: Configuration
    analysis: Analysis
    rule: DecidedBy
    persona: PersonaFacts
    rules_version: str
    explanation: str = field(default="")

    def as_json(self) -> dict[str, Any]:
        """The answer with exactly :data:`ANSWER_KEYS`, in the source's spellings."""
        analysis = self.analysis
        return {
            "service_layer": self.service_layer.value,
            "configuration": self.configuration.model_dump(mode="json"),
            "request_type": analysis.request_type.as_json(),
            "complexity": analysis.complexity.as_json(),
            "sentiment": analysis.sentiment.as_json(),
            "policy": analysis.policy.as_json(),
            "rule": self.rule.as_json(),
            "persona": self.persona.as_json(),
            "archetype": self.persona.archetype,
            "explanation": self.explanation,
        }


def analyse(
    rules: RoutingRules,
    text: str,
    context: Mapping[str, Any] | None,
    nearest: NearestExamples | None = None,
    *,
    skip_identical: bool = False,
) -> Analysis:
    """Type, complexity and sentiment of ``text``, and the findings of ``rules``' policies.

    With ``nearest``, the request type also looks at the nearest labelled example
    (:func:`personagraph.routing.examples.combine` says which wins).
    """
    by_rules = classify_request(text)
    return Analysis(
        request_type=(
            by_rules
            if nearest is None
            else nearest.classify(by_rules, text, skip_identical=skip_identical)
        ),
        complexity=measure_complexity(text, context),
        sentiment=measure_sentiment(text),
        policy=rules.policies.check(text, context),
    )


def decide(
    rules: RoutingRules,
    persona: PersonaFacts,
    text: str,
    context: Mapping[str, Any] | None = None,
    nearest: NearestExamples | None = None,
) -> Decision:
    """Route ``text`` for ``persona`` under ``rules`` (and the nearest labelled example)."""
    return decide_analysed(rules, persona, analyse(rules, text, context, nearest))


def decide_analysed(rules: RoutingRules, persona: PersonaFacts, analysis: Analysis) -> Decision:
    """The decision for an analysed request (replay analyses once per rule set)."""
    policy = analysis.policy
    if policy.action in (PolicyAction.ESCALATE, PolicyAction.BLOCK):
        return _by_policy(rules, persona, analysis)
    facts = Facts(
        archetype=persona.archetype,
        request_type=analysis.request_type.value,
        complexity=analysis.complexity.value,
        sentiment=analysis.sentiment.value,
        policy_action=policy.action.value,
        findings=frozenset(finding.policy for finding in policy.findings),
        function=persona.function,
        role=persona.role,
        persona=persona.id,
    )
    rule = rules.first_match(facts)
    layer, settings = rule.route.service_layer, rule.route.configuration.model_dump()
    applied = rules.overrides_for(facts)
    for override in applied:
        changes = override.set.given()
        layer = RouteTarget(changes.pop("service_layer", layer))
        settings.update(changes)
    decided = DecidedBy(
        rule.id, "rule", rule.priority, rule.description, tuple(o.id for o in applied)
    )
    decision = Decision(
        layer, Configuration.model_validate(settings), analysis, decided, persona, rules.version
    )
    return _explained(decision)


def _by_policy(rules: RoutingRules, persona: PersonaFacts, analysis: Analysis) -> Decision:
    policy = analysis.policy
    escalated = policy.action is PolicyAction.ESCALATE
    route = rules.policy_file.escalation
    layer = route.service_layer if escalated else RouteTarget.NONE
    configuration = route.configuration if escalated else rules.policy_file.blocked
    decided = DecidedBy(policy.policy or "", "policy", None, policy.reason)
    decision = Decision(layer, configuration, analysis, decided, persona, rules.version)
    return _explained(decision)


_SETTING_WORDS: Final = (
    ("automation_level", "automation"),
    ("explanation_depth", "explanation"),
    ("citation_density", "citations"),
    ("proactivity_level", "proactivity"),
    ("hitl_frequency", "human in the loop"),
)


def _cues(finding: Finding) -> str:
    """The cues of the type that won (the evidence also lists the other types' cues)."""
    signal = f"{finding.value} cues"
    words = [word for item in finding.evidence if item.signal == signal for word in item.matched]
    if words:
        return f" ({', '.join(dict.fromkeys(words))})"
    example = f"{NEAREST_SIGNAL}: {finding.value}"
    for item in finding.evidence:
        if item.signal == example and item.matched and item.score == finding.score:
            return f" (no cue matched; like the labelled example {item.matched[0]!r}, " + (
                f"similarity {item.score:.2f})"
            )
    return ""


def _explained(decision: Decision) -> Decision:
    analysis, persona = decision.analysis, decision.persona
    who = f"{persona.archetype or 'an unknown archetype'} persona {persona.id}"
    kind = analysis.request_type.value.replace("_", " ")
    parts = [] if persona.match_score is None else [_chosen(persona)]
    parts += [
        f"{who} sent a {kind} request{_cues(analysis.request_type)}, "
        f"of {analysis.complexity.value} complexity and {analysis.sentiment.value} sentiment."
    ]
    policy = analysis.policy
    if policy.findings:
        fired = ", ".join(f"{f.policy} ({f.action.value})" for f in policy.findings)
        parts.append(f"Policies found: {fired}; the request is {_action_words(policy.action)}.")
    settings = decision.configuration.model_dump(mode="json")
    described = ", ".join(f"{words} {settings[name]}" for name, words in _SETTING_WORDS)
    rule = decision.rule
    if rule.kind == "policy":
        parts.append(
            f"Policy {rule.id} decided before any rule: {rule.description} "
            f"→ {decision.service_layer.value} ({described})."
        )
    else:
        parts.append(
            f"Rule {rule.id} (priority {rule.priority}) decided: {rule.description} "
            f"→ {decision.service_layer.value} with {described}."
        )
        if rule.overrides:
            parts.append(f"Overrides applied: {', '.join(rule.overrides)}.")
    return Decision(
        decision.service_layer,
        decision.configuration,
        analysis,
        rule,
        persona,
        decision.rules_version,
        " ".join(parts),
    )


def _chosen(persona: PersonaFacts) -> str:
    named = f" ({persona.name})" if persona.name else ""
    return (
        f"No persona was given: persona matching chose {persona.id}{named}, "
        f"the closest to the request (match score {persona.match_score:.2f})."
    )


def _action_words(action: PolicyAction) -> str:
    return {
        PolicyAction.ALLOW: "allowed",
        PolicyAction.REDACT: "allowed, with personal data redacted from the audit log",
        PolicyAction.BLOCK: "blocked",
        PolicyAction.ESCALATE: "escalated to a person",
    }[action]
