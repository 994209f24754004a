"""Opportunity scoring on the real GDS agrees with a plain-Python computation of the same scores."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import pytest

from personagraph.analytics import scoring
from personagraph.analytics.scoring import Segment, run_scoring
from personagraph.errors import StoreError
from personagraph.model.archetype import Archetype
from personagraph.neo4j_local.provision import Provisioned
from personagraph.seeding import pipeline
from personagraph.seeding.plan import GraphPlan
from personagraph.store import Store

MINIMAL = Path(__file__).resolve().parents[1] / "catalogs" / "minimal"
WEIGHT = {"AUTOMATOR": 100, "ORCHESTRATOR": 90, "LEARNER": 50, "SKEPTIC": 20}


def _expected(plan: GraphPlan, personas: set[str] | None) -> dict[str, dict[str, float]]:
    """Every sub-score from the catalog's plan, by hand; ``personas`` None = everyone."""
    links = plan.links
    opps = {row.key: row.props for row in plan.nodes["Opportunity"]}
    archetype = {link.source: link.target for link in links["IS_A"] if link.props["inferred"]}
    in_scope = personas if personas is not None else set(archetype)
    weights: dict[tuple[str, str], float] = defaultdict(float)
    severities: dict[str, list[tuple[float, float]]] = defaultdict(list)
    ratings: dict[str, list[float]] = defaultdict(list)
    outcomes = {link.target: link.source for link in links["HAS_OUTCOME"]}
    for exp in links["EXPERIENCES"]:
        for add in links["ADDRESSES"]:
            if add.target == exp.target and exp.source in in_scope:
                weights[(exp.source, add.source)] += (
                    exp.props["severity"] / 5 * add.props["strength"]
                )
                severities[add.source].append((exp.props["severity"], add.props["strength"]))
    for perf in links["PERFORMS"]:
        for sup in links["SUPPORTS"]:
            if sup.target == perf.target and perf.source in in_scope:
                weights[(perf.source, sup.source)] += perf.props["importance"] / 10
                for rate in links["RATES"]:
                    if rate.source == perf.source and outcomes[rate.target] == perf.target:
                        imp, sat = rate.props["importance"], rate.props["satisfaction"]
                        ratings[sup.source].append((imp + max(imp - sat, 0)) / 20)
    if personas is None:
        raw = {o: sum(w for (_, oo), w in weights.items() if oo == o) for o in opps}
    else:  # personalised PageRank on a bipartite graph: each source spreads its out-weight
        out: dict[str, float] = defaultdict(float)
        for (p, _), w in weights.items():
            out[p] += w
        raw = {o: sum(w / out[p] for (p, oo), w in weights.items() if oo == o) for o in opps}
    top = max(raw.values())
    expected = {}
    for key, props in opps.items():
        pains = severities[key]
        parts = []
        if pains:
            pain = sum(s * t for s, t in pains) / sum(t for _, t in pains) / 5
            parts.append(pain * props["value_multiplier"] / 10)
        if ratings[key]:
            parts.append(sum(ratings[key]) / len(ratings[key]))
        mine = {p: w for (p, o), w in weights.items() if o == key}
        ready = sum(w * WEIGHT[archetype[p]] for p, w in mine.items())
        readiness = ready / 100 / sum(mine.values()) if mine else 0.0
        sub = {
            "reach": raw[key] / top,
            "impact": sum(parts) / len(parts) if parts else 0.0,
            "feasibility": props["feasibility"] * 24 / (24 + props["effort_person_months"]),
            "adoption_readiness": readiness,
        }
        product = sub["reach"] * sub["impact"] * sub["feasibility"] * sub["adoption_readiness"]
        expected[key] = {**sub, "overall": product**0.25}
    return expected


@pytest.fixture
def seeded(store: Store) -> GraphPlan:
    prepared = pipeline.prepare(MINIMAL)
    pipeline.load(store, prepared)
    return prepared.plan


def _check(result: scoring.ScoringResult, expected: dict[str, dict[str, float]]) -> None:
    assert {s.key for s in result.scores} == set(expected)
    for score in result.scores:
        for name, value in expected[score.key].items():
            assert getattr(score, name) == pytest.approx(value, abs=1e-6), (score.key, name)


def test_whole_population_scores_agree_with_plain_python(
    neo4j_server: Provisioned, store: Store, seeded: GraphPlan
) -> None:
    result = run_scoring(neo4j_server.spec, store)

    _check(result, _expected(seeded, None))
    assert [s.rank for s in result.scores] == list(range(1, len(result.scores) + 1))
    top = result.scores[0].explanation
    assert top.personas
    assert top.pain_points
    assert top.jtbds
    assert top.functions
    assert sum(c.share for c in top.functions) == pytest.approx(1.0)


def test_a_segment_run_agrees_with_plain_python_and_ranks_differently(
    neo4j_server: Provisioned, store: Store, seeded: GraphPlan
) -> None:
    whole = run_scoring(neo4j_server.spec, store)
    sales = {
        link.source
        for link in seeded.links["HAS_ROLE"]
        for r in seeded.links["IN_FUNCTION"]
        if r.source == link.target and r.target == "SALES"
    }

    segment = run_scoring(neo4j_server.spec, store, Segment(function="SALES"))

    _check(segment, _expected(seeded, sales))
    assert [s.key for s in segment.scores] != [s.key for s in whole.scores]


def test_the_run_is_written_back_and_repeatable(
    neo4j_server: Provisioned, store: Store, seeded: GraphPlan
) -> None:
    first = run_scoring(neo4j_server.spec, store, Segment(archetype=Archetype.AUTOMATOR))
    second = run_scoring(neo4j_server.spec, store, Segment(archetype=Archetype.AUTOMATOR))

    assert [s.key for s in first.scores] == [s.key for s in second.scores]
    runs = store.read("analytics/opportunities")
    assert len(runs) == len(first.scores)
    assert second.gds_version.startswith("2.13")
    assert json.loads(json.dumps(second.parameters))["archetype"] == "AUTOMATOR"


def test_the_segment_projection_is_dropped_even_when_page_rank_fails(
    neo4j_server: Provisioned, store: Store, seeded: GraphPlan, monkeypatch: pytest.MonkeyPatch
) -> None:
    read = store.read

    def failing_page_rank(name: str, /, **parameters: object) -> list[dict[str, object]]:
        if name == "analytics/reach_page_rank":
            raise StoreError("forced failure")
        return read(name, **parameters)

    monkeypatch.setattr(store, "read", failing_page_rank)
    with pytest.raises(StoreError, match="forced"):
        run_scoring(neo4j_server.spec, store, Segment(function="SALES"))
    monkeypatch.undo()

    assert store.read("admin/drop_gds_graphs", database=store.database) == [{"dropped": 0}]
    assert store.read("analytics/scoring_runs", limit=5) == []
