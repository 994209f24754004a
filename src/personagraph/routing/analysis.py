"""Request analysis: what a request asks for (its type) and how complex it is.

Both are rules over the words of the request, written as data below, and both answer
with their evidence: the cues that matched and what each contributed. The source names
four request types (``routine_task``, ``quick_question``, ``strategic``, ``learning``);
``analysis``, ``build`` and ``general`` are ours (docs/routing.md says why).

Cue weights: 2 for a phrase that names the type on its own ("teach me", "roadmap"),
1 for a word that only leans towards it ("compare", "weekly").
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

from personagraph.model.routing import Complexity, RequestType
from personagraph.routing.evidence import Evidence, Finding

__all__ = ["CONTEXT_COUNTS", "classify_request", "measure_complexity", "word_count"]


@dataclass(frozen=True)
class Cue:
    """A regular expression (matched case-insensitively, on word boundaries) and its weight."""

    pattern: re.Pattern[str]
    weight: float


def _cues(weight: float, *phrases: str) -> tuple[Cue, ...]:
    return tuple(Cue(re.compile(rf"\b(?:{p})\b", re.IGNORECASE), weight) for p in phrases)


_STRATEGIC: Final = (
    *_cues(
        2,
        r"strateg(?:y|ies|ic)",
        r"road\s?maps?",
        r"long[- ]term",
        r"multi[- ]year",
        r"(?:two|three|five|ten|\d+)[- ]year (?:plan|vision|outlook|horizon)",
        r"vision",
        r"market entry",
        r"go[- ]to[- ]market",
        r"expand(?:ing)? into",
        r"competitive (?:position(?:ing)?|advantage|landscape|response)",
        r"operating model",
        r"business case",
        r"transformation",
        r"should we",
        r"acquisitions?|merger",
        r"portfolio",
        r"restructur\w*|reorgani[sz]\w*",
    ),
    *_cues(
        1,
        r"invest(?:ment|ing)?",
        r"prioriti[sz]\w*",
        r"trade[- ]offs?",
        r"direction",
        r"positioning",
        r"next (?:fiscal )?year",
        r"growth",
        r"scenarios?",
    ),
)
_LEARNING: Final = (
    *_cues(
        2,
        r"explain(?:ing)?",
        r"teach(?:ing)? me",
        r"help me (?:understand|learn|get my head around|grasp)",
        r"(?:i want|i'd like|i would like|i need) to (?:learn|understand)",
        r"learn(?:ing)? (?:about|how|the)",
        r"walk me through",
        r"how (?:does|do) .{1,60} work",
        r"what(?:'s| is| are) the difference between",
        r"basics|fundamentals|introduction to|primer",
        r"tutorial|course|lesson",
        r"new to",
        r"beginner",
    ),
    *_cues(1, r"understand\w*", r"concepts?", r"learn\w*", r"why (?:is|are|does|do)"),
)
_ANALYSIS: Final = (
    *_cues(
        2,
        r"analy[sz](?:e|es|ed|ing|is)",  # not "analyst": a job title asks for nothing
        r"compar\w*",
        r"root cause",
        r"why (?:did|was|were|has|have|had)",
        r"drivers of",
        r"breakdown|break down",
        r"forecast\w*",
        r"benchmark\w*",
        r"evaluat\w*",
        r"assess\w*",
        r"trends?",
        r"variance",
        r"correlat\w*",
    ),
    *_cues(1, r"cohorts?", r"segment\w*", r"patterns?", r"metrics", r"which of"),
)
_BUILD: Final = (
    *_cues(
        2,
        r"build(?:ing)?",
        r"prototype",
        r"integrat(?:e|ion) (?:with|into|between)",
        r"(?:custom|internal) tool",
        r"(?:an?|the) (?:app|application|bot|chatbot|plugin|add-in|script|pipeline|api)",
        r"set up an automation|create an automation|automated workflow",
    ),
    *_cues(1, r"dashboard", r"develop", r"connect\w* (?:to|with)", r"tool"),
)
# A routine task starts from an action; the recurring objects only add to one.
_ROUTINE_VERBS: Final = _cues(
    1,
    r"generate",
    r"prepare",
    r"send",
    r"schedule",
    r"book",
    r"update",
    r"file",
    r"submit",
    r"fill (?:in|out)",
    r"compile",
    r"format",
    r"export",
    r"reconcile",
    r"process",
    r"draft",
    r"remind",
    r"log",
    r"archive",
    r"renew",
    r"create",
    r"produce",
    r"pull",
    r"run",
    r"summari[sz]e",
    r"copy",
    r"upload",
    r"convert",
    r"set up",
    r"automate",
    r"approve",
    r"track",
    r"clean up",
    r"rename",
    r"add",
    r"cancel",
    r"order",
    r"transcribe",
    r"tag",
)
_ROUTINE_OBJECTS: Final = _cues(
    1,
    r"weekly|daily|monthly|quarterly|recurring|every (?:week|day|month|monday|friday)",
    r"reports?",
    r"timesheets?",
    r"invoices?",
    r"expenses?|expense report",
    r"status update",
    r"minutes",
    r"agenda",
    r"reminders?",
    r"meeting",
    r"calendar",
    r"spreadsheet",
    r"template",
    r"newsletter",
    r"purchase order",
    r"tickets?",
    r"emails?",
)
_CONTENT_TYPES: Final[tuple[tuple[RequestType, tuple[Cue, ...]], ...]] = (
    # Order breaks ties: a strategic ask that also wants explaining is strategic.
    (RequestType.STRATEGIC, _STRATEGIC),
    (RequestType.LEARNING, _LEARNING),
    (RequestType.BUILD, _BUILD),
    (RequestType.ANALYSIS, _ANALYSIS),
)
_QUESTION_START = re.compile(
    r"^\s*(?:what(?:'s)?|when|where|who|whom|whose|which|how (?:many|much|long|often)|is|are|"
    r"was|were|does|do|did|has|have|had|can i|may i|should i|am i|will there)\b",
    re.IGNORECASE,
)
_POLITE_REQUEST = re.compile(
    r"^\s*(?:please\b|(?:can|could|would|will) you\b|i need you to\b)", re.IGNORECASE
)
# Questions that look something up: answered by a fact, whatever nouns they mention.
_LOOKUP_START = re.compile(r"^\s*(?:when|where|who|whose|which)\b", re.IGNORECASE)
LOOKUP_MAX_WORDS: Final = 12
# The request's own first words ("please", "can you" aside) name what it wants done.
_LEADING = re.compile(
    r"^\s*(?:(?:please|kindly)\s+|(?:can|could|would|will) you\s+(?:please\s+)?|"
    r"i need you to\s+|i(?:'d| would) like you to\s+)*",
    re.IGNORECASE,
)
LEADING_BONUS: Final = 1.0
_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'\u2019-]*")
QUICK_QUESTION_MAX_WORDS: Final = 15
# A look-up question that also asks to decide or to learn is not quick.
_THINKING: Final = frozenset({RequestType.STRATEGIC, RequestType.LEARNING})


def word_count(text: str) -> int:
    """Words in ``text`` (runs of letters and digits, with inner apostrophes and hyphens)."""
    return len(_WORD.findall(text))


def _matches(text: str, cues: tuple[Cue, ...], lead: int = -1) -> tuple[float, tuple[str, ...]]:
    """The summed weight of the cues found and their words; a cue found at ``lead`` (where
    the request's first word starts) adds :data:`LEADING_BONUS` once."""
    score = 0.0
    matched: list[str] = []
    leading = False
    for cue in cues:
        found = cue.pattern.search(text)
        if found:
            score += cue.weight
            matched.append(found.group(0).lower())
            leading = leading or found.start() == lead
    return score + (LEADING_BONUS if leading else 0.0), tuple(matched)


def _is_question(text: str) -> bool:
    if _POLITE_REQUEST.match(text):
        return False
    return text.rstrip().endswith("?") or bool(_QUESTION_START.match(text))


def classify_request(text: str) -> Finding:
    """The request's type, with the cues that matched for every type that scored.

    The content types (strategic, learning, build, analysis, routine task) score their
    cues, plus one for the type whose cue opens the request ("Assess…", "Build…"); the
    highest wins, ties in that order. A routine task needs an action word ("generate",
    "send"…). A short look-up question (when, where, who, which) is a quick question
    unless it also asks to decide or learn; so is any short question with at most one
    weak cue. With no cue at all, anything else is general.
    """
    lead = _LEADING.match(text)
    start = lead.end() if lead else 0
    scores: list[tuple[RequestType, float, tuple[str, ...]]] = [
        (kind, *_matches(text, cues, start)) for kind, cues in _CONTENT_TYPES
    ]
    verbs, verb_words = _matches(text, _ROUTINE_VERBS, start)
    objects, object_words = _matches(text, _ROUTINE_OBJECTS)
    routine = verbs + objects if verbs else 0.0
    scores.append((RequestType.ROUTINE_TASK, routine, verb_words + object_words))
    evidence = tuple(
        Evidence(f"{kind.value} cues", words, score) for kind, score, words in scores if score
    )
    best_kind, best_score, _ = max(scores, key=lambda entry: entry[1])  # first of equals
    words = word_count(text)
    thinking = {kind for kind, score, _ in scores if score} & _THINKING
    if _LOOKUP_START.match(text) and words <= LOOKUP_MAX_WORDS and not thinking:
        signal = Evidence(f"a look-up question of {words} words", (), 1.0)
        return Finding(RequestType.QUICK_QUESTION.value, 1.0, (*evidence, signal))
    if _is_question(text) and words <= QUICK_QUESTION_MAX_WORDS and best_score <= 1:
        signal = Evidence(f"a question of {words} words", (), 1.0)
        return Finding(RequestType.QUICK_QUESTION.value, 1.0, (*evidence, signal))
    if best_score > 0:
        return Finding(best_kind.value, best_score, evidence)
    if _is_question(text) and words <= QUICK_QUESTION_MAX_WORDS:
        signal = Evidence(f"a question of {words} words", (), 1.0)
        return Finding(RequestType.QUICK_QUESTION.value, 1.0, (signal,))
    return Finding(RequestType.GENERAL.value, 0.0, (Evidence("no request-type cue matched"),))


_SCOPE: Final = _cues(
    1,
    r"across",
    r"all (?:regions|markets|teams|functions|sites|countries|business units)",
    r"company[- ]wide|organi[sz]ation[- ]wide|enterprise[- ]wide|global(?:ly)?",
    r"end[- ]to[- ]end",
    r"stakeholders?",
    r"trade[- ]offs?",
    r"scenarios?",
    r"risks?",
    r"dependenc(?:y|ies)",
    r"budgets?",
    r"regulat\w*|complian\w*",
    r"multi[- ]year|long[- ]term|(?:two|three|five|\d+)[- ]year",
    r"strateg(?:y|ies|ic)",
    r"roadmap",
    r"integrat\w*",
    r"governance",
    r"constraints?",
    r"impact on",
    r"versus|vs\.?|alternatives|options",
)
_ENUMERATION = re.compile(r"(?:^|\n)\s*(?:\d+[.)]|[-*•])\s+|;", re.MULTILINE)
# "cost, security, risk and budget": a request that lists factors weighs them.
FACTOR_COMMAS: Final = 2
# (context key, at least this many for a point): what an application says it attached.
CONTEXT_COUNTS: Final = (("documents", 3), ("stakeholders", 3))
_LEVELS: Final = ((4.0, Complexity.HIGH), (2.0, Complexity.MEDIUM), (0.0, Complexity.LOW))


def measure_complexity(text: str, context: Mapping[str, Any] | None = None) -> Finding:
    """Low, medium or high, from the request's length, its separate asks, the scope it
    names (trade-offs, regions, risks, budgets…) and what the context says is attached.

    Points: length 0-3 (≤ 8, ≤ 25, ≤ 60, more words), one per ask beyond the first
    (question marks, list items, semicolons; at most 2), one per scope cue (at most 3),
    one for a list of factors (two commas or more), one per context count over its
    threshold. 4 or more is high, 2-3 medium.
    """
    words = word_count(text)
    length = 0 if words <= 8 else 1 if words <= 25 else 2 if words <= 60 else 3
    evidence = [Evidence(f"length: {words} words", (), float(length))]
    asks = text.count("?") + len(_ENUMERATION.findall(text))
    extra_asks = float(min(max(asks - 1, 0), 2))
    if extra_asks:
        evidence.append(Evidence(f"{asks} separate asks", (), extra_asks))
    scope, scope_words = _matches(text, _SCOPE)
    if scope:
        evidence.append(Evidence("scope cues", scope_words, min(scope, 3.0)))
    listed = float(text.count(",") >= FACTOR_COMMAS)
    if listed:
        evidence.append(Evidence(f"{text.count(',')} commas: several factors listed", (), 1.0))
    total = length + extra_asks + min(scope, 3.0) + listed
    for key, threshold in CONTEXT_COUNTS:
        count = _count(context, key)
        if count >= threshold:
            evidence.append(Evidence(f"context: {count} {key}", (), 1.0))
            total += 1
    level = next(level for floor, level in _LEVELS if total >= floor)
    return Finding(level.value, total, tuple(evidence))


def _count(context: Mapping[str, Any] | None, key: str) -> int:
    value = (context or {}).get(key)
    if isinstance(value, bool):
        return 0
    if isinstance(value, int):
        return value
    if isinstance(value, list):
        return len(value)
    return 0
