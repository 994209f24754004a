"""``route``: where a request goes, how and why; ``routingReplay``: what new rules would change.

Values are spelled as the source spells them (``WORKFLOWS``, ``very_high``,
``final_only``), as ``personagraph route --json`` prints them. The persona's row is read
on the event loop; the decision itself is pure and takes well under a millisecond.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import strawberry
from starlette.concurrency import run_in_threadpool
from strawberry.scalars import JSON
from strawberry.types.field import StrawberryField

from personagraph.api.graphql.runtime.access import require
from personagraph.api.graphql.runtime.context import RequestContext, Role
from personagraph.api.graphql.runtime.errors import BadInput
from personagraph.api.graphql.runtime.policy import policy
from personagraph.errors import RoutingUnavailable
from personagraph.routing.decision import Decision
from personagraph.routing.replay import ReplayReport
from personagraph.routing.router import (
    PERSONA_STATEMENT,
    REPLAY_EXAMPLES,
    REPLAY_LIMIT,
    Router,
    check_request,
    replay_logged,
    rules_from_row,
)
from personagraph.routing.rules import RoutingRules
from personagraph.seeding.validation import parse_routing

ACTIVE_RULE_SET = "read/routing/active_rule_set"


@strawberry.type(description="One thing looked at, what matched, and what it contributed.")
class RouteEvidence:
    signal: str
    matched: list[str]
    score: float


@strawberry.type(description="A value the analysis found, its score and its evidence.")
class RouteFinding:
    value: str
    score: float
    evidence: list[RouteEvidence]


@strawberry.type(description="How the layer should serve the request (the source's spellings).")
class RouteConfiguration:
    automation_level: str = strawberry.field(
        description="none, low, medium, moderate, high, maximum."
    )
    explanation_depth: str = strawberry.field(
        description="minimal, moderate, detailed, comprehensive."
    )
    citation_density: str = strawberry.field(description="none, low, medium, high, very_high.")
    proactivity_level: str = strawberry.field(
        description="passive, very_low, low, moderate, high, very_high."
    )
    hitl_frequency: str = strawberry.field(
        description="never, final_only, key_steps, frequent, every_step."
    )


@strawberry.type(description="A policy that fired on the request.")
class RoutePolicyFinding:
    policy: str
    action: str
    reason: str
    evidence: list[RouteEvidence]


@strawberry.type(description="The policies' verdict: allow, redact, block or escalate, and why.")
class RoutePolicy:
    action: str
    reason: str
    findings: list[RoutePolicyFinding]


@strawberry.type(description="The rule (or policy) that decided, and the overrides applied.")
class RouteRule:
    id: str
    kind: str = strawberry.field(description="rule, or policy when a policy decided alone.")
    priority: int | None
    description: str
    overrides: list[str]


@strawberry.type(description="The persona the request was routed for.")
class RoutePersona:
    id: str
    name: str | None
    function: str | None
    role: str | None
    match_score: float | None = strawberry.field(
        description="When no personaId was given: the score (0-1) with which persona "
        "matching chose this persona; null when the caller named it."
    )


@strawberry.type(description="Where a request goes, with what settings, and why.")
class Route:
    service_layer: str = strawberry.field(
        description="ASK_EXPERT, ASK_PANEL, WORKFLOWS, SOLUTION_BUILDER, HUMAN_ESCALATION or NONE."
    )
    configuration: RouteConfiguration
    request_type: RouteFinding
    complexity: RouteFinding
    sentiment: RouteFinding
    policy: RoutePolicy
    rule: RouteRule
    persona: RoutePersona
    archetype: str | None
    explanation: str
    rules_version: str


@strawberry.type(description="A logged decision that would change.")
class ReplayExampleType:
    decision_id: str
    persona_id: str
    request: str = strawberry.field(description="As logged: personal data redacted.")
    from_layer: str
    to_layer: str
    from_rule: str
    to_rule: str
    changed_settings: list[str]


@strawberry.type(description="Decisions that would move from one layer to another.")
class ReplayTransition:
    from_layer: str
    to_layer: str
    count: int
    examples: list[ReplayExampleType]


@strawberry.type(description="What candidate rules would change among the logged decisions.")
class RoutingReplay:
    candidate_version: str
    replayed: int
    changed: int
    unchanged: int
    transitions: list[ReplayTransition]


def _evidence(items: list[dict[str, Any]]) -> list[RouteEvidence]:
    return [RouteEvidence(**item) for item in items]


def _finding(item: dict[str, Any]) -> RouteFinding:
    return RouteFinding(
        value=item["value"], score=item["score"], evidence=_evidence(item["evidence"])
    )


def as_route(decision: Decision) -> Route:
    """The GraphQL answer of ``decision`` (the same values as ``route --json``)."""
    answer = decision.as_json()
    policy = answer["policy"]
    return Route(
        service_layer=answer["service_layer"],
        configuration=RouteConfiguration(**answer["configuration"]),
        request_type=_finding(answer["request_type"]),
        complexity=_finding(answer["complexity"]),
        sentiment=_finding(answer["sentiment"]),
        policy=RoutePolicy(
            action=policy["action"],
            reason=policy["reason"],
            findings=[
                RoutePolicyFinding(**(f | {"evidence": _evidence(f["evidence"])}))
                for f in policy["findings"]
            ],
        ),
        rule=RouteRule(**answer["rule"]),
        persona=RoutePersona(**answer["persona"]),
        archetype=answer["archetype"],
        explanation=answer["explanation"],
        rules_version=decision.rules_version,
    )


async def route(
    info: strawberry.Info[Any, Any],
    request: str,
    persona_id: strawberry.ID | None = None,
    context: JSON | None = None,
) -> Route:
    ctx: RequestContext = require(info, Role.READER)
    router: Router = ctx.router
    checked = check_request(request, context, router.max_chars)
    if persona_id is None:
        # Persona matching embeds the request and reads the graph: off the event loop.
        chosen = await run_in_threadpool(router.persona_for, None, request)
    else:
        chosen = router.persona_for(persona_id, request)
    statement = ctx.store.registry.statement(PERSONA_STATEMENT)
    rows = await ctx.reads.read_statement(statement, {"id": chosen.id})
    row = rows[0] | {"asked": chosen.id}
    if row["rules_version"] is not None and not router.has_rules(row["rules_version"]):
        await run_in_threadpool(router.rules, row["rules_version"])
    if router.examples is not None:
        # The nearest labelled example embeds the request (milliseconds): off the event loop.
        decision = await run_in_threadpool(router.decide, row, request, checked, chosen.score)
    else:
        decision = router.decide(row, request, checked, chosen.score)
    return as_route(decision)


async def routing_replay(
    info: strawberry.Info[Any, Any],
    rules: JSON,
    policies: JSON | None = None,
    since: datetime | None = None,
    limit: int = REPLAY_LIMIT,
    examples: int = REPLAY_EXAMPLES,
) -> RoutingReplay:
    ctx: RequestContext = require(info, Role.EDITOR)
    if not 1 <= limit <= 100_000 or not 0 <= examples <= 50:
        raise BadInput(f"limit {limit} must be 1-100000 and examples {examples} 0-50")
    report = await run_in_threadpool(_replay, ctx, rules, policies, since, limit, examples)
    return RoutingReplay(
        candidate_version=report.candidate_version,
        replayed=report.replayed,
        changed=report.changed,
        unchanged=report.unchanged,
        transitions=[
            ReplayTransition(
                from_layer=t.from_layer,
                to_layer=t.to_layer,
                count=t.count,
                examples=[ReplayExampleType(**e.as_json()) for e in t.examples],
            )
            for t in report.transitions
        ],
    )


def _replay(
    ctx: RequestContext,
    rules: Any,
    policies: Any,
    since: datetime | None,
    limit: int,
    examples: int,
) -> ReplayReport:
    if policies is None:
        active = ctx.store.read(ACTIVE_RULE_SET)
        if not active:
            raise RoutingUnavailable("no routing rules are loaded: give `policies` too")
        policies = rules_from_row(active[0]).policy_file.model_dump(mode="json")
    candidate = parse_routing(rules, policies)
    rules_set = RoutingRules(candidate.rules, candidate.policies)
    return replay_logged(ctx.store, rules_set, since, limit, examples, ctx.router.nearest())


def routing_fields() -> list[tuple[str, Any, StrawberryField]]:
    """``route`` (reader role) and ``routingReplay`` (editor role)."""
    route_field = strawberry.field(
        resolver=route,
        name="route",
        description=(
            "Route a user's request for a persona (without personaId: the closest persona by "
            "persona matching, its score in persona.matchScore): the service layer, its "
            "configuration, the analysis with evidence, the policy verdict, the rule that "
            "decided and why. Logged (personal data redacted) for replay."
        ),
        metadata=policy(Role.READER),
    )
    replay_field = strawberry.field(
        resolver=routing_replay,
        name="routingReplay",
        description=(
            "Decide the logged requests again under candidate rules (the content of "
            "routing/rules.yaml as JSON; policies default to those in force): how many "
            "decisions would change, from which layer to which, with examples."
        ),
        metadata=policy(Role.EDITOR),
    )
    return [("route", Route, route_field), ("routingReplay", RoutingReplay, replay_field)]
