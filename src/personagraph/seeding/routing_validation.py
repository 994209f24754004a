"""The checks of ``routing/`` that need more than one file: references and ambiguity.

A rule may name functions, roles and personas of the catalog and policies of
``policies.yaml``; every name must exist. And the rules must decide every request one
way: no gap, no tie of equal priority, no rule that can never decide
(:func:`personagraph.routing.rules.rule_problems`).
"""

from __future__ import annotations

from collections.abc import Iterator

from personagraph.model.catalog import FunctionFile
from personagraph.model.routing import Conditions, RoutingFiles
from personagraph.routing.rules import rule_problems

__all__ = ["RULES_FILE", "routing_problems"]

RULES_FILE = "routing/rules.yaml"

# (condition, what it names, how to fix an unknown name)
_REFERENCES = (
    ("function", "function", "a key of functions/*.yaml"),
    ("role", "role", "a role key of functions/*.yaml"),
    ("persona", "persona", "a persona id of functions/*.yaml"),
    ("findings", "policy", "an id of routing/policies.yaml"),
)


def routing_problems(
    routing: RoutingFiles, functions: list[FunctionFile], check_catalog_names: bool
) -> list[tuple[str, str, str, object]]:
    """Problems as (file, location, message, value); value is None when there is none.

    ``check_catalog_names`` is False when a function file was invalid: then an unknown
    function, role or persona could be a false alarm, and is not reported.
    """
    known = {
        "function": {f.key for f in functions},
        "role": {role.key for f in functions for role in f.roles},
        "persona": {p.id for f in functions for p in f.personas},
        "findings": {policy.id for policy in routing.policies.policies},
    }
    problems: list[tuple[str, str, str, object]] = []
    entries = [(f"rules[{i}]", rule.when) for i, rule in enumerate(routing.rules.rules)]
    entries += [(f"overrides[{i}]", o.when) for i, o in enumerate(routing.rules.overrides)]
    for where, when in entries:
        for condition, location, value, fix in _unknown_names(where, when, known):
            if condition == "findings" or check_catalog_names:
                problems.append((RULES_FILE, location, f"unknown {fix}", value))
    for problem in rule_problems(routing.rules):
        problems.append((RULES_FILE, problem.location, problem.message, None))
    return problems


def _unknown_names(
    where: str, when: Conditions, known: dict[str, set[str]]
) -> Iterator[tuple[str, str, str, str]]:
    given = when.given()
    for condition, noun, fix in _REFERENCES:
        for k, value in enumerate(given.get(condition, [])):
            if value not in known[condition]:
                yield condition, f"{where}.when.{condition}[{k}]", value, f"{noun}: use {fix}"
