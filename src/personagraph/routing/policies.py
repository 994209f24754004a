"""The policy check every request goes through before any rule: findings and an action.

A policy looks for phrases (regular expressions from ``seeds/routing/policies.yaml``)
or uses a built-in detector of personal data; each finding carries the policy's
action and reason. The request's action is the strongest of its findings' (allow <
redact < block < escalate), and with it the reason of the policy that set it.

Personal data is redacted from what is kept (the audit log) whatever the policies
say: :func:`redact_request` uses every detector, configured or not.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Final

from personagraph.model.routing import Detector, PolicyAction, PolicyFile
from personagraph.routing import personal_data
from personagraph.routing.evidence import Evidence

__all__ = ["PolicyFinding", "PolicyOutcome", "PolicySet", "redact_context", "redact_request"]

NO_FINDING: Final = "no policy finding"
_DETECTOR_NAMES: Final = {
    Detector.EMAIL: "e-mail address",
    Detector.PHONE: "phone number",
    Detector.PAYMENT_CARD: "payment card number (Luhn check passed)",
    Detector.NATIONAL_ID: "national id number",
}


@dataclass(frozen=True)
class PolicyFinding:
    """One policy that fired: its id, action, reason, and what it matched."""

    policy: str
    action: PolicyAction
    reason: str
    evidence: tuple[Evidence, ...]

    def as_json(self) -> dict[str, Any]:
        return {
            "policy": self.policy,
            "action": self.action.value,
            "reason": self.reason,
            "evidence": [item.as_json() for item in self.evidence],
        }


@dataclass(frozen=True)
class PolicyOutcome:
    """The request's action, why, and every finding."""

    action: PolicyAction
    reason: str
    findings: tuple[PolicyFinding, ...]
    policy: str | None = None  # the policy whose action this is (None: allowed)

    def as_json(self) -> dict[str, Any]:
        return {
            "action": self.action.value,
            "reason": self.reason,
            "findings": [finding.as_json() for finding in self.findings],
        }


@dataclass(frozen=True)
class _Compiled:
    id: str
    action: PolicyAction
    reason: str
    pattern: re.Pattern[str] | None
    detector: Detector | None


class PolicySet:
    """The policies of one policy file, compiled once."""

    def __init__(self, file: PolicyFile) -> None:
        self.file = file
        self._policies = tuple(
            _Compiled(
                policy.id,
                policy.action,
                policy.reason,
                re.compile("|".join(f"(?:{p})" for p in policy.patterns), re.IGNORECASE)
                if policy.patterns
                else None,
                policy.detector,
            )
            for policy in file.policies
        )
        self.ids = frozenset(policy.id for policy in self._policies)

    def check(self, text: str, context: Mapping[str, Any] | None = None) -> PolicyOutcome:
        """The findings of every policy over the request and the context's texts."""
        places = [("request", text), *_context_texts(context)]
        spans = {where: personal_data.find(value) for where, value in places}
        findings = []
        for policy in self._policies:
            evidence = tuple(self._evidence(policy, places, spans))
            if evidence:
                findings.append(PolicyFinding(policy.id, policy.action, policy.reason, evidence))
        if not findings:
            return PolicyOutcome(PolicyAction.ALLOW, NO_FINDING, ())
        strongest = max(findings, key=lambda finding: finding.action.strength)
        return PolicyOutcome(strongest.action, strongest.reason, tuple(findings), strongest.policy)

    @staticmethod
    def _evidence(
        policy: _Compiled,
        places: list[tuple[str, str]],
        spans: dict[str, list[personal_data.Span]],
    ) -> Iterator[Evidence]:
        for where, value in places:
            if policy.pattern is not None:
                matched = tuple(
                    dict.fromkeys(m.group(0).lower() for m in policy.pattern.finditer(value))
                )
                if matched:
                    # A phrase can wrap personal data ("my number is …"): never quote it.
                    quoted = tuple(redact_request(phrase) for phrase in matched)
                    yield Evidence(f"phrases in the {where}", quoted, float(len(matched)))
            elif policy.detector is not None:
                found = [span for span in spans[where] if span.kind is policy.detector]
                if found:
                    placeholder = personal_data.PLACEHOLDERS[policy.detector]
                    signal = f"{_DETECTOR_NAMES[policy.detector]} in the {where}"
                    yield Evidence(signal, (placeholder,) * len(found), float(len(found)))


def _context_texts(
    context: Mapping[str, Any] | None, prefix: str = "context"
) -> list[tuple[str, str]]:
    texts: list[tuple[str, str]] = []
    for key, value in (context or {}).items():
        where = f"{prefix}.{key}"
        if isinstance(value, str):
            texts.append((where, value))
        elif isinstance(value, Mapping):
            texts.extend(_context_texts(value, where))
        elif isinstance(value, list):
            texts.extend((f"{where}[{i}]", v) for i, v in enumerate(value) if isinstance(v, str))
    return texts


def redact_request(text: str) -> str:
    """``text`` with every kind of personal data replaced by its placeholder."""
    return personal_data.redact(text, personal_data.find(text))


def redact_context(value: Any) -> Any:
    """A JSON value with personal data redacted from every string inside it."""
    if isinstance(value, str):
        return redact_request(value)
    if isinstance(value, Mapping):
        return {redact_request(str(key)): redact_context(item) for key, item in value.items()}
    if isinstance(value, list):
        return [redact_context(item) for item in value]
    return value
