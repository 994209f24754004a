"""LOAD CSV statements of the seed-load benchmark's baseline, per label and type."""

from __future__ import annotations

NODES: dict[str, str] = {
    "Activity": "bench/load_csv/nodes_activity",
    "Archetype": "bench/load_csv/nodes_archetype",
    "Challenge": "bench/load_csv/nodes_challenge",
    "Frustration": "bench/load_csv/nodes_frustration",
    "Function": "bench/load_csv/nodes_function",
    "Goal": "bench/load_csv/nodes_goal",
    "JTBD": "bench/load_csv/nodes_jtbd",
    "Motivation": "bench/load_csv/nodes_motivation",
    "Opportunity": "bench/load_csv/nodes_opportunity",
    "Outcome": "bench/load_csv/nodes_outcome",
    "PainPoint": "bench/load_csv/nodes_pain_point",
    "Persona": "bench/load_csv/nodes_persona",
    "Responsibility": "bench/load_csv/nodes_responsibility",
    "Role": "bench/load_csv/nodes_role",
    "ServiceLayer": "bench/load_csv/nodes_service_layer",
    "Skill": "bench/load_csv/nodes_skill",
    "Stakeholder": "bench/load_csv/nodes_stakeholder",
}

LINKS: dict[str, str] = {
    "HAS_OUTCOME": "bench/load_csv/links_has_outcome",
    "IN_FUNCTION": "bench/load_csv/links_in_function",
    "HAS_ROLE": "bench/load_csv/links_has_role",
    "IS_A": "bench/load_csv/links_is_a",
    "EXPERIENCES": "bench/load_csv/links_experiences",
    "PURSUES": "bench/load_csv/links_pursues",
    "FACES": "bench/load_csv/links_faces",
    "MOTIVATED_BY": "bench/load_csv/links_motivated_by",
    "FRUSTRATED_BY": "bench/load_csv/links_frustrated_by",
    "RESPONSIBLE_FOR": "bench/load_csv/links_responsible_for",
    "HAS_SKILL": "bench/load_csv/links_has_skill",
    "WORKS_WITH": "bench/load_csv/links_works_with",
    "SPENDS_TIME": "bench/load_csv/links_spends_time",
    "PREFERS": "bench/load_csv/links_prefers",
    "PERFORMS": "bench/load_csv/links_performs",
    "RATES": "bench/load_csv/links_rates",
    "ADDRESSES": "bench/load_csv/links_addresses",
    "SUPPORTS": "bench/load_csv/links_supports",
    "DELIVERED_VIA": "bench/load_csv/links_delivered_via",
}
