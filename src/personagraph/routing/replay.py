"""Replay: the logged requests decided again under a candidate rule set, before it ships.

Each logged decision is decided again from what the audit log kept: the persona's
facts as they were then (archetype, function, role), the redacted request and context.
Redaction keeps findings (a placeholder is detected as the data it replaced), so under
the rules that made a decision, replay gives that decision back. A decision *changes*
when its service layer or any setting differs; the report counts them per transition
(``WORKFLOWS → ASK_EXPERT``; a layer to itself when only settings moved) with examples.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from personagraph.routing.decision import PersonaFacts, decide
from personagraph.routing.examples import NearestExamples
from personagraph.routing.rules import RoutingRules

__all__ = ["ReplayExample", "ReplayReport", "Transition", "replay"]


@dataclass(frozen=True)
class ReplayExample:
    """One decision that would change: the request (redacted) and both answers."""

    decision_id: str
    persona_id: str
    request: str
    from_layer: str
    to_layer: str
    from_rule: str
    to_rule: str
    changed_settings: tuple[str, ...]

    def as_json(self) -> dict[str, Any]:
        return {
            "decision_id": self.decision_id,
            "persona_id": self.persona_id,
            "request": self.request,
            "from_layer": self.from_layer,
            "to_layer": self.to_layer,
            "from_rule": self.from_rule,
            "to_rule": self.to_rule,
            "changed_settings": list(self.changed_settings),
        }


@dataclass(frozen=True)
class Transition:
    """How many decisions would move from one layer to another (or stay, settings changed)."""

    from_layer: str
    to_layer: str
    count: int
    examples: tuple[ReplayExample, ...]


@dataclass(frozen=True)
class ReplayReport:
    """What a candidate rule set would change among the logged decisions."""

    candidate_version: str
    replayed: int
    changed: int
    logged_versions: dict[str, int]
    transitions: tuple[Transition, ...] = field(default=())

    @property
    def unchanged(self) -> int:
        return self.replayed - self.changed

    def as_json(self) -> dict[str, Any]:
        return {
            "candidate_version": self.candidate_version,
            "replayed": self.replayed,
            "changed": self.changed,
            "unchanged": self.unchanged,
            "logged_versions": self.logged_versions,
            "transitions": [
                {
                    "from_layer": t.from_layer,
                    "to_layer": t.to_layer,
                    "count": t.count,
                    "examples": [example.as_json() for example in t.examples],
                }
                for t in self.transitions
            ],
        }


def replay(
    candidate: RoutingRules,
    logged: Iterable[Mapping[str, Any]],
    examples: int = 3,
    nearest: NearestExamples | None = None,
) -> ReplayReport:
    """Decide every logged row (``read/routing/decisions_since``) again under ``candidate``.

    Args:
        candidate: the rule set to try.
        logged: the audit rows, as the graph holds them.
        examples: examples kept per transition at most.
        nearest: the nearest-example classifier the service decides with (None: rules only).
    """
    counts: Counter[tuple[str, str]] = Counter()
    kept: dict[tuple[str, str], list[ReplayExample]] = {}
    versions: Counter[str] = Counter()
    replayed = 0
    for row in logged:
        replayed += 1
        versions[row["rules_version"]] += 1
        example = _replayed(candidate, row, nearest)
        if example is None:
            continue
        key = (example.from_layer, example.to_layer)
        counts[key] += 1
        if len(kept.setdefault(key, [])) < examples:
            kept[key].append(example)
    transitions = tuple(
        Transition(source, target, count, tuple(kept[(source, target)]))
        for (source, target), count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    )
    return ReplayReport(
        candidate.version, replayed, sum(counts.values()), dict(versions), transitions
    )


def _replayed(
    candidate: RoutingRules, row: Mapping[str, Any], nearest: NearestExamples | None
) -> ReplayExample | None:
    persona = PersonaFacts(row["persona_id"], None, row["archetype"], row["function"], row["role"])
    context = json.loads(row["context"]) if row["context"] else None
    again = decide(candidate, persona, row["request"], context, nearest)
    before = json.loads(row["configuration"])
    after = again.configuration.model_dump(mode="json")
    changed = tuple(name for name, value in after.items() if before.get(name) != value)
    if again.service_layer.value == row["service_layer"] and not changed:
        return None
    return ReplayExample(
        row["id"],
        row["persona_id"],
        row["request"],
        row["service_layer"],
        again.service_layer.value,
        row["rule_id"],
        again.rule.id,
        changed,
    )
