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
    "Template": "export/nodes_template",
    "PersonaVersion": "export/nodes_persona_version",
    "MetricBucket": "export/nodes_metric_bucket",
    "PersonaConfiguration": "export/nodes_persona_configuration",
    "SchemaMigration": "export/nodes_schema_migration",
}

# Keyed by relationship type and target label: CREATED_FROM ends at a Persona or a Template.
LINKS: Final[dict[tuple[str, str], str]] = {
    ("IN_FUNCTION", "Function"): "export/links_in_function",
    ("HAS_ROLE", "Role"): "export/links_has_role",
    ("IS_A", "Archetype"): "export/links_is_a",
    ("EXPERIENCES", "PainPoint"): "export/links_experiences",
    ("PURSUES", "Goal"): "export/links_pursues",
    ("FACES", "Challenge"): "export/links_faces",
    ("MOTIVATED_BY", "Motivation"): "export/links_motivated_by",
    ("FRUSTRATED_BY", "Frustration"): "export/links_frustrated_by",
    ("HAS_SKILL", "Skill"): "export/links_has_skill",
    ("RESPONSIBLE_FOR", "Responsibility"): "export/links_responsible_for",
    ("WORKS_WITH", "Stakeholder"): "export/links_works_with",
    ("SPENDS_TIME", "Activity"): "export/links_spends_time",
    ("PERFORMS", "JTBD"): "export/links_performs",
    ("HAS_OUTCOME", "Outcome"): "export/links_has_outcome",
    ("RATES", "Outcome"): "export/links_rates",
    ("PREFERS", "ServiceLayer"): "export/links_prefers",
    ("ADDRESSES", "PainPoint"): "export/links_addresses",
    ("SUPPORTS", "JTBD"): "export/links_supports",
    ("DELIVERED_VIA", "ServiceLayer"): "export/links_delivered_via",
    ("SCORED", "Opportunity"): "export/links_scored",
    ("SIMILAR_TO", "Persona"): "export/links_similar_to",
    ("OF", "Persona"): "export/links_of",
    ("CREATED_FROM", "Persona"): "export/links_created_from",
    ("CONCERNS", "Persona"): "export/links_concerns",
    ("HAS_ASSIGNMENT", "Assignment"): "export/links_has_assignment",
    ("PRIMARY", "Persona"): "export/links_primary",
    ("SECONDARY", "Persona"): "export/links_secondary",
    ("FOUND", "PainCluster"): "export/links_found",
    ("GROUPS", "PainPoint"): "export/links_groups",
    ("CREATED_FROM", "Template"): "export/links_created_from_template",
    ("FOR_ROLE", "Role"): "export/links_for_role",
    ("VERSION_OF", "Persona"): "export/links_version_of",
    ("MEASURES", "Persona"): "export/links_measures",
    ("CONFIGURES", "Persona"): "export/links_configures",
    ("FOR_PERSONA", "Persona"): "export/links_for_persona",
}

FUNCTION_ATTRIBUTES: Final = "export/function_attributes"
FUNCTION_KEYS: Final = "export/function_keys"
NODE_COUNTS: Final = "export/node_counts"
RELATIONSHIP_COUNTS: Final = "export/relationship_counts"
PERSONA_KINDS: Final = "export/persona_kinds"
PERSONA_LINK_COUNTS: Final = "export/persona_link_counts"
FUNCTION_PERSONA_COUNTS: Final = "export/function_persona_counts"
