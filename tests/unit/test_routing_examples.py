"""The request type by the nearest labelled example: which wins when it and the cue rules
disagree, its evidence, and the shipped examples (the labelled set's requests)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from personagraph.embedding import MiniLmEmbedder
from personagraph.errors import EmbeddingModelUnavailable
from personagraph.model.routing import RequestType
from personagraph.routing.analysis import classify_request
from personagraph.routing.decision import PersonaFacts, decide
from personagraph.routing.evidence import Evidence, Finding
from personagraph.routing.examples import (
    LabelledExample,
    LazyExamples,
    Nearest,
    NearestExamples,
    combine,
    shipped_examples,
)
from personagraph.routing.rules import RoutingRules
from personagraph.seeding.validation import read_catalog

pytestmark = pytest.mark.unit

ROOT = Path(__file__).resolve().parents[2]
LABELLED = ROOT / "tests" / "routing_set" / "labelled_requests.yaml"
# Requests a policy decides alone (escalated, blocked) have no request type to learn from.
DECIDED_BY_POLICY = ("HUMAN_ESCALATION ", "NONE ")
CUE = Finding("learning", 2.0, (Evidence("learning cues", ("explain",), 2.0),))
NO_CUE = Finding("general", 0.0, (Evidence("no request-type cue matched"),))


def nearest(kind: RequestType, similarity: float) -> Nearest:
    return Nearest(LabelledExample("Send the minutes to the team", kind), similarity)


def test_the_rules_win_when_a_cue_matched_and_the_example_is_in_the_evidence() -> None:
    found = combine(CUE, nearest(RequestType.ROUTINE_TASK, 0.93), min_similarity=0.5)

    assert (found.value, found.score) == ("learning", 2.0)
    assert found.evidence[-1] == Evidence(
        "nearest labelled example: routine_task", ("Send the minutes to the team",), 0.93
    )


def test_the_nearest_example_decides_when_no_cue_matched_and_it_is_close_enough() -> None:
    close = combine(NO_CUE, nearest(RequestType.ROUTINE_TASK, 0.61), min_similarity=0.5)
    far = combine(NO_CUE, nearest(RequestType.ROUTINE_TASK, 0.49), min_similarity=0.5)

    assert (close.value, close.score) == ("routine_task", 0.61)
    assert (far.value, far.score) == ("general", 0.0)
    assert far.evidence[-1].signal == "nearest labelled example: routine_task"


def test_an_example_is_quoted_with_its_personal_data_redacted() -> None:
    example = LabelledExample("Send the weekly report to jane.roe@example.com", RequestType.GENERAL)

    quoted = Nearest(example, 0.7).evidence()

    assert quoted.matched == ("Send the weekly report to [EMAIL]",)


def test_the_shipped_examples_are_the_labelled_sets_requests_with_their_types() -> None:
    requests = yaml.safe_load(LABELLED.read_text("utf-8"))["requests"]
    routed_by_rules = [
        entry["text"]
        for entry in requests
        if not any(label.startswith(DECIDED_BY_POLICY) for label in entry["expect"].values())
    ]

    examples = shipped_examples()

    assert [example.text for example in examples] == routed_by_rules
    assert {example.request_type for example in examples} == set(RequestType)


def test_a_request_no_cue_recognises_takes_the_type_of_its_nearest_example(
    embedder: MiniLmEmbedder,
) -> None:
    examples = NearestExamples(embedder, shipped_examples(), min_similarity=0.5)
    catalog = read_catalog(ROOT / "seeds")
    assert catalog.routing is not None
    rules = RoutingRules(catalog.routing.rules, catalog.routing.policies)
    automator = PersonaFacts("a", "A", "AUTOMATOR", "FINANCE", "FINANCIAL_CONTROLLER")
    request = "Key the March bank statements into the ledger"
    assert classify_request(request).value == "general"

    found = examples.nearest(request)
    decision = decide(rules, automator, request, None, examples)

    assert found.example.request_type is RequestType.ROUTINE_TASK
    assert found.similarity >= 0.5
    assert decision.analysis.request_type.value == "routine_task"
    assert decision.analysis.request_type.score == round(found.similarity, 4)
    assert decision.rule.id == "automator_routine_task"
    assert f"like the labelled example {found.example.text!r}" in decision.explanation


def test_an_example_is_its_own_nearest_unless_left_out(embedder: MiniLmEmbedder) -> None:
    examples = NearestExamples(embedder, shipped_examples(), min_similarity=0.5)
    text = "Generate my weekly report"

    itself = examples.nearest(text)
    others = examples.nearest(text, skip_identical=True)

    assert (itself.example.text, round(itself.similarity, 3)) == (text, 1.0)
    assert others.example.text != text
    assert others.similarity < itself.similarity


def test_without_a_model_the_request_type_comes_from_the_rules_alone() -> None:
    calls: list[int] = []

    def unavailable() -> NearestExamples:
        calls.append(1)
        raise EmbeddingModelUnavailable("the model file cannot be read")

    lazy = LazyExamples(unavailable)

    assert lazy.get() is None
    assert lazy.get() is None
    assert calls == [1]  # tried once, not at every request
