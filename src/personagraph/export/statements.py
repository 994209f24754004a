"""The Cypher statements the relational export reads with, per label and relationship type.

Spelled out, not assembled: labels and types reach Cypher only through these files,
and every name can be found in the code (a test checks each file under cypher/ is
used, and a unit test that every table of the mapping has its statement).
"""

from __future__ import annotations

from typing import Final

NODES: Final[dict[str, str]] = {
    "Function": "export/nodes_function",
    "Role": "export/nodes_role",
    "Persona": "export/nodes_persona",
    "Archetype": "export/nodes_archetype",
    "JTBD": "export/nodes_jtbd",
    "Outcome": "export/nodes_outcome",
    "PainPoint": "export/nodes_pain_point",
    "Goal": "export/nodes_goal",
    "Challenge": "export/nodes_challenge",
    "Motivation": "export/nodes_motivation",
    "Frustration": "export/nodes_frustration",
    "Responsibility": "export/nodes_responsibility",
    "Skill": "export/nodes_skill",
    "Stakeholder": "export/nodes_stakeholder",
    "Activity": "export/nodes_activity",
    "Opportunity": "export/nodes_opportunity",
    "ServiceLayer": "export/nodes_service_layer",
    "ScoringRun": "export/nodes_scoring_run",
    "ArchetypeMigration": "export/nodes_archetype_migration",
    "AuditEvent": "export/nodes_audit_event",
    "Subject": "export/nodes_subject",
    "Assignment": "export/nodes_assignment",
    "AnalysisRun": "export/nodes_analysis_run",
    "PainCluster": "export/nodes_pain_cluster",
    "RoutingRule": "export/nodes_routing_rule",
    "RoutingRuleSet": "export/nodes_routing_rule_set",
    "RoutingDecision": "export/nodes_routing_decision",
    "SchemaMigration": "export/nodes_schema_migration",
}

LINKS: Final[dict[str, str]] = {
    "IN_FUNCTION": "export/links_in_function",
    "HAS_ROLE": "export/links_has_role",
    "IS_A": "export/links_is_a",
    "EXPERIENCES": "export/links_experiences",
    "PURSUES": "export/links_pursues",
    "FACES": "export/links_faces",
    "MOTIVATED_BY": "export/links_motivated_by",
    "FRUSTRATED_BY": "export/links_frustrated_by",
    "HAS_SKILL": "export/links_has_skill",
    "RESPONSIBLE_FOR": "export/links_responsible_for",
    "WORKS_WITH": "export/links_works_with",
    "SPENDS_TIME": "export/links_spends_time",
    "PERFORMS": "export/links_performs",
    "HAS_OUTCOME": "export/links_has_outcome",
    "RATES": "export/links_rates",
    "PREFERS": "export/links_prefers",
    "ADDRESSES": "export/links_addresses",
    "SUPPORTS": "export/links_supports",
    "DELIVERED_VIA": "export/links_delivered_via",
    "SCORED": "export/links_scored",
    "SIMILAR_TO": "export/links_similar_to",
    "OF": "export/links_of",
    "CREATED_FROM": "export/links_created_from",
    "CONCERNS": "export/links_concerns",
    "HAS_ASSIGNMENT": "export/links_has_assignment",
    "PRIMARY": "export/links_primary",
    "SECONDARY": "export/links_secondary",
    "FOUND": "export/links_found",
    "GROUPS": "export/links_groups",
    "FOR_PERSONA": "export/links_for_persona",
}

FUNCTION_ATTRIBUTES: Final = "export/function_attributes"
FUNCTION_KEYS: Final = "export/function_keys"
NODE_COUNTS: Final = "export/node_counts"
RELATIONSHIP_COUNTS: Final = "export/relationship_counts"
