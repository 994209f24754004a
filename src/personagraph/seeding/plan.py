"""From a validated catalog to the graph it describes (enrich + infer), as plain rows.

Nothing here touches the database. Every node row carries a ``content_hash`` of
its properties and of the relationships it owns (its outgoing links), so the
writer can tell created, updated and unchanged nodes apart and write only what
changed. Shared texts (pain points, goals, …) become one node per
:func:`normalize_key`; the first spelling met, in file order, names the node.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from personagraph.inference.archetype import (
    DEFAULT_WEIGHTS,
    ArchetypeInference,
    InferenceWeights,
    PersonaSignals,
    compare_archetypes,
    infer_archetype,
)
from personagraph.inference.archetype_migration import inputs_snapshot
from personagraph.model.catalog import Catalog, FunctionFile, Persona, normalize_key
from personagraph.model.routing import RoutingFiles
from personagraph.model.templates import AssistantTemplate
from personagraph.routing.rules import rules_version

Props = dict[str, Any]


@dataclass(frozen=True)
class NodeRow:
    """One node: its key value, properties, and the hash of everything it owns."""

    key: str
    props: Props
    hash: str


@dataclass(frozen=True)
class LinkRow:
    """One relationship from an owner node to a target node, with its properties."""

    source: str
    target: str
    props: Props


@dataclass
class GraphPlan:
    """Every node (per label) and relationship (per type) a catalog describes."""

    nodes: dict[str, list[NodeRow]] = field(default_factory=dict)
    links: dict[str, list[LinkRow]] = field(default_factory=dict)
    mismatches: list[str] = field(default_factory=list)
    review_queue: list[str] = field(default_factory=list)

    def node_count(self) -> int:
        return sum(len(rows) for rows in self.nodes.values())

    def link_count(self) -> int:
        return sum(len(rows) for rows in self.links.values())


class _Builder:
    """Accumulates rows; shared nodes are kept once, by key, first spelling wins."""

    def __init__(self) -> None:
        self.nodes: dict[str, dict[str, Props]] = {}
        self.owned: dict[tuple[str, str], list[tuple[str, LinkRow]]] = {}

    def node(self, label: str, key: str, props: Props) -> str:
        self.nodes.setdefault(label, {}).setdefault(key, props)
        return key

    def link(self, owner: tuple[str, str], rel_type: str, target: str, props: Props) -> None:
        row = LinkRow(source=owner[1], target=target, props=props)
        self.owned.setdefault(owner, []).append((rel_type, row))

    def build(self) -> GraphPlan:
        plan = GraphPlan()
        for label in sorted(self.nodes):
            rows = []
            for key, own_props in sorted(self.nodes[label].items()):
                # Marks what the catalog owns: a later load may retire it, never a user's node.
                props = {**own_props, "origin": "seed", "is_active": True}
                links = self.owned.get((label, key), [])
                rows.append(NodeRow(key=key, props=props, hash=_content_hash(props, links)))
            plan.nodes[label] = rows
        for (_, _), links in sorted(self.owned.items()):
            for rel_type, row in links:
                plan.links.setdefault(rel_type, []).append(row)
        return plan


def plan_catalog(catalog: Catalog, weights: InferenceWeights | None = None) -> GraphPlan:
    """The graph of ``catalog``, with archetypes inferred for every persona."""
    builder = _Builder()
    _libraries(builder, catalog)
    inferences: list[tuple[Persona, ArchetypeInference]] = []
    for function in catalog.functions:
        _function(builder, function)
        for persona in function.personas:
            signals = persona_signals(persona)
            inference = infer_archetype(signals, weights or DEFAULT_WEIGHTS)
            inferences.append((persona, inference))
            inputs = inputs_snapshot(signals, weights or DEFAULT_WEIGHTS)
            _persona(builder, persona, inference, inputs)
    _opportunities(builder, catalog)
    if catalog.routing is not None:
        _routing(builder, catalog.routing)
    _templates(builder, catalog)
    plan = builder.build()
    for persona, inference in inferences:
        if compare_archetypes(persona.archetype, inference).mismatch:
            plan.mismatches.append(persona.id)
        # The same queue `personagraph personas review` lists: unsure or disagreeing.
        if inference.requires_review or persona.id in plan.mismatches:
            plan.review_queue.append(persona.id)
    return plan


def plan_persona(persona: Persona, weights: InferenceWeights | None = None) -> GraphPlan:
    """The graph of one persona (its node, facet nodes and links), archetype inferred:
    what a persona made from a workforce template writes."""
    builder = _Builder()
    signals = persona_signals(persona)
    inference = infer_archetype(signals, weights or DEFAULT_WEIGHTS)
    _persona(builder, persona, inference, inputs_snapshot(signals, weights or DEFAULT_WEIGHTS))
    return builder.build()


def _libraries(builder: _Builder, catalog: Catalog) -> None:
    for archetype in catalog.archetypes.archetypes:
        builder.node("Archetype", archetype.name.value, archetype.model_dump(mode="json"))
    for layer in catalog.service_layers.service_layers:
        builder.node("ServiceLayer", layer.name.value, layer.model_dump(mode="json"))
    for job in catalog.jtbds.jtbds:
        builder.node(
            "JTBD", job.key, {"key": job.key, "statement": job.statement, "category": job.category}
        )
        for outcome in job.outcomes:
            builder.node("Outcome", outcome.key, outcome.model_dump(mode="json"))
            builder.link(("JTBD", job.key), "HAS_OUTCOME", outcome.key, {})


def _function(builder: _Builder, function: FunctionFile) -> None:
    builder.node(
        "Function",
        function.key,
        {"key": function.key, "name": function.name, "description": function.description},
    )
    for role in function.roles:
        builder.node("Role", role.key, role.model_dump(mode="json"))
        builder.link(("Role", role.key), "IN_FUNCTION", function.key, {})


def persona_signals(persona: Persona) -> PersonaSignals:
    """Returns: what archetype inference reads of a catalog persona."""
    return PersonaSignals(
        **persona.attributes.model_dump(),
        goals=tuple(goal.text for goal in persona.goals),
        pain_points=tuple(pain.text for pain in persona.pain_points),
    )


def _persona(
    builder: _Builder, persona: Persona, inference: ArchetypeInference, inputs: Props
) -> None:
    owner = ("Persona", persona.id)
    props = _persona_props(persona, inference)
    # What this inference read: a later load compares with it to name what caused a
    # migration (inference/archetype_migration.py).
    props["inference_inputs"] = json.dumps(inputs, sort_keys=True)
    builder.node("Persona", persona.id, props)
    builder.link(owner, "HAS_ROLE", persona.role, {})
    _archetype_links(builder, owner, persona, inference)
    for pain in persona.pain_points:
        target = builder.node(
            "PainPoint", pain.key, _text_props(pain.key, pain.text, pain.category)
        )
        builder.link(
            owner, "EXPERIENCES", target, {"severity": pain.severity, "frequency": pain.frequency}
        )
    for goal in persona.goals:
        target = builder.node("Goal", goal.key, _text_props(goal.key, goal.text))
        builder.link(owner, "PURSUES", target, {"priority": goal.priority})
    for label, rel_type, texts in (
        ("Challenge", "FACES", persona.challenges),
        ("Motivation", "MOTIVATED_BY", persona.motivations),
        ("Frustration", "FRUSTRATED_BY", persona.frustrations),
        ("Responsibility", "RESPONSIBLE_FOR", persona.responsibilities),
    ):
        for text in texts:
            builder.link(
                owner,
                rel_type,
                builder.node(label, normalize_key(text), _text_props(normalize_key(text), text)),
                {},
            )
    _named_links(builder, owner, persona)
    _job_links(builder, owner, persona)


def _archetype_links(
    builder: _Builder, owner: tuple[str, str], persona: Persona, inference: ArchetypeInference
) -> None:
    declared, inferred = persona.archetype.value, inference.archetype.value
    for archetype in sorted({declared, inferred}):
        is_inferred = archetype == inferred
        builder.link(owner, "IS_A", archetype, {
            "declared": archetype == declared,
            "inferred": is_inferred,
            "confidence": inference.confidence if is_inferred else None,
            "overridden": False,
        })  # fmt: skip


def _named_links(builder: _Builder, owner: tuple[str, str], persona: Persona) -> None:
    for skill in persona.skills:
        target = builder.node("Skill", normalize_key(skill.name), _name_props(skill.name))
        builder.link(owner, "HAS_SKILL", target, {"level": skill.level})
    for stakeholder in persona.stakeholders:
        target = builder.node(
            "Stakeholder", normalize_key(stakeholder.name), _name_props(stakeholder.name)
        )
        builder.link(owner, "WORKS_WITH", target, {"frequency": stakeholder.frequency})
    for activity in persona.activities:
        target = builder.node("Activity", normalize_key(activity.name), _name_props(activity.name))
        builder.link(owner, "SPENDS_TIME", target, {"percent": activity.percent})
    for preference in persona.service_layers:
        builder.link(owner, "PREFERS", preference.layer.value, {"weight": preference.weight})


def _job_links(builder: _Builder, owner: tuple[str, str], persona: Persona) -> None:
    for job in persona.jtbds:
        builder.link(
            owner, "PERFORMS", job.key, {"importance": job.importance, "frequency": job.frequency}
        )
        for rating in job.outcome_ratings:
            builder.link(
                owner,
                "RATES",
                rating.outcome,
                {"importance": rating.importance, "satisfaction": rating.satisfaction},
            )


def _opportunities(builder: _Builder, catalog: Catalog) -> None:
    for opportunity in catalog.opportunities.opportunities:
        owner = ("Opportunity", opportunity.key)
        props = opportunity.model_dump(
            mode="json", exclude={"addresses", "supports", "delivered_via"}
        )
        builder.node("Opportunity", opportunity.key, props)
        for link in opportunity.addresses:
            builder.link(owner, "ADDRESSES", link.key, {"strength": link.strength})
        for job in opportunity.supports:
            builder.link(owner, "SUPPORTS", job, {})
        for layer in opportunity.delivered_via:
            builder.link(owner, "DELIVERED_VIA", layer.value, {})


def _routing(builder: _Builder, routing: RoutingFiles) -> None:
    """The rules and overrides, and the rule set they belong to (the routing version).

    A new version retires the one before (the loader retires what the catalog no longer
    holds), so the active RoutingRuleSet is the one in force and the others are history.
    """
    rules, policies = routing.rules, routing.policies
    for rule in rules.rules:
        builder.node("RoutingRule", rule.id, {
            "id": rule.id, "kind": "rule", "description": rule.description,
            "priority": rule.priority,
            "conditions": json.dumps(rule.when.given(), sort_keys=True),
            "service_layer": rule.route.service_layer.value,
            "configuration": rule.route.configuration.model_dump_json(),
        })  # fmt: skip
    for override in rules.overrides:
        changes = override.set.given()
        builder.node("RoutingRule", override.id, {
            "id": override.id, "kind": "override", "description": override.description,
            "priority": override.priority,
            "conditions": json.dumps(override.when.given(), sort_keys=True),
            "service_layer": changes.pop("service_layer", None),
            "configuration": json.dumps(changes, sort_keys=True),
        })  # fmt: skip
    version = rules_version(rules, policies)
    builder.node("RoutingRuleSet", version, {
        "id": version,
        "rules": rules.model_dump_json(),
        "policies": policies.model_dump_json(),
        "rule_count": len(rules.rules),
        "override_count": len(rules.overrides),
        "policy_count": len(policies.policies),
    })  # fmt: skip


def _templates(builder: _Builder, catalog: Catalog) -> None:
    starts: dict[tuple[str, str], Persona] = {}
    for _, persona in catalog.personas():
        starts.setdefault((persona.role, persona.archetype.value), persona)
    for template in catalog.templates:
        props = template.model_dump(mode="json", exclude_none=True)
        if isinstance(template, AssistantTemplate):
            props["default_settings"] = json.dumps(props["default_settings"], sort_keys=True)
        else:
            props["blueprints"] = json.dumps(_blueprints(starts, template.role), sort_keys=True)
            builder.link(("Template", template.key), "FOR_ROLE", template.role, {})
        builder.node("Template", template.key, props)


def _blueprints(starts: dict[tuple[str, str], Persona], role: str) -> dict[str, Props]:
    """Per archetype, the catalog persona of ``role`` a new one starts from (no id, name)."""
    return {
        archetype: persona.model_dump(mode="json", exclude={"id", "name"})
        for (persona_role, archetype), persona in sorted(starts.items())
        if persona_role == role
    }


def _persona_props(persona: Persona, inference: ArchetypeInference) -> Props:
    return {
        "id": persona.id,
        "kind": "workforce",
        "origin": "seed",
        "name": persona.name,
        "title": persona.title,
        "tagline": persona.tagline,
        "archetype": persona.archetype.value,
        **persona.attributes.model_dump(),
        **inference.graph_properties(),
        "archetype_mismatch": compare_archetypes(persona.archetype, inference).mismatch,
        # Neo4j properties cannot hold maps; the export expands this into its own table.
        "function_attributes": json.dumps(persona.function_attributes, sort_keys=True),
        "is_active": True,
    }


def _text_props(key: str, text: str, category: str | None = None) -> Props:
    props: Props = {"key": key, "text": text}
    if category is not None:
        props["category"] = category
    return props


def _name_props(name: str) -> Props:
    return {"key": normalize_key(name), "name": name}


def _content_hash(props: Props, links: Iterable[tuple[str, LinkRow]]) -> str:
    owned = sorted(
        (rel_type, row.target, json.dumps(row.props, sort_keys=True)) for rel_type, row in links
    )
    payload = json.dumps([props, owned], sort_keys=True, default=str)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:32]
