"""Archetype confidence: what it rests on, how it is calibrated, and that it means what it says.

docs/archetype-inference.md ("Confidence" and "Calibration") has the method and the
reliability table these tests hold it to.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from personagraph.errors import ConfigurationError
from personagraph.inference.archetype import PersonaSignals, infer_archetype
from personagraph.inference.calibration import (
    DEFAULT_CALIBRATION,
    Calibration,
    CalibrationStep,
    fit_steps,
    wilson_lower_bound,
)
from personagraph.inference.evaluation import ENOUGH_MEMBERS, judge, reliability
from personagraph.inference.labelled import Base, labelled_variants
from personagraph.model.archetype import Archetype
from personagraph.model.catalog import Catalog
from personagraph.seeding.calibration import (
    EVALUATION_SEED,
    FIT_SEED,
    PER_PERSONA,
    catalog_bases,
    fit,
)
from personagraph.seeding.plan import plan_catalog
from personagraph.seeding.validation import read_catalog

pytestmark = pytest.mark.unit

SEEDS = Path(__file__).resolve().parents[2] / "seeds"

STATED = PersonaSignals(
    seniority_level="entry",
    team_size=0,
    budget_authority=20_000,
    stakeholder_count=2,
    strategic_time_percent=10,
    meeting_ratio=0.2,
    technology_adoption="early_adopter",
    risk_tolerance="moderate",
    change_readiness="high",
    goals=("Automate weekly reports",),
)


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return read_catalog(SEEDS)


@pytest.fixture(scope="module")
def bases(catalog: Catalog) -> list[Base]:
    return catalog_bases(catalog)


# --- what confidence rests on ------------------------------------------------------------------


def test_an_unstated_signal_widens_the_doubt_instead_of_moving_the_score() -> None:
    stated = infer_archetype(STATED)
    unstated = infer_archetype(replace(STATED, strategic_time_percent=None))

    complexity_stated, complexity_unstated = stated.doubts[0], unstated.doubts[0]
    assert complexity_unstated.unknown == ("strategic_time_percent",)
    assert complexity_unstated.spread > complexity_stated.spread
    # Unknown, strategic time scores 0 of 15: the expectation puts it mid-range instead.
    assert complexity_unstated.expected == unstated.work_complexity_score + 7.5
    assert unstated.quadrant_probability < stated.quadrant_probability


def test_a_persona_far_from_both_boundaries_with_everything_stated_is_near_certain() -> None:
    result = infer_archetype(STATED)

    assert result.archetype is Archetype.AUTOMATOR
    assert result.quadrant_probability > 0.99
    assert result.confidence > 0.95


def test_no_goals_or_pain_points_at_all_is_unknown_language_not_an_absence_of_it() -> None:
    silent = infer_archetype(replace(STATED, goals=(), pain_points=()))

    language = next(c for c in silent.contributions if c.signal == "automation_language")
    assert (language.points, language.known) == (0, False)
    assert "automation_language" in silent.doubts[1].unknown


@given(distance=st.floats(0, 40), farther=st.floats(0, 10))
def test_moving_a_fully_stated_score_away_from_the_boundary_never_lowers_confidence(
    distance: float, farther: float
) -> None:
    from personagraph.inference.confidence import side_probability

    noise = DEFAULT_CALIBRATION.noise_work_complexity
    near = side_probability(50 + distance, 50 + distance, 0, noise, 50)
    far = side_probability(50 + distance + farther, 50 + distance + farther, 0, noise, 50)
    assert 0.5 <= near <= far <= 1
    assert DEFAULT_CALIBRATION.step(near).confidence <= DEFAULT_CALIBRATION.step(far).confidence


def test_explain_shows_the_doubt_the_calibration_step_and_every_contribution() -> None:
    result = infer_archetype(replace(STATED, strategic_time_percent=None))
    text = result.explain()

    assert "with strategic_time_percent unknown it would be" in text
    assert f"quadrant probability {result.quadrant_probability:.2f}" in text
    assert f"{result.calibration_step.members:,} labelled personas" in text
    assert all(c.signal in text for c in result.contributions)
    assert len(text.splitlines()) == 1 + 2 + 1 + len(result.contributions)


# --- calibration -------------------------------------------------------------------------------


observations = st.lists(st.tuples(st.floats(0, 1), st.booleans()), max_size=300)


@given(observed=observations)
def test_fitted_steps_rise_start_at_zero_and_never_promise_more_than_was_observed(
    observed: list[tuple[float, bool]],
) -> None:
    steps = fit_steps(observed)

    assert steps[0].start == 0
    assert [s.start for s in steps] == sorted({s.start for s in steps})
    assert [s.confidence for s in steps] == sorted(s.confidence for s in steps)
    assert sum(s.members for s in steps) == len(observed)
    for step in steps:
        assert 0 <= step.confidence <= 1
        assert step.confidence <= step.share + 1e-9


def test_a_step_is_the_lower_bound_of_what_its_members_show() -> None:
    # 90 of 100 right at one score: the step promises less than 0.9, more than 0.8.
    steps = fit_steps([(0.7, True)] * 90 + [(0.7, False)] * 10)

    assert len(steps) == 1
    assert steps[0].confidence == pytest.approx(wilson_lower_bound(90, 100), abs=1e-4)
    assert 0.8 < steps[0].confidence < 0.9


def test_a_calibration_that_could_lower_confidence_as_probability_rises_is_refused() -> None:
    falling = (CalibrationStep(0.0, 0.8, 10, 9), CalibrationStep(0.5, 0.6, 10, 7))
    with pytest.raises(ConfigurationError, match="decrease"):
        Calibration(5, 5, falling)
    with pytest.raises(ConfigurationError, match="start at 0"):
        Calibration(5, 5, (CalibrationStep(0.2, 0.5, 1, 1),))


def test_the_calibration_round_trips_through_its_json() -> None:
    assert Calibration.from_json(DEFAULT_CALIBRATION.to_json()) == DEFAULT_CALIBRATION


def test_the_shipped_calibration_is_what_calibrate_fits_on_the_seed_catalog(
    bases: list[Base],
) -> None:
    refit = fit(bases)

    assert refit == DEFAULT_CALIBRATION, (
        "src/personagraph/inference/calibration.json is not the fit of seeds/: after changing "
        "the catalog or the inference weights, run `personagraph seed calibrate --write`"
    )


# --- the labelled set and the reliability table -----------------------------------------------


def test_a_seed_gives_the_same_labelled_set_and_labels_are_the_declared_archetypes(
    bases: list[Base],
) -> None:
    first = labelled_variants(bases[:8], FIT_SEED, 5)
    again = labelled_variants(bases[:8], FIT_SEED, 5)
    other = labelled_variants(bases[:8], EVALUATION_SEED, 5)

    assert first == again
    assert first != other
    declared = {b.id: b.declared for b in bases}
    assert all(v.label is declared[v.base] for v in first)
    assert any(v.dropped for v in first)
    assert any(v.restated for v in first)


def test_on_the_evaluation_set_agreement_is_at_least_the_confidence_in_every_full_bin(
    bases: list[Base],
) -> None:
    evaluation = labelled_variants(bases, EVALUATION_SEED, PER_PERSONA)
    table = reliability(judge(evaluation))

    assert table.members == len(bases) * PER_PERSONA
    full = [b for b in table.bins if b.members >= ENOUGH_MEMBERS]
    assert len(full) >= 5, "the evaluation set should spread over the confidence range"
    assert table.holds, "\n".join(table.lines())
    for threshold, members, right in table.at_least:
        assert right >= threshold * members


def test_on_the_seed_catalog_the_queue_holds_every_mismatch_and_at_most_a_fifth(
    catalog: Catalog,
) -> None:
    plan = plan_catalog(catalog)
    personas = len(plan.nodes["Persona"])

    assert set(plan.mismatches) <= set(plan.review_queue)
    assert len(plan.review_queue) <= 0.2 * personas
    assert (personas, len(plan.mismatches), len(plan.review_queue)) == (144, 5, 5)
