"""An opportunity-scoring run on the real GDS: project, estimate, score, explain, write back.

Reach comes from GDS on a Persona→Opportunity projection (weighted in-degree for the
whole population, personalised PageRank from the segment's personas for a segment);
impact, feasibility and adoption readiness come from :mod:`.formulas`. Each run is one
``ScoringRun`` node with ``SCORED`` links, written in one transaction.
"""

from __future__ import annotations

import json
import uuid
from collections import defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any

from graphdatascience import GraphDataScience

from personagraph.analytics import formulas
from personagraph.analytics import gds as gds_support
from personagraph.errors import ValidationFailed
from personagraph.model.archetype import Archetype
from personagraph.store import Store
from personagraph.store.connection import ConnectionSpec, Transaction

DAMPING = 0.85
MAX_ITERATIONS = 40
TOLERANCE = 1e-10
TOP = 5

__all__ = [
    "EvidencePath",
    "OpportunityScore",
    "ScoringResult",
    "Segment",
    "evidence_paths",
    "run_scoring",
]


@dataclass(frozen=True)
class Segment:
    """Whom a run is about: one function (by key) and/or one archetype; None = everyone."""

    function: str | None = None
    archetype: Archetype | None = None


@dataclass(frozen=True)
class Contribution:
    """One persona, pain point, JTBD or function and its share of an opportunity's weight."""

    key: str
    share: float


@dataclass(frozen=True)
class Explanation:
    """What made an opportunity's score: the top contributors of each kind, with shares."""

    personas: tuple[Contribution, ...]
    pain_points: tuple[Contribution, ...]
    jtbds: tuple[Contribution, ...]
    functions: tuple[Contribution, ...]


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


@dataclass
class _Evidence:
    """Everything linking the personas in scope to one opportunity."""

    persona_weight: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    item_weight: dict[tuple[str, str], float] = field(default_factory=lambda: defaultdict(float))
    function_weight: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    archetypes: dict[str, Archetype] = field(default_factory=dict)
    pains: list[tuple[float, float]] = field(default_factory=list)
    ratings: list[tuple[float, float]] = field(default_factory=list)

    def add(self, path: EvidencePath) -> None:
        self.persona_weight[path.persona] += path.weight
        self.item_weight[(path.kind, path.item)] += path.weight
        self.function_weight[path.function or "(none)"] += path.weight
        self.archetypes[path.persona] = path.archetype
        if path.pain is not None:
            self.pains.append(path.pain)
        self.ratings.extend(path.ratings)


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


def run_scoring(
    spec: ConnectionSpec, store: Store, segment: Segment | None = None, top: int = TOP
) -> ScoringResult:
    """Score every opportunity, write the run back to the graph, and return it ranked.

    Args:
        spec: where the server is (the GDS client opens its own connection).
        store: the store on the same database, for the named Cypher statements.
        segment: restrict reach, impact and readiness to one function and/or archetype.
        top: how many contributors of each kind an explanation keeps.

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
    sources = _segment_personas(store, segment)
    opportunities = store.read("analytics/opportunities")
    with gds_support.client(spec) as gds:
        gds_version = str(gds.server_version())
        _check_memory(gds, store, source_count=len(sources))
        raw_reach = _reach(gds, store, run_id, sources)
    personas = sources or None
    # An opportunity nobody reaches is not in the projection: its reach is zero.
    reach = formulas.normalise_reach(
        {row["key"]: raw_reach.get(row["key"], 0.0) for row in opportunities}
    )
    scores = _score(store, reach, opportunities, personas, top)
    parameters = _parameters(segment, top)
    _write(store, run_id, started_at, parameters, gds_version, scores)
    return ScoringResult(run_id, parameters, gds_version, tuple(scores))


def _parameters(segment: Segment, top: int) -> dict[str, Any]:
    return {
        "function": segment.function,
        "archetype": segment.archetype.value if segment.archetype else None,
        "reach": "page_rank" if segment.function or segment.archetype else "degree",
        "damping_factor": DAMPING,
        "max_iterations": MAX_ITERATIONS,
        "top": top,
    }


def _segment_personas(store: Store, segment: Segment) -> list[str]:
    """The ids of the segment's personas (sorted); empty for the whole population."""
    if segment.function is None and segment.archetype is None:
        return []
    archetype = segment.archetype.value if segment.archetype else None
    rows = store.read("analytics/segment_personas", function=segment.function, archetype=archetype)
    if not rows:
        raise ValidationFailed(
            [
                f"The segment function={segment.function!r}, archetype={archetype!r} matches "
                "no persona that reaches an opportunity. Check the function key (e.g. FINANCE) "
                "and the archetype, or run without a segment."
            ]
        )
    return [row["persona"] for row in rows]


