"""The request type by the nearest labelled example, with the local embedding model.

The examples (``resources/request_examples.yaml``) are the requests of the labelled
routing set (tests/routing_set/labelled_requests.yaml) with the request type each was
written for; a unit test holds the two files to the same texts. They are embedded once
per process; a request is embedded and compared with all of them (a dot product of
unit vectors: cosine similarity, -1 to 1).

How it combines with the cue rules (:func:`~personagraph.routing.analysis.classify_request`)
is :func:`combine`: the rules win whenever a cue matched; the nearest example decides
only a request no rule recognised (``general``), and only when it is at least
``min_similarity`` close. Either way the nearest example and its similarity are in the
evidence, so a disagreement is visible.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any

import numpy as np
import yaml

from personagraph.embedding.embedder import Embedder, Vectors
from personagraph.errors import EmbeddingModelUnavailable
from personagraph.model.routing import RequestType
from personagraph.routing.evidence import Evidence, Finding
from personagraph.routing.policies import redact_request

__all__ = [
    "LabelledExample",
    "LazyExamples",
    "Nearest",
    "NearestExamples",
    "combine",
    "shipped_examples",
]

log = logging.getLogger("personagraph.routing")
EXAMPLES_RESOURCE = "resources/request_examples.yaml"
NEAREST_SIGNAL = "nearest labelled example"


@dataclass(frozen=True)
class LabelledExample:
    """A request and the type it was written for."""

    text: str
    request_type: RequestType


@dataclass(frozen=True)
class Nearest:
    """The labelled example closest to a request, and how close (cosine, -1 to 1)."""

    example: LabelledExample
    similarity: float

    def evidence(self) -> Evidence:
        """The example quoted with its personal data redacted, like every answer."""
        return Evidence(
            f"{NEAREST_SIGNAL}: {self.example.request_type.value}",
            (redact_request(self.example.text),),
            round(self.similarity, 4),
        )


def examples_from(document: Any) -> list[LabelledExample]:
    """The examples of a ``{examples: [{text, type}]}`` document.

    Raises:
        ValueError: an entry without text or with an unknown type, named by position.
    """
    found = []
    for number, entry in enumerate(document["examples"]):
        try:
            found.append(LabelledExample(str(entry["text"]), RequestType(entry["type"])))
        except (KeyError, ValueError) as exc:
            raise ValueError(f"examples[{number}]: {exc}; give text and a request type") from exc
    return found


def shipped_examples() -> list[LabelledExample]:
    """The labelled examples that ship inside the package."""
    text = resources.files("personagraph.routing").joinpath(EXAMPLES_RESOURCE).read_text("utf-8")
    return examples_from(yaml.safe_load(text))


class NearestExamples:
    """Labelled examples, embedded once, and the one nearest to a request.

    Args:
        embedder: the local model.
        examples: the labelled requests.
        min_similarity: the least similarity at which the nearest example may decide.
    """

    def __init__(
        self, embedder: Embedder, examples: Sequence[LabelledExample], min_similarity: float
    ) -> None:
        if not examples:
            raise ValueError("no labelled examples to compare with")
        self.embedder = embedder
        self.examples = tuple(examples)
        self.min_similarity = min_similarity
        self._vectors: Vectors = embedder.embed([example.text for example in self.examples])

    def nearest(self, text: str, *, skip_identical: bool = False) -> Nearest:
        """The example closest to ``text``; ``skip_identical`` leaves out an example with
        exactly that text (to measure the examples on themselves, one left out at a time)."""
        similarities = self._vectors @ self.embedder.embed([text])[0]
        if skip_identical:
            for index, example in enumerate(self.examples):
                if example.text == text:
                    similarities[index] = -np.inf
        best = int(np.argmax(similarities))
        return Nearest(self.examples[best], float(similarities[best]))

    def classify(self, rules: Finding, text: str, *, skip_identical: bool = False) -> Finding:
        """The rules' finding for ``text``, combined with the nearest example's."""
        return combine(
            rules, self.nearest(text, skip_identical=skip_identical), self.min_similarity
        )


def combine(rules: Finding, nearest: Nearest, min_similarity: float) -> Finding:
    """The rules win when a cue matched; otherwise the nearest example decides when it is
    at least ``min_similarity`` close. The nearest example is in the evidence either way."""
    evidence = (*rules.evidence, nearest.evidence())
    if rules.value == RequestType.GENERAL.value and nearest.similarity >= min_similarity:
        return Finding(nearest.example.request_type.value, round(nearest.similarity, 4), evidence)
    return Finding(rules.value, rules.score, evidence)


class LazyExamples:
    """The nearest-example classifier, built on first use; None for good if it cannot be.

    Building loads the embedding model (about a second) and embeds the examples. When the
    model is unavailable the request type comes from the rules alone, and the reason is
    logged once.
    """

    def __init__(self, build: Callable[[], NearestExamples]) -> None:
        self._build = build
        self._lock = threading.Lock()
        self._built: NearestExamples | None = None
        self._failed = False

    def get(self) -> NearestExamples | None:
        if self._built is not None or self._failed:
            return self._built
        with self._lock:
            if self._built is None and not self._failed:
                try:
                    self._built = self._build()
                except EmbeddingModelUnavailable as exc:
                    self._failed = True
                    log.warning("request types from the rules alone: %s", exc)
        return self._built
