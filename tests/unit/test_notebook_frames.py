"""The notebooks' DataFrames say what the analytics' dataclasses say, one row per item."""

from __future__ import annotations

import pandas as pd

from personagraph import notebook
from personagraph.analytics.comparison import RankChange, RunComparison
from personagraph.analytics.distribution import from_counts
from personagraph.analytics.pain_clusters import PainCluster
from personagraph.analytics.scoring import (
    Contribution,
    Explanation,
    OpportunityScore,
    ScoringResult,
)
from personagraph.model.archetype import Archetype


def _score(key: str, rank: int, overall: float, functions: tuple[str, ...]) -> OpportunityScore:
    explanation = Explanation((), (), (), tuple(Contribution(f, 0.5) for f in functions))
    return OpportunityScore(key, key.title(), rank, 0.9, 0.5, 0.6, 0.7, overall, explanation)


def test_scores_frame_keeps_the_run_order_and_names_the_leading_function() -> None:
    result = ScoringResult(
        "run-1",
        {},
        "2.13.9",
        (_score("b", 1, 0.7, ("SALES", "FINANCE")), _score("a", 2, 0.4, ())),
    )

    frame = notebook.scores_frame(result)

    assert list(frame.index) == [1, 2]
    assert list(frame["key"]) == ["b", "a"]
    assert list(frame["top_function"]) == ["SALES", None]
    assert list(frame.columns[2:7]) == ["overall", *notebook.SUB_SCORES]


def test_comparison_frame_shows_moves_and_leaves_missing_ranks_empty() -> None:
    changes = (
        RankChange("a", "A", 5, 2, 0.3, 0.6),
        RankChange("b", "B", None, 3, None, 0.5),
    )
    comparison = RunComparison("before", "after", {}, {}, changes)

    frame = notebook.comparison_frame(comparison)

    assert frame["moved"].iloc[0] == 3
    assert frame["moved"].isna().tolist() == [False, True]
    assert frame["before_rank"].isna().tolist() == [False, True]
    assert frame["after_rank"].tolist() == [2, 3]


def test_top_by_group_ranks_each_groups_opportunities_by_summed_weight() -> None:
    evidence = pd.DataFrame(
        [
            ("x", "p1", "SALES", "SKEPTIC", "pain", "slow", 0.4),
            ("x", "p2", "SALES", "LEARNER", "job", "report", 0.5),
            ("y", "p1", "SALES", "SKEPTIC", "job", "report", 0.8),
            ("z", "p1", "SALES", "SKEPTIC", "pain", "slow", 0.1),
            ("z", "p3", "FINANCE", "AUTOMATOR", "pain", "slow", 0.2),
        ],
        columns=["opportunity", "persona", "function", "archetype", "kind", "item", "weight"],
    )
    scores = pd.DataFrame(
        {"key": ["x", "y", "z"], "name": ["X", "Y", "Z"], "overall": [0.5, 0.6, 0.7]}
    )

    top = notebook.top_by_group(evidence, scores, "function", top=2)

    assert top.index.tolist() == [("FINANCE", 1), ("SALES", 1), ("SALES", 2)]
    assert top["name"].tolist() == ["Z", "X", "Y"]
    assert top["weight"].round(6).tolist() == [0.2, 0.9, 0.8]
    assert top["overall"].tolist() == [0.7, 0.5, 0.6]


def test_clusters_frame_marks_white_space_and_coverage() -> None:
    covered = PainCluster(
        "r:1", 1, "Slow", ("a", "b"), ("FINANCE", "SALES"), 4, 3.5, ("o",), ("b",)
    )
    white = PainCluster("r:2", 2, "Lost", ("c", "d"), ("SALES",), 2, 2.0, (), ("c", "d"))

    frame = notebook.clusters_frame([covered, white])

    assert frame["white_space"].tolist() == [False, True]
    assert frame["coverage"].tolist() == [0.5, 0.0]
    assert frame["function_keys"].tolist() == ["FINANCE, SALES", "SALES"]
    assert notebook.clusters_frame([]).empty


def test_distribution_frame_has_a_column_per_archetype_and_the_readiness() -> None:
    distributions = from_counts(
        [("SALES", Archetype.AUTOMATOR, 3), ("SALES", Archetype.SKEPTIC, 1)]
    )

    frame = notebook.distribution_frame(distributions)

    assert list(frame.index) == ["SALES", "(all)"]
    assert frame.loc["SALES", list(notebook.ARCHETYPES)].tolist() == [3, 0, 0, 1]
    assert frame.loc["SALES", "adoption_readiness"] == (3 * 100 + 20) / 400
