"""The audit record of a decision: what is kept of a routed request, personal data redacted.

The request and every string of its context go through every personal-data detector
(whatever the policies say), and so does all quoted evidence; what is kept is enough
to replay the decision under another rule set (:mod:`.replay`): the persona's facts as
they were, the redacted request and context, and what was decided by which version.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from personagraph.routing.decision import Decision
from personagraph.routing.policies import redact_context, redact_request

__all__ = ["audit_row"]


def audit_row(
    decision: Decision,
    text: str,
    context: Mapping[str, Any] | None,
    decided_at: datetime,
    decision_ms: float,
    decision_id: str | None = None,
) -> dict[str, Any]:
    """The row ``write/routing/record_decisions`` takes: ``id``, ``persona_id``, ``props``."""
    analysis = decision.analysis
    persona = decision.persona
    decision_id = decision_id or uuid.uuid4().hex
    props: dict[str, Any] = {
        "id": decision_id,
        "decided_at": decided_at,
        "persona_id": persona.id,
        "archetype": persona.archetype,
        "function": persona.function,
        "role": persona.role,
        "request": redact_request(text),
        "context": json.dumps(redact_context(dict(context or {})), sort_keys=True),
        "request_type": analysis.request_type.value,
        "complexity": analysis.complexity.value,
        "sentiment": analysis.sentiment.value,
        "sentiment_score": analysis.sentiment.score,
        "policy_action": analysis.policy.action.value,
        "findings": [finding.policy for finding in analysis.policy.findings],
        "service_layer": decision.service_layer.value,
        "configuration": decision.configuration.model_dump_json(),
        "rule_id": decision.rule.id,
        "rule_kind": decision.rule.kind,
        "overrides": list(decision.rule.overrides),
        "rules_version": decision.rules_version,
        "decision_ms": round(decision_ms, 4),
    }
    return {"id": decision_id, "persona_id": persona.id, "props": props}
