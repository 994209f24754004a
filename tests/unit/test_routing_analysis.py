"""Request analysis: each type, complexity and sentiment found with its evidence."""

from __future__ import annotations

import pytest

from personagraph.routing.analysis import classify_request, measure_complexity
from personagraph.routing.sentiment import measure_sentiment

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("text", "kind", "cue"),
    [
        ("Generate my weekly report", "routine_task", "weekly"),
        ("What's our vacation policy?", "quick_question", None),
        ("When is the Q3 forecast due?", "quick_question", "forecast"),
        ("Should we expand into Brazil next year?", "strategic", "should we"),
        ("Explain how gradient boosting works", "learning", "explain"),
        ("Why did revenue drop in Q3?", "analysis", "why did"),
        ("Build a Slack bot that answers HR questions", "build", "build"),
        ("Good morning", "general", None),
    ],
)
def test_each_request_type_is_found_with_the_cues_that_matched(
    text: str, kind: str, cue: str | None
) -> None:
    finding = classify_request(text)

    assert finding.value == kind
    matched = [word for item in finding.evidence for word in item.matched]
    if cue is not None:
        assert cue in matched
    assert finding.evidence, "every finding carries evidence"


def test_a_job_title_is_not_an_analysis() -> None:
    finding = classify_request("Draft the offer letter for the new data analyst")

    assert finding.value == "routine_task"


def test_the_verb_that_opens_the_request_breaks_a_tie() -> None:
    # "assess" (analysis) and "integration with" (build) weigh the same; the request opens
    # with "Assess".
    finding = classify_request("Assess the integration with the ERP")

    assert finding.value == "analysis"


def test_a_polite_request_is_a_task_not_a_question() -> None:
    assert classify_request("Can you send the meeting minutes to the team?").value == (
        "routine_task"
    )


@pytest.mark.parametrize(
    ("text", "context", "level"),
    [
        ("What's our vacation policy?", None, "low"),
        ("Summarize the budget risks for the launch", None, "medium"),
        (
            "Develop a three-year strategy across all regions, weighing regulatory risk, "
            "budget and stakeholder buy-in",
            None,
            "high",
        ),
        ("Summarize the budget risks for the launch", {"documents": 5, "stakeholders": 4}, "high"),
    ],
)
def test_complexity_adds_length_asks_scope_factors_and_context(
    text: str, context: dict[str, int] | None, level: str
) -> None:
    finding = measure_complexity(text, context)

    assert finding.value == level
    assert sum(item.score for item in finding.evidence) == finding.score


def test_complexity_names_the_context_counts_it_used() -> None:
    finding = measure_complexity("Summarize this", {"documents": ["a", "b", "c"], "x": True})

    assert [item.signal for item in finding.evidence] == ["length: 2 words", "context: 3 documents"]


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("This stupid tool keeps failing and I am furious", "very_negative"),
        ("The report is late again", "neutral"),
        ("I love this, great work", "very_positive"),
        ("That sounds good", "positive"),
        ("The rollout was disappointing", "negative"),
    ],
)
def test_sentiment_is_vaders_compound_in_five_bands_with_the_words_behind_it(
    text: str, label: str
) -> None:
    finding = measure_sentiment(text)

    assert finding.value == label
    assert finding.evidence[0].signal == "VADER compound score"
    if label != "neutral":
        assert finding.evidence[0].matched, "the lexicon words that scored"
