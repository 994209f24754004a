"""Scoring inside Neo4j gives, on the seed catalog, exactly what the scoring before it gave.

The reference (``tests/reference_scoring.py``) is the old computation: every persona's
evidence read into Python and summed there. For the whole population and for three
segments, every opportunity must keep its rank, its sub-scores (to 1e-9) and its
explanation (the same contributors in the same order, shares to 1e-9).
"""

from __future__ import annotations

import pytest

from personagraph.analytics.explanation import Contribution
from personagraph.analytics.scoring import OpportunityScore, Segment, run_scoring
from personagraph.model.archetype import Archetype
from personagraph.neo4j_local.provision import Provisioned
from personagraph.store import Store
from tests.reference_scoring import ReferenceScore, reference_scores

SEGMENTS = [
    Segment(),
    Segment(function="FINANCE"),
    Segment(archetype=Archetype.SKEPTIC),
    Segment(function="MEDICAL_AFFAIRS", archetype=Archetype.AUTOMATOR),
]
SUB_SCORES = ("reach", "impact", "feasibility", "adoption_readiness", "overall")


def _pairs(contributions: tuple[Contribution, ...]) -> list[tuple[str, float]]:
    return [(c.key, c.share) for c in contributions]


def _assert_same_explanation(new: OpportunityScore, old: ReferenceScore) -> None:
    for kind in ("personas", "pain_points", "jtbds", "functions"):
        found = _pairs(getattr(new.explanation, kind))
        expected = old.explanation[kind]
        assert [key for key, _ in found] == [key for key, _ in expected], (new.key, kind)
        for (_, share), (_, want) in zip(found, expected, strict=True):
            assert share == pytest.approx(want, abs=1e-9), (new.key, kind)


@pytest.mark.parametrize("segment", SEGMENTS, ids=lambda s: f"{s.function}/{s.archetype_name}")
def test_scores_and_explanations_equal_the_reference_on_the_seed_catalog(
    neo4j_server: Provisioned, seed_catalog: Store, segment: Segment
) -> None:
    expected = reference_scores(seed_catalog, segment)

    result = run_scoring(neo4j_server.spec, seed_catalog, segment)

    assert [s.key for s in result.scores] == [s.key for s in expected]
    for new, old in zip(result.scores, expected, strict=True):
        assert new.rank == old.rank
        for name in SUB_SCORES:
            assert getattr(new, name) == pytest.approx(getattr(old, name), abs=1e-9), (
                new.key,
                name,
            )
        _assert_same_explanation(new, old)
    assert any(s.explanation.personas for s in result.scores)
