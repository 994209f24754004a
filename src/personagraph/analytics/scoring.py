"""An opportunity-scoring run: sums inside Neo4j, reach from GDS for a segment, the run
written back to the graph.

Everything that grows with the catalog happens in the database: one statement sums every
persona's links per opportunity (split by archetype and function, with the parts of
impact) and ranks each opportunity's pain points, JTBDs and functions; another ranks each
opportunity's personas. Only one row per opportunity, with its top contributors, comes
back. Reach is the summed weight of those links (the weighted in-degree of the
Persona→Opportunity graph) for the whole population, and GDS personalised PageRank from
the segment's personas for a segment (:mod:`.segment_reach`). Sub-scores come from
:mod:`.formulas`; each run is one ``ScoringRun`` node with one ``SCORED`` link per
opportunity, written in one transaction in batches.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from personagraph.analytics import explanation as explaining
from personagraph.analytics import formulas
from personagraph.analytics.explanation import Contribution, Explanation, ReachParts
from personagraph.analytics.progress import Progress, Steps
from personagraph.analytics.segment import Segment
from personagraph.analytics.segment_reach import DAMPING, MAX_ITERATIONS, segment_reach
from personagraph.analytics.top_personas import Candidate, top_personas
from personagraph.errors import InsufficientMemory
from personagraph.store import Store
from personagraph.store.connection import ConnectionSpec, Transaction

TOP = 5
# SCORED rows per write statement: a run of many opportunities is written in pieces, in
# one transaction, so that no statement carries an unbounded parameter list.
WRITE_BATCH = 500

__all__ = [
    "Contribution",
    "Explanation",
    "InsufficientMemory",
    "OpportunityScore",
    "ScoringResult",
    "Segment",
    "run_scoring",
]

WHOLE_STEPS = ("sum links and rank personas", "score and explain", "write the run")
SEGMENT_STEPS = ("size the segment", "estimate memory", "project the segment",
                 "personalised PageRank", *WHOLE_STEPS)  # fmt: skip


@dataclass(frozen=True)
class OpportunityScore:
    """An opportunity's rank, sub-scores and explanation in one run."""

    key: str
    name: str
    rank: int
    reach: float
    impact: float
    feasibility: float
    adoption_readiness: float
    overall: float
    explanation: Explanation


@dataclass(frozen=True)
class ScoringResult:
    """A finished run: its id, parameters, GDS version and the ranked opportunities."""

    run_id: str
    parameters: dict[str, Any]
    gds_version: str
    scores: tuple[OpportunityScore, ...]


def run_scoring(
    spec: ConnectionSpec,
    store: Store,
    segment: Segment | None = None,
    top: int = TOP,
    progress: Progress | None = None,
) -> ScoringResult:
    """Score every opportunity, write the run back to the graph, and return it ranked.

    Args:
        spec: where the server is (the GDS client of a segment run opens its own connection).
        store: the store on the same database, for the named Cypher statements.
        segment: restrict reach, impact and readiness to one function and/or archetype.
        top: how many contributors of each kind an explanation keeps.
        progress: called at each step (see :mod:`.progress`).

    Raises:
        ValidationFailed: the segment matches no persona that reaches an opportunity.
        InsufficientMemory: GDS estimates the run would not fit in the server's heap.
        StoreError: the database or GDS failed; nothing of the run was written.

    Returns:
        The run, its opportunities best first.
    """
    segment = segment or Segment()
    run_id = str(uuid.uuid4())
    started_at = datetime.now(UTC)
    steps = Steps("scoring", run_id, SEGMENT_STEPS if segment else WHOLE_STEPS, progress)
    raw_reach: dict[str, float] | None = None
    if segment:
        raw_reach, gds_version = segment_reach(spec, store, run_id, segment, steps)
    else:
        gds_version = str(store.read("read/gds_version")[0]["version"])
    steps.start("sum links and rank personas")
    sums, personas = _sums_and_top_personas(store, segment, top)
    steps.start("score and explain")
    if raw_reach is None:
        raw_reach = {key: float(row["weight"]) for key, row in sums.items()}
    opportunities = store.read("analytics/opportunities")
    method = "page_rank" if segment else "degree"
    scores = score(opportunities, sums, personas, raw_reach, method, top)
    parameters = _parameters(segment, top)
    steps.start("write the run")
    _write(store, run_id, started_at, parameters, gds_version, scores, steps)
    return ScoringResult(run_id, parameters, gds_version, tuple(scores))


def _sums_and_top_personas(
    store: Store, segment: Segment, top: int
) -> tuple[dict[str, dict[str, Any]], dict[str, list[Candidate]]]:
    """Both reads at once, each in its own transaction: neither needs the other, and each
    keeps one core of the server busy."""
    filters = {"function": segment.function, "archetype": segment.archetype_name}
    with ThreadPoolExecutor(max_workers=2) as pool:
        sums = pool.submit(store.read, "analytics/score_aggregates", **filters, top=top)
        personas = pool.submit(top_personas, store, segment, top)
        return {row["key"]: row for row in sums.result()}, personas.result()


