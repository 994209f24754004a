"""The Cypher statements a seed load runs, per label and relationship type.

Spelled out, not assembled: labels and types reach Cypher only through this
fixed table, and every name can be found in the code (a test checks each file
under cypher/ is used).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class NodeStatements:
    """Reading the stored hashes of a label, creating or updating its nodes, and
    retiring the seeded ones that left the catalog."""

    hashes: str
    upsert: str
    retire: str


@dataclass(frozen=True)
class LinkStatements:
    """Creating links of one type, and the label whose nodes own them."""

    owner: str
    create: str


NODES: dict[str, NodeStatements] = {
    "Activity": NodeStatements(
        "read/seed/activity_hashes", "write/seed/upsert_activity", "write/seed/retire_activity"
    ),
    "Archetype": NodeStatements(
        "read/seed/archetype_hashes", "write/seed/upsert_archetype", "write/seed/retire_archetype"
    ),
    "Challenge": NodeStatements(
        "read/seed/challenge_hashes", "write/seed/upsert_challenge", "write/seed/retire_challenge"
    ),
    "Frustration": NodeStatements(
        "read/seed/frustration_hashes",
        "write/seed/upsert_frustration",
        "write/seed/retire_frustration",
    ),
    "Function": NodeStatements(
        "read/seed/function_hashes", "write/seed/upsert_function", "write/seed/retire_function"
    ),
    "Goal": NodeStatements(
        "read/seed/goal_hashes", "write/seed/upsert_goal", "write/seed/retire_goal"
    ),
    "JTBD": NodeStatements(
        "read/seed/jtbd_hashes", "write/seed/upsert_jtbd", "write/seed/retire_jtbd"
    ),
    "Motivation": NodeStatements(
        "read/seed/motivation_hashes",
        "write/seed/upsert_motivation",
        "write/seed/retire_motivation",
    ),
    "Opportunity": NodeStatements(
        "read/seed/opportunity_hashes",
        "write/seed/upsert_opportunity",
        "write/seed/retire_opportunity",
    ),
    "Outcome": NodeStatements(
        "read/seed/outcome_hashes", "write/seed/upsert_outcome", "write/seed/retire_outcome"
    ),
    "PainPoint": NodeStatements(
        "read/seed/pain_point_hashes",
        "write/seed/upsert_pain_point",
        "write/seed/retire_pain_point",
    ),
    "Persona": NodeStatements(
        "read/seed/persona_hashes", "write/seed/upsert_persona", "write/seed/retire_persona"
    ),
    "Responsibility": NodeStatements(
        "read/seed/responsibility_hashes",
        "write/seed/upsert_responsibility",
        "write/seed/retire_responsibility",
    ),
    "Role": NodeStatements(
        "read/seed/role_hashes", "write/seed/upsert_role", "write/seed/retire_role"
    ),
    "ServiceLayer": NodeStatements(
        "read/seed/service_layer_hashes",
        "write/seed/upsert_service_layer",
        "write/seed/retire_service_layer",
    ),
    "RoutingRule": NodeStatements(
        "read/seed/routing_rule_hashes",
        "write/seed/upsert_routing_rule",
        "write/seed/retire_routing_rule",
    ),
    "RoutingRuleSet": NodeStatements(
        "read/seed/routing_rule_set_hashes",
        "write/seed/upsert_routing_rule_set",
        "write/seed/retire_routing_rule_set",
    ),
    "Skill": NodeStatements(
        "read/seed/skill_hashes", "write/seed/upsert_skill", "write/seed/retire_skill"
    ),
    "Stakeholder": NodeStatements(
        "read/seed/stakeholder_hashes",
        "write/seed/upsert_stakeholder",
        "write/seed/retire_stakeholder",
    ),
    "Template": NodeStatements(
        "read/seed/template_hashes", "write/seed/upsert_template", "write/seed/retire_template"
    ),
}

# Clearing the links a changed owner has, before its new links are created.
CLEAR_LINKS: dict[str, str] = {
    "Persona": "write/seed/clear_persona_links",
    "Opportunity": "write/seed/clear_opportunity_links",
    "Role": "write/seed/clear_role_links",
    "JTBD": "write/seed/clear_jtbd_links",
    "Template": "write/seed/clear_template_links",
}

LINKS: dict[str, LinkStatements] = {
    "HAS_OUTCOME": LinkStatements("JTBD", "write/seed/link_has_outcome"),
    "IN_FUNCTION": LinkStatements("Role", "write/seed/link_in_function"),
    "ADDRESSES": LinkStatements("Opportunity", "write/seed/link_addresses"),
    "SUPPORTS": LinkStatements("Opportunity", "write/seed/link_supports"),
    "DELIVERED_VIA": LinkStatements("Opportunity", "write/seed/link_delivered_via"),
    "HAS_ROLE": LinkStatements("Persona", "write/seed/link_has_role"),
    "IS_A": LinkStatements("Persona", "write/seed/link_is_a"),
    "EXPERIENCES": LinkStatements("Persona", "write/seed/link_experiences"),
    "PURSUES": LinkStatements("Persona", "write/seed/link_pursues"),
    "FACES": LinkStatements("Persona", "write/seed/link_faces"),
    "MOTIVATED_BY": LinkStatements("Persona", "write/seed/link_motivated_by"),
    "FRUSTRATED_BY": LinkStatements("Persona", "write/seed/link_frustrated_by"),
    "RESPONSIBLE_FOR": LinkStatements("Persona", "write/seed/link_responsible_for"),
    "HAS_SKILL": LinkStatements("Persona", "write/seed/link_has_skill"),
    "WORKS_WITH": LinkStatements("Persona", "write/seed/link_works_with"),
    "SPENDS_TIME": LinkStatements("Persona", "write/seed/link_spends_time"),
    "PREFERS": LinkStatements("Persona", "write/seed/link_prefers"),
    "PERFORMS": LinkStatements("Persona", "write/seed/link_performs"),
    "RATES": LinkStatements("Persona", "write/seed/link_rates"),
    "FOR_ROLE": LinkStatements("Template", "write/seed/link_for_role"),
}
