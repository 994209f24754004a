"""A small persona graph built by hand, small enough to check every score on paper.

Three functions, six personas (one per line below), two groups of pain points that the
same people share across functions, three opportunities:

    ann  SALES    AUTOMATOR     manual_entry 4, rekeying 3, slow_approvals 4 | log_data 8
    bob  FINANCE  ORCHESTRATOR  manual_entry 5, rekeying 4                   | log_data 6
    cy   HR       LEARNER       manual_entry 3, rekeying 2
    dee  FINANCE  SKEPTIC       audit_gaps 5, no_trail 4                     | review_docs 9
    eve  SALES    SKEPTIC       audit_gaps 4, no_trail 5                     | review_docs 7
    fay  HR       AUTOMATOR     audit_gaps 3, no_trail 3                     | log_data 5

``capture`` addresses manual_entry and rekeying and supports log_data; ``approvals``
addresses slow_approvals; ``assistant`` supports both jobs. No opportunity addresses
audit_gaps or no_trail: a cross-functional white space.
"""

from __future__ import annotations

from typing import Any

from personagraph.seeding.plan import GraphPlan, LinkRow, NodeRow

PERSONAS = {
    "ann": ("sales_rep", "AUTOMATOR"),
    "bob": ("ap_clerk", "ORCHESTRATOR"),
    "cy": ("recruiter", "LEARNER"),
    "dee": ("ap_clerk", "SKEPTIC"),
    "eve": ("sales_rep", "SKEPTIC"),
    "fay": ("recruiter", "AUTOMATOR"),
}
ROLES = {"sales_rep": "SALES", "ap_clerk": "FINANCE", "recruiter": "HR"}
EXPERIENCES = {
    "ann": {"manual_entry": 4, "rekeying": 3, "slow_approvals": 4},
    "bob": {"manual_entry": 5, "rekeying": 4},
    "cy": {"manual_entry": 3, "rekeying": 2},
    "dee": {"audit_gaps": 5, "no_trail": 4},
    "eve": {"audit_gaps": 4, "no_trail": 5},
    "fay": {"audit_gaps": 3, "no_trail": 3},
}
PERFORMS = {
    "ann": {"log_data": 8},
    "bob": {"log_data": 6},
    "dee": {"review_docs": 9},
    "eve": {"review_docs": 7},
    "fay": {"log_data": 5},
}
OUTCOMES = {"log_fast": "log_data", "review_accurate": "review_docs"}
RATES = {  # persona -> outcome -> (importance, satisfaction)
    "ann": {"log_fast": (9, 3)},
    "bob": {"log_fast": (7, 6)},
    "dee": {"review_accurate": (8, 2)},
    "eve": {"review_accurate": (6, 7)},
}
PURSUES = {"ann": ["faster_close"], "bob": ["faster_close"], "dee": ["trust_numbers"]}
OPPORTUNITIES: dict[str, dict[str, Any]] = {
    "capture": {
        "props": {"feasibility": 0.8, "value_multiplier": 2.5, "effort_person_months": 9},
        "addresses": {"manual_entry": 0.8, "rekeying": 0.5},
        "supports": ["log_data"],
    },
    "approvals": {
        "props": {"feasibility": 0.9, "value_multiplier": 1.5, "effort_person_months": 4},
        "addresses": {"slow_approvals": 0.9},
        "supports": [],
    },
    "assistant": {
        "props": {"feasibility": 0.6, "value_multiplier": 3.0, "effort_person_months": 12},
        "addresses": {},
        "supports": ["log_data", "review_docs"],
    },
}
WEIGHTS = {"AUTOMATOR": 100, "ORCHESTRATOR": 90, "LEARNER": 50, "SKEPTIC": 20}


def _node(key: str, **props: Any) -> NodeRow:
    return NodeRow(key=key, props={"origin": "seed", **props}, hash=key)


def plan() -> GraphPlan:
    """The graph above as a plan the seed writer loads."""
    pains = sorted({pain for felt in EXPERIENCES.values() for pain in felt})
    goals = sorted({goal for wanted in PURSUES.values() for goal in wanted})
    nodes = {
        "Archetype": [_node(name, adoption_weight=w) for name, w in WEIGHTS.items()],
        "Function": [_node(f, name=f.title()) for f in sorted(set(ROLES.values()))],
        "Role": [_node(role, title=role) for role in ROLES],
        "Persona": [_node(p, name=p.title(), kind="workforce") for p in PERSONAS],
        "PainPoint": [_node(pain, text=pain.replace("_", " ")) for pain in pains],
        "Goal": [_node(goal, text=goal.replace("_", " ")) for goal in goals],
        "JTBD": [_node(job, statement=job) for job in sorted(set(OUTCOMES.values()))],
        "Outcome": [_node(outcome, statement=outcome) for outcome in OUTCOMES],
        "Opportunity": [_node(o, name=o.title(), **d["props"]) for o, d in OPPORTUNITIES.items()],
    }
    links: dict[str, list[LinkRow]] = {
        "IN_FUNCTION": [LinkRow(role, f, {}) for role, f in ROLES.items()],
        "HAS_ROLE": [LinkRow(p, role, {}) for p, (role, _) in PERSONAS.items()],
        "IS_A": [
            LinkRow(p, a, {"inferred": True, "declared": True, "confidence": 0.9})
            for p, (_, a) in PERSONAS.items()
        ],
        "EXPERIENCES": [
            LinkRow(p, pain, {"severity": s}) for p, felt in EXPERIENCES.items()
            for pain, s in felt.items()
        ],
        "PERFORMS": [
            LinkRow(p, job, {"importance": i}) for p, jobs in PERFORMS.items()
            for job, i in jobs.items()
        ],
        "RATES": [
            LinkRow(p, outcome, {"importance": i, "satisfaction": s})
            for p, rated in RATES.items() for outcome, (i, s) in rated.items()
        ],
        "PURSUES": [LinkRow(p, g, {}) for p, wanted in PURSUES.items() for g in wanted],
        "HAS_OUTCOME": [LinkRow(job, outcome, {}) for outcome, job in OUTCOMES.items()],
        "ADDRESSES": [
            LinkRow(o, pain, {"strength": s}) for o, d in OPPORTUNITIES.items()
            for pain, s in d["addresses"].items()
        ],
        "SUPPORTS": [
            LinkRow(o, job, {}) for o, d in OPPORTUNITIES.items() for job in d["supports"]
        ],
    }  # fmt: skip
    return GraphPlan(nodes=nodes, links=links)
