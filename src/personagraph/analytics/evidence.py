"""Every path from a persona to an opportunity, one by one: what the notebooks split
reach by (``personagraph.notebook.evidence_frame``) and what a reference computation of
the scores starts from. A scoring run does not read these paths: it sums them inside
Neo4j (:mod:`personagraph.analytics.scoring`)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from personagraph.analytics import formulas
from personagraph.model.archetype import Archetype
from personagraph.store import Store


@dataclass(frozen=True)
class EvidencePath:
    """One way a persona reaches an opportunity: through a pain point it experiences
    (``kind`` ``pain``, with its ``(severity, strength)``) or a JTBD it performs (``job``,
    with its ratings ``(importance, satisfaction)`` of the job's outcomes), and the
    ``weight`` scoring gives the path."""

    opportunity: str
    persona: str
    archetype: Archetype
    function: str | None
    kind: str
    item: str
    weight: float
    pain: tuple[float, float] | None = None
    ratings: tuple[tuple[float, float], ...] = ()


def evidence_paths(
    store: Store,
    opportunities: list[dict[str, Any]] | None = None,
    personas: list[str] | None = None,
) -> Iterator[EvidencePath]:
    """Every path from a persona (all active ones, or those listed) to an active
    opportunity, by persona id, then pain points before JTBDs, each by key.

    Args:
        store: the database.
        opportunities: the rows of ``analytics/opportunities``, when already read.
        personas: persona ids to keep; None for all.
    """
    if opportunities is None:
        opportunities = store.read("analytics/opportunities")
    addressing: dict[str, list[tuple[str, float]]] = defaultdict(list)
    supporting: dict[str, list[str]] = defaultdict(list)
    for row in opportunities:
        for pain, strength in row["addresses"]:
            addressing[pain].append((row["key"], float(strength)))
        for job in row["supports"]:
            supporting[job].append(row["key"])
    for row in store.read("analytics/opportunity_evidence", personas=personas):
        persona, archetype = row["persona"], Archetype(row["archetype"])
        function = row["function"][0] if row["function"] else None
        for pain, severity in row["pains"]:
            for opportunity, strength in addressing[pain]:
                weight = formulas.pain_weight(severity, strength)
                yield EvidencePath(
                    opportunity,
                    persona,
                    archetype,
                    function,
                    "pain",
                    pain,
                    weight,
                    pain=(float(severity), strength),
                )
        for job, importance, ratings in row["jobs"]:
            rated = tuple((float(i), float(s)) for i, s in ratings)
            weight = formulas.job_weight(importance)
            for opportunity in supporting[job]:
                yield EvidencePath(
                    opportunity, persona, archetype, function, "job", job, weight, ratings=rated
                )
