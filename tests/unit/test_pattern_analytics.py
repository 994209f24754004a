"""The pure parts of the pattern analyses: cluster summaries, similarity ranks, archetype
distributions and run comparisons."""

from __future__ import annotations

import pytest

from personagraph.analytics.comparison import RankedEntry, rank_changes
from personagraph.analytics.distribution import (
    ALL_FUNCTIONS,
    NO_FUNCTION,
    distribution,
    from_counts,
)
from personagraph.analytics.pain_clusters import PainReach, summarise
from personagraph.analytics.similar_personas import SimilarPersona, rank_pairs
from personagraph.model.archetype import Archetype

A, ORC, L, S = Archetype.AUTOMATOR, Archetype.ORCHESTRATOR, Archetype.LEARNER, Archetype.SKEPTIC


def _pain(
    key: str, *people: tuple[str, str | None, float], opps: tuple[str, ...] = ()
) -> PainReach:
    return PainReach(key, key.replace("_", " "), people, opps)


REACH = [
    _pain("manual_entry", ("ann", "SALES", 4), ("bob", "FINANCE", 5), ("cy", "HR", 3),
          opps=("capture",)),
    _pain("rekeying", ("ann", "SALES", 4), ("bob", "FINANCE", 4)),
    _pain("audit_gaps", ("dee", "FINANCE", 5), ("eve", "FINANCE", 3)),
    _pain("no_trail", ("dee", "FINANCE", 4)),
    _pain("lonely", ("fay", "SALES", 2)),
]  # fmt: skip


def test_clusters_span_functions_count_people_once_and_rank_cross_functional_first() -> None:
    communities = {"manual_entry": 7, "rekeying": 7, "audit_gaps": 3, "no_trail": 3, "lonely": 9}

    clusters = summarise("run", communities, REACH)

    assert [c.pain_points for c in clusters] == [
        ("manual_entry", "rekeying"),
        ("audit_gaps", "no_trail"),
    ]
    first, second = clusters
    assert first.id == "run:1"
    assert first.name == "manual entry"
    assert first.functions == ("FINANCE", "HR", "SALES")
    assert first.persona_count == 3
    assert first.mean_severity == pytest.approx(4.0)
    assert first.opportunities == ("capture",)
    assert first.cross_functional
    assert not first.white_space
    assert first.unaddressed == ("rekeying",)
    assert first.coverage == 0.5
    assert second.functions == ("FINANCE",)
    assert second.white_space
    assert second.coverage == 0.0


def test_a_lone_pain_point_is_a_cluster_only_when_asked_for() -> None:
    communities = {"lonely": 1}

    assert summarise("run", communities, REACH) == []
    assert [c.name for c in summarise("run", communities, REACH, min_size=1)] == ["lonely"]


def test_cluster_ranks_do_not_depend_on_community_numbers() -> None:
    one = summarise("r", {"manual_entry": 1, "rekeying": 1, "audit_gaps": 2, "no_trail": 2}, REACH)
    two = summarise("r", {"manual_entry": 9, "rekeying": 9, "audit_gaps": 0, "no_trail": 0}, REACH)

    assert one == two


def test_similar_personas_are_ranked_per_persona_most_similar_first() -> None:
    pairs = [("a", "b", 0.5), ("a", "c", 0.9), ("a", "d", 0.5), ("b", "a", 0.5), ("a", "a", 1.0)]

    ranked = rank_pairs(pairs)

    assert ranked["a"] == [
        SimilarPersona("c", 0.9, 1),
        SimilarPersona("b", 0.5, 2),
        SimilarPersona("d", 0.5, 3),
    ]
    assert ranked["b"] == [SimilarPersona("a", 0.5, 1)]


def test_readiness_weighs_archetype_shares_as_the_source_does() -> None:
    # calculateAdoptionReadiness: 50% automators, 25% learners, 25% skeptics
    # = 0.5*100 + 0.25*50 + 0.25*20 = 67.5 on the source's 0-100 scale.
    sales = distribution("SALES", [A, A, L, S])

    assert sales.total == 4
    assert sales.share(A) == 0.5
    assert sales.share(ORC) == 0.0
    assert sales.adoption_readiness == pytest.approx(0.675)


def test_an_empty_function_has_no_readiness() -> None:
    assert distribution("EMPTY", []).adoption_readiness == 0.0
    assert distribution("EMPTY", []).share(A) == 0.0


def test_distributions_per_function_then_personas_without_one_then_everyone() -> None:
    rows = [("SALES", A, 3), ("FINANCE", S, 1), (None, L, 2), ("SALES", S, 1)]

    found = from_counts(rows)

    assert [d.function for d in found] == ["FINANCE", "SALES", NO_FUNCTION, ALL_FUNCTIONS]
    everyone = found[-1]
    assert everyone.total == 7
    assert everyone.counts == {A: 3, ORC: 0, L: 2, S: 2}


def test_rank_changes_show_climbers_fallers_and_opportunities_of_one_run_only() -> None:
    before = {
        "x": RankedEntry("x", "X", 1, 0.9),
        "y": RankedEntry("y", "Y", 2, 0.8),
        "gone": RankedEntry("gone", "Gone", 3, 0.1),
    }
    after = {
        "y": RankedEntry("y", "Y", 1, 0.95),
        "x": RankedEntry("x", "X", 2, 0.7),
        "new": RankedEntry("new", "New", 3, 0.2),
    }

    changes = rank_changes(before, after)

    assert [(c.key, c.moved) for c in changes] == [
        ("y", 1),
        ("x", -1),
        ("new", None),
        ("gone", None),
    ]
    assert changes[2].before_rank is None
    assert changes[3].after_rank is None
    assert changes[3].name == "Gone"
