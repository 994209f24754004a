"""Rule matching, and the checks that make a rule file unambiguous.

A rule's conditions accept, per fact, a set of values (any of them); absent means any
value. The highest-priority rule whose conditions all hold decides. Ties and gaps are
refused when the catalog is read (:func:`rule_problems`):

- a **gap**: no rule without conditions, so some request could match nothing;
- a **tie**: two rules of equal priority that one request could match. The check is
  conservative: it does not know that a persona implies a function, so it may ask for
  a priority where the catalog could never produce the tie;
- a **dead rule**: a higher-priority rule matches every request it would, so it can
  never decide;
- two overrides of equal priority that could both apply and change the same setting.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Final

from personagraph.model.routing import Conditions, Override, PolicyFile, Rule, RuleFile
from personagraph.routing.policies import PolicySet

__all__ = ["Facts", "Problem", "RoutingRules", "rule_problems", "rules_version"]

# The conditions on facts that hold one value per request; ``findings`` holds several.
SINGLE_VALUED: Final = (
    "archetype",
    "request_type",
    "complexity",
    "sentiment",
    "policy_action",
    "function",
    "role",
    "persona",
)


@dataclass(frozen=True)
class Facts:
    """What a rule can look at: the persona's and the request's facts."""

    archetype: str | None
    request_type: str
    complexity: str
    sentiment: str
    policy_action: str
    findings: frozenset[str]
    function: str | None
    role: str | None
    persona: str | None


@dataclass(frozen=True)
class _Matcher:
    accepted: tuple[tuple[str, frozenset[str]], ...]
    findings: frozenset[str] | None

    @classmethod
    def of(cls, when: Conditions) -> _Matcher:
        given = when.given()
        findings = given.pop("findings", None)
        return cls(
            tuple((name, frozenset(values)) for name, values in given.items()),
            frozenset(findings) if findings is not None else None,
        )

    def matches(self, facts: Facts) -> bool:
        for name, accepted in self.accepted:
            if getattr(facts, name) not in accepted:
                return False
        return self.findings is None or not self.findings.isdisjoint(facts.findings)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a rule file: where (``rules[3]``) and what."""

    location: str
    message: str


class RoutingRules:
    """A rule file and a policy file, compiled: what one version of routing decides by.

    Args:
        rules: the rules and overrides (their cross-checks already passed).
        policies: the policies they may name in ``findings``.
    """

    def __init__(self, rules: RuleFile, policies: PolicyFile) -> None:
        self.rule_file = rules
        self.policy_file = policies
        self.policies = PolicySet(policies)
        self.version = rules_version(rules, policies)
        ordered = sorted(rules.rules, key=lambda rule: -rule.priority)
        self._rules = tuple((rule, _Matcher.of(rule.when)) for rule in ordered)
        ascending = sorted(rules.overrides, key=lambda override: override.priority)
        self._overrides = tuple((o, _Matcher.of(o.when)) for o in ascending)

    @property
    def rule_ids(self) -> list[str]:
        return [rule.id for rule in self.rule_file.rules]

    def first_match(self, facts: Facts) -> Rule:
        """The highest-priority rule whose conditions hold (a catch-all always does)."""
        for rule, matcher in self._rules:
            if matcher.matches(facts):
                return rule
        raise LookupError("no rule matched: the rule file has no catch-all rule")

    def overrides_for(self, facts: Facts) -> list[Override]:
        """The overrides that apply, lowest priority first (the last one has the last word)."""
        return [override for override, matcher in self._overrides if matcher.matches(facts)]


def rules_version(rules: RuleFile, policies: PolicyFile) -> str:
    """A digest of both files' content: equal for equal rule sets, whatever the formatting."""
    document = {
        "rules": rules.model_dump(mode="json"),
        "policies": policies.model_dump(mode="json"),
    }
    text = json.dumps(document, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def _accepted(when: Conditions) -> dict[str, set[str]]:
    return {name: set(values) for name, values in when.given().items()}


def common_request(a: Conditions, b: Conditions) -> dict[str, str] | None:
    """A request both conditions accept (one value per condition given), or None."""
    first, second = _accepted(a), _accepted(b)
    example: dict[str, str] = {}
    for name in SINGLE_VALUED:
        if name in first and name in second:
            shared = first[name] & second[name]
            if not shared:
                return None
            example[name] = min(shared)
        elif name in first or name in second:
            example[name] = min(first.get(name) or second[name])
    # A request can have several findings, so two findings conditions never exclude each other.
    for conditions in (first, second):
        if "findings" in conditions:
            example.setdefault("findings", min(conditions["findings"]))
    return example


def covers(wider: Conditions, narrower: Conditions) -> bool:
    """Whether every request ``narrower`` accepts is accepted by ``wider`` too."""
    outer, inner = _accepted(wider), _accepted(narrower)
    return all(name in inner and inner[name] <= values for name, values in outer.items())


def rule_problems(rules: RuleFile) -> list[Problem]:
    """Gaps, ties, dead rules and clashing overrides of ``rules`` (empty: unambiguous)."""
    problems = list(_gaps(rules))
    problems += _ties(rules)
    problems += _dead(rules)
    problems += _override_clashes(rules)
    return problems


def _gaps(rules: RuleFile) -> Iterator[Problem]:
    if not any(not rule.when.given() for rule in rules.rules):
        yield Problem(
            "rules",
            "no rule matches every request: add a default rule without `when` "
            "(the source's default is ASK_EXPERT with moderate settings)",
        )


def _show(example: dict[str, str]) -> str:
    return ", ".join(f"{name} {value}" for name, value in example.items()) or "any request"


def _ties(rules: RuleFile) -> Iterator[Problem]:
    indexed = list(enumerate(rules.rules))
    for i, first in indexed:
        for j, second in indexed[i + 1 :]:
            if first.priority != second.priority:
                continue
            example = common_request(first.when, second.when)
            if example is not None:
                yield Problem(
                    f"rules[{j}]",
                    f"rules {first.id!r} (rules[{i}]) and {second.id!r} have the same priority "
                    f"{first.priority} and could both match one request ({_show(example)}): "
                    "give one a higher priority or make their conditions exclusive",
                )


def _dead(rules: RuleFile) -> Iterator[Problem]:
    indexed = list(enumerate(rules.rules))
    for j, rule in indexed:
        for i, other in indexed:
            if other.priority > rule.priority and covers(other.when, rule.when):
                yield Problem(
                    f"rules[{j}]",
                    f"rule {rule.id!r} can never decide: {other.id!r} (rules[{i}], priority "
                    f"{other.priority}) matches every request it would; lower that rule's "
                    "priority below it or narrow it",
                )
                break


def _override_clashes(rules: RuleFile) -> Iterator[Problem]:
    indexed = list(enumerate(rules.overrides))
    for i, first in indexed:
        for j, second in indexed[i + 1 :]:
            both = sorted(set(first.set.given()) & set(second.set.given()))
            if first.priority != second.priority or not both:
                continue
            example = common_request(first.when, second.when)
            if example is not None:
                yield Problem(
                    f"overrides[{j}]",
                    f"overrides {first.id!r} (overrides[{i}]) and {second.id!r} have the same "
                    f"priority {first.priority}, both set {', '.join(both)} and could both apply "
                    f"({_show(example)}): give the one that should win a higher priority",
                )
