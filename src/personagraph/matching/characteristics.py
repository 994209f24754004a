"""A persona's characteristic text: who it is and what it is for, in one paragraph.

Built from its name, tagline, specialty, expertise and system prompt, and the text of
its pain points, goals and jobs (each list sorted, so that the same persona always
gives the same text: a changed text is how a change is noticed).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class PersonaFacts:
    """What a persona's characteristic text is made of."""

    id: str
    name: str | None = None
    tagline: str | None = None
    specialty: str | None = None
    expertise: tuple[str, ...] = ()
    system_prompt: str | None = None
    pains: tuple[str, ...] = ()
    goals: tuple[str, ...] = ()
    jobs: tuple[str, ...] = ()

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> PersonaFacts:
        """From a row of ``read/matching/persona_facts`` (lists in any order)."""
        expertise = row.get("expertise")
        if isinstance(expertise, str):
            expertise = [expertise]
        return cls(
            id=row["id"],
            name=row.get("name"),
            tagline=row.get("tagline"),
            specialty=row.get("specialty"),
            expertise=_texts(expertise),
            system_prompt=row.get("system_prompt"),
            pains=_texts(row.get("pains")),
            goals=_texts(row.get("goals")),
            jobs=_texts(row.get("jobs")),
        )


def _texts(values: Sequence[Any] | None) -> tuple[str, ...]:
    return tuple(sorted({str(value).strip() for value in values or () if str(value).strip()}))


def characteristic_text(facts: PersonaFacts) -> str:
    """The persona's characteristic text (empty parts left out)."""
    lines = [
        facts.name or facts.id,
        facts.tagline or "",
        f"Specialty: {facts.specialty}" if facts.specialty else "",
        f"Expertise: {', '.join(facts.expertise)}." if facts.expertise else "",
        (facts.system_prompt or "").strip(),
        f"Pains: {'; '.join(facts.pains)}." if facts.pains else "",
        f"Goals: {'; '.join(facts.goals)}." if facts.goals else "",
        f"Jobs: {'; '.join(facts.jobs)}." if facts.jobs else "",
    ]
    return "\n".join(line for line in lines if line)