def _check_memory(gds: GraphDataScience, store: Store, source_count: int) -> None:
    size = store.read("analytics/projection_size")[0]
    dimensions = gds_support.dimensions(size)
    if source_count:
        estimate = gds.page_rank.estimate(dimensions, max_iterations=MAX_ITERATIONS)
    else:
        estimate = gds.degree.estimate(dimensions)
    gds_support.ensure_fits(
        gds,
        estimate,
        f"Scoring {dimensions['nodeCount']} nodes and {dimensions['relationshipCount']} "
        "relationships",
    )


def _reach(
    gds: GraphDataScience, store: Store, run_id: str, sources: list[str]
) -> dict[str, float]:
    """Raw reach per opportunity key: weighted in-degree, or personalised PageRank from
    the ``sources`` personas when there are any."""
    statement = store.registry.statement("analytics/project_opportunity_graph")
    graph_name = f"personagraph-opportunities-{run_id}"
    with gds_support.projection(gds, statement, graph_name):
        if sources:
            rows = store.read(
                "analytics/reach_page_rank",
                graph_name=graph_name,
                personas=sources,
                damping_factor=DAMPING,
                max_iterations=MAX_ITERATIONS,
                tolerance=TOLERANCE,
            )
        else:
            rows = store.read("analytics/reach_degree", graph_name=graph_name)
    return {row["key"]: float(row["score"]) for row in rows}


def _score(
    store: Store,
    reach: Mapping[str, float],
    rows: list[dict[str, Any]],
    personas: list[str] | None,
    top: int,
) -> list[OpportunityScore]:
    evidence = _evidence(store, rows, personas)
    subs: list[formulas.SubScores] = []
    for row in rows:
        found = evidence.get(row["key"], _Evidence())
        mix = [(found.archetypes[p], w) for p, w in found.persona_weight.items()]
        subs.append(
            formulas.SubScores(
                key=row["key"],
                reach=reach.get(row["key"], 0.0),
                impact=formulas.impact(found.pains, row["value_multiplier"], found.ratings),
                feasibility=formulas.feasibility(row["feasibility"], row["effort_person_months"]),
                adoption_readiness=formulas.adoption_readiness(mix),
            )
        )
    names = {row["key"]: row["name"] for row in rows}
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
            explanation=_explain(evidence.get(sub.key, _Evidence()), top),
        )
        for position, sub in enumerate(formulas.rank(subs), start=1)
    ]


def _evidence(
    store: Store, opportunities: list[dict[str, Any]], personas: list[str] | None
) -> dict[str, _Evidence]:
    found: dict[str, _Evidence] = defaultdict(_Evidence)
    for path in evidence_paths(store, opportunities, personas):
        found[path.opportunity].add(path)
    return found


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


def _explain(evidence: _Evidence, top: int) -> Explanation:
    total = sum(evidence.persona_weight.values())

    def best(weights: Mapping[str, float]) -> tuple[Contribution, ...]:
        ordered = sorted(weights.items(), key=lambda item: (-round(item[1], 12), item[0]))
        return tuple(Contribution(key, weight / total) for key, weight in ordered[:top])

    if total <= 0:
        return Explanation((), (), (), ())
    items = evidence.item_weight
    return Explanation(
        personas=best(evidence.persona_weight),
        pain_points=best({item: w for (kind, item), w in items.items() if kind == "pain"}),
        jtbds=best({item: w for (kind, item), w in items.items() if kind == "job"}),
        functions=best(evidence.function_weight),
    )


def _write(
    store: Store,
    run_id: str,
    started_at: datetime,
    parameters: dict[str, Any],
    gds_version: str,
    scores: list[OpportunityScore],
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
            "explanation": json.dumps(asdict(s.explanation), sort_keys=True),
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
        tx.run("analytics/write_scores", run_id=run_id, rows=rows)

    store.transaction(work)
