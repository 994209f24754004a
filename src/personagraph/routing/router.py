"""The routing service: a request in, a decision out, recorded for the audit log.

One read per request gives the persona's facts and the version of the rules in force;
rule sets are compiled once per version and kept, so a ``seed load`` with new rules
takes effect at the next request in every worker. :meth:`Router.record` is the one
place every decision passes after it is made (audit log, metrics; routing events
later).
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol

from personagraph.embedding.embedder import Embedder
from personagraph.errors import EntityNotFound, RoutingUnavailable, ValidationFailed
from personagraph.model.routing import PolicyFile, RoutingFiles, RuleFile
from personagraph.routing.audit import audit_row
from personagraph.routing.decision import Decision, PersonaFacts, decide
from personagraph.routing.examples import LazyExamples, NearestExamples, shipped_examples
from personagraph.routing.recorder import DecisionRecorder
from personagraph.routing.replay import ReplayReport, replay
from personagraph.routing.rules import RoutingRules
from personagraph.settings import Settings
from personagraph.store import Store

__all__ = [
    "PERSONA_STATEMENT",
    "PersonaChoice",
    "PersonaMatcher",
    "Router",
    "check_request",
    "replay_logged",
    "rules_from_row",
]

PERSONA_STATEMENT = "read/routing/persona"
RULE_SET_STATEMENT = "read/routing/rule_set"
RECORD_STATEMENT = "write/routing/record_decisions"
DECISIONS_SINCE = "read/routing/decisions_since"
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
MAX_CONTEXT_CHARS = 16_000
Observer = Callable[[Decision, float], None]


@dataclass(frozen=True)
class PersonaChoice:
    """The persona to route for: given by the caller (``score`` None) or chosen by matching."""

    id: str
    score: float | None = None


class PersonaMatcher(Protocol):
    """Chooses the persona a request without one is routed for (``matchPersonas``).

    Returns the persona and its match score, or None when no persona is close enough.
    """

    def __call__(self, text: str) -> PersonaChoice | None: ...


def check_request(text: str, context: object, max_chars: int) -> Mapping[str, Any] | None:
    """Refuse an empty or oversized request, or a context that is not a small JSON object.

    Returns:
        The context, known to be a mapping (or None).

    Raises:
        ValidationFailed: naming the bad input and how to fix it.
    """
    problems = []
    if not text.strip():
        problems.append("request: is empty; send the text the user asked")
    elif len(text) > max_chars:
        problems.append(
            f"request: {len(text):,} characters is over the limit of {max_chars:,} "
            "(PERSONAGRAPH_ROUTING_MAX_REQUEST_CHARS); send the user's request, not documents"
        )
    if context is not None and not isinstance(context, Mapping):
        problems.append(f"context: must be a JSON object, got {type(context).__name__}")
    elif context is not None:
        size = len(json.dumps(context, default=str))
        if size > MAX_CONTEXT_CHARS:
            problems.append(
                f"context: {size:,} characters of JSON is over the limit of "
                f"{MAX_CONTEXT_CHARS:,}; send counts and short labels, not documents"
            )
    if problems:
        raise ValidationFailed(problems)
    return context if isinstance(context, Mapping) else None


def rules_from_row(row: Mapping[str, Any]) -> RoutingRules:
    """The compiled rules of a ``read/routing/rule_set`` row."""
    files = RoutingFiles(
        rules=RuleFile.model_validate_json(row["rules"]),
        policies=PolicyFile.model_validate_json(row["policies"]),
    )
    return RoutingRules(files.rules, files.policies)


class Router:
    """Routes requests against the graph's persona and rules.

    Args:
        store: the database.
        recorder: where decisions go for the audit log (None: not logged).
        max_chars: the longest request accepted.
        observer: told of every decision and its time to decide (metrics).
        matcher: chooses a persona for requests without one (None: they are refused).
        examples: the nearest-labelled-example classifier of request types, built on first
            use (None, or a model that cannot load: request types by the rules alone).
    """

    def __init__(
        self,
        store: Store,
        recorder: DecisionRecorder | None,
        max_chars: int,
        observer: Observer | None = None,
        matcher: PersonaMatcher | None = None,
        examples: LazyExamples | None = None,
    ) -> None:
        self.store = store
        self.recorder = recorder
        self.max_chars = max_chars
        self.observer = observer
        self.matcher = matcher
        self.examples = examples
        self._rules: dict[str, RoutingRules] = {}

    def route(
        self, persona_id: str | None, text: str, context: Mapping[str, Any] | None = None
    ) -> Decision:
        """Decide where ``text`` goes for ``persona_id`` (or the persona the matcher picks).

        Raises:
            ValidationFailed: the request, context or persona id is unusable.
            EntityNotFound: no active persona has that id.
            RoutingUnavailable: no routing rules are loaded.
        """
        check_request(text, context, self.max_chars)
        chosen = self.persona_for(persona_id, text)
        row = self.persona_row(chosen.id)
        return self.decide(row, text, context, chosen.score)

    def persona_for(self, persona_id: str | None, text: str) -> PersonaChoice:
        """The persona to route for: the one given, else the matcher's choice.

        Raises:
            ValidationFailed: the id is empty, or none was given and none can be chosen.
        """
        if persona_id is not None:
            if not persona_id.strip():
                raise ValidationFailed(["personaId: is empty; give a persona id"])
            return PersonaChoice(persona_id)
        chosen = self.matcher(text) if self.matcher is not None else None
        if chosen is None:
            reason = (
                "no persona is close enough to this request"
                if self.matcher is not None
                else "choosing one from the request is off (PERSONAGRAPH_ROUTING_MATCH_PERSONAS)"
            )
            raise ValidationFailed([f"personaId: give the persona to route for; {reason}"])
        return chosen

    def persona_row(self, persona_id: str) -> dict[str, Any]:
        """The ``read/routing/persona`` row of ``persona_id`` (statement run synchronously)."""
        return self.store.read(PERSONA_STATEMENT, id=persona_id)[0] | {"asked": persona_id}

    def decide(
        self,
        row: Mapping[str, Any],
        text: str,
        context: Mapping[str, Any] | None,
        match_score: float | None = None,
    ) -> Decision:
        """Decide for a persona row (read by :meth:`persona_row` or on the event loop);
        ``match_score`` when persona matching chose the persona."""
        if row["id"] is None:
            raise EntityNotFound(
                f"personaId: no active persona {row['asked']!r}; list them with "
                "`personas { id }` or `personagraph personas show ID`"
            )
        rules = self.rules(row["rules_version"])
        persona = PersonaFacts(
            row["id"], row["name"], row["archetype"], row["function"], row["role"], match_score
        )
        nearest = self.nearest()
        started = time.perf_counter()
        decision = decide(rules, persona, text, context, nearest)
        seconds = time.perf_counter() - started
        self.record(decision, text, context, seconds)
        return decision

    def nearest(self) -> NearestExamples | None:
        """The nearest-example classifier, when on and its model loads (built on first use)."""
        return self.examples.get() if self.examples is not None else None

    def record(
        self, decision: Decision, text: str, context: Mapping[str, Any] | None, seconds: float
    ) -> None:
        """The one place every decision passes: audit log (redacted) and observers."""
        if self.recorder is not None:
            now = datetime.now(UTC)
            self.recorder.record(audit_row(decision, text, context, now, seconds * 1000))
        if self.observer is not None:
            self.observer(decision, seconds)

    def rules(self, version: str | None) -> RoutingRules:
        """The compiled rules of ``version``, read once per version.

        Raises:
            RoutingUnavailable: no version is in force.
        """
        if version is None:
            raise RoutingUnavailable(
                "No routing rules are loaded: add routing/rules.yaml and routing/policies.yaml "
                "to the catalog (seeds/routing/ has the defaults) and run `personagraph seed load`"
            )
        cached = self._rules.get(version)
        if cached is None:
            rows = self.store.read(RULE_SET_STATEMENT, version=version)
            if not rows:
                raise RoutingUnavailable(f"routing rules version {version!r} is not in the graph")
            cached = rules_from_row(rows[0])
            self._rules = {**self._rules, version: cached}
        return cached

    def has_rules(self, version: str | None) -> bool:
        """Whether ``version`` is compiled already (no database read needed)."""
        return version is not None and version in self._rules


def recorder_for(store: Store, batch_size: int, interval: float, capacity: int) -> DecisionRecorder:
    """A recorder that writes through ``store``."""

    def write(rows: list[dict[str, Any]]) -> None:
        store.write(RECORD_STATEMENT, rows=rows)

    return DecisionRecorder(write, batch_size=batch_size, interval=interval, capacity=capacity)


def examples_for(settings: Settings, load_embedder: Callable[[], Embedder]) -> LazyExamples | None:
    """The nearest-example classifier the settings ask for, built on first use (None: off)."""
    if not settings.routing_nearest_examples:
        return None

    def build() -> NearestExamples:
        return NearestExamples(
            load_embedder(), shipped_examples(), settings.routing_nearest_min_similarity
        )

    return LazyExamples(build)


# What a replay looks at by default: the newest decisions, and examples per change.
REPLAY_LIMIT = 10_000
REPLAY_EXAMPLES = 3


def replay_logged(
    store: Store,
    candidate: RoutingRules,
    since: datetime | None = None,
    limit: int = REPLAY_LIMIT,
    examples: int = REPLAY_EXAMPLES,
    nearest: NearestExamples | None = None,
) -> ReplayReport:
    """Replay the newest ``limit`` decisions logged since ``since`` (naive: UTC), with the
    nearest-example classifier the service uses (None: request types by the rules alone)."""
    start = EPOCH if since is None else since if since.tzinfo else since.replace(tzinfo=UTC)
    rows = store.read(DECISIONS_SINCE, since=start, limit=limit)
    return replay(candidate, rows, examples, nearest)