def _parameters(segment: Segment, top: int) -> dict[str, Any]:
    return {
        "function": segment.function,
        "archetype": segment.archetype_name,
        "reach": "page_rank" if segment else "degree",
        "damping_factor": DAMPING,
        "max_iterations": MAX_ITERATIONS,
        "top": top,
    }


def score(
    opportunities: Sequence[Mapping[str, Any]],
    sums: Mapping[str, Mapping[str, Any]],
    personas: Mapping[str, Sequence[Mapping[str, Any]]],
    raw_reach: Mapping[str, float],
    method: str,
    top: int,
) -> list[OpportunityScore]:
    """Every opportunity's sub-scores, rank and explanation, best first.

    Args:
        opportunities: rows of ``analytics/opportunities`` (key, name, feasibility,
            value_multiplier, effort_person_months).
        sums: rows of ``analytics/score_aggregates`` by opportunity key (an opportunity
            nobody reaches has none).
        personas: the top personas (``{key, weight}``) of each opportunity.
        raw_reach: reach before normalisation (missing: nobody reaches it).
        method: how raw reach was computed (``degree`` or ``page_rank``).
        top: contributors kept of each kind.
    """
    raw = {row["key"]: float(raw_reach.get(row["key"], 0.0)) for row in opportunities}
    reach = formulas.normalise_reach(raw)
    highest = max(raw.values(), default=0.0)
    explained: dict[str, Explanation] = {}
    subs = []
    for row in opportunities:
        key = row["key"]
        found = sums.get(key)
        impact = _impact(found, row["value_multiplier"])
        feasibility = formulas.feasibility_parts(row["feasibility"], row["effort_person_months"])
        mix = explaining.archetype_weights(found["archetypes"]) if found else {}
        subs.append(
            formulas.SubScores(
                key=key,
                reach=reach[key],
                impact=impact.value,
                feasibility=feasibility.value,
                adoption_readiness=formulas.adoption_readiness(mix.items()),
            )
        )
        people, pains, jobs, functions = _contributors(found, personas.get(key, ()), top)
        explained[key] = Explanation(
            personas=people,
            pain_points=pains,
            jtbds=jobs,
            functions=functions,
            reach=ReachParts(method, raw[key], highest),
            impact=impact,
            feasibility=feasibility,
            readiness=formulas.readiness_parts(mix),
        )
    names = {row["key"]: row["name"] for row in opportunities}
    return [
        OpportunityScore(
            key=sub.key,
            name=names[sub.key],
            rank=position,
            reach=sub.reach,
            impact=sub.impact,
            feasibility=sub.feasibility,
            adoption_readiness=sub.adoption_readiness,
            overall=sub.overall,
            explanation=explained[sub.key],
        )
        for position, sub in enumerate(formulas.rank(subs), start=1)
    ]


def _impact(found: Mapping[str, Any] | None, value_multiplier: float) -> formulas.ImpactParts:
    sums = formulas.ImpactSums(
        severity_strength=float(found["severity_strength"]) if found else 0.0,
        strength=float(found["strength"]) if found else 0.0,
        pain_links=int(found["pain_links"]) if found else 0,
        odi=float(found["odi"]) if found else 0.0,
        ratings=int(found["ratings"]) if found else 0,
    )
    return formulas.impact_parts(sums, value_multiplier)


_Contributors = tuple[
    tuple[Contribution, ...], tuple[Contribution, ...], tuple[Contribution, ...],
    tuple[Contribution, ...],
]  # fmt: skip


def _contributors(
    found: Mapping[str, Any] | None, personas: Sequence[Mapping[str, Any]], top: int
) -> _Contributors:
    """Personas, pain points, JTBDs and functions, each as shares of the total weight."""
    if not found:
        return (), (), (), ()
    total = float(found["weight"])

    def best(rows: Sequence[Mapping[str, Any]]) -> tuple[Contribution, ...]:
        weights = [(str(row["key"]), float(row["weight"])) for row in rows]
        return explaining.top_contributions(weights, total, top)

    return (
        best(personas),
        best(found["pain_points"]),
        best(found["jtbds"]),
        best(found["functions"]),
    )


def _write(
    store: Store,
    run_id: str,
    started_at: datetime,
    parameters: dict[str, Any],
    gds_version: str,
    scores: list[OpportunityScore],
    steps: Steps,
) -> None:
    rows = [
        {
            "key": s.key,
            "rank": s.rank,
            "reach": s.reach,
            "impact": s.impact,
            "feasibility": s.feasibility,
            "adoption_readiness": s.adoption_readiness,
            "overall": s.overall,
            "explanation": explaining.to_json(s.explanation),
        }
        for s in scores
    ]
    finished_at = datetime.now(UTC)

    def work(tx: Transaction) -> None:
        tx.run(
            "analytics/create_scoring_run",
            id=run_id,
            started_at=started_at.isoformat(),
            finished_at=finished_at.isoformat(),
            parameters=json.dumps(parameters, sort_keys=True),
            gds_version=gds_version,
        )
        for start in range(0, len(rows), WRITE_BATCH):
            batch = rows[start : start + WRITE_BATCH]
            tx.run("analytics/write_scores", run_id=run_id, rows=batch)
            steps.advance(start + len(batch), len(rows))

    store.transaction(work)
