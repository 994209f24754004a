"""Scales: how one persona signal turns into points, with the reason for them.

Four kinds of scale cover every signal archetype inference reads: :class:`Levels` for an
ordered vocabulary, :class:`Bands` for a quantity cut into steps, :class:`Linear` for a
share and :class:`KeywordPoints` for ideas named in free text. Each checks its own
configuration and scores a value into :class:`Points` (``None`` scores ``unknown``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from typing import Any, Final, NamedTuple, Protocol

from personagraph.errors import ConfigurationError

__all__ = [
    "UNKNOWN",
    "Bands",
    "KeywordGroup",
    "KeywordPoints",
    "Levels",
    "Linear",
    "Points",
    "Scale",
]

UNKNOWN: Final = "unknown"


class Points(NamedTuple):
    """What a scale gave one value: the points, what they rest on, whether the value was known."""

    points: float
    basis: str
    known: bool


class Scale(Protocol):
    """What scoring needs of every scale."""

    @property
    def minimum(self) -> float: ...

    @property
    def maximum(self) -> float: ...

    @property
    def reason(self) -> str: ...

    # Any: each scale reads its own kind of value (a level name, a number, texts).
    def score(self, value: Any) -> Points: ...


def _number(value: float) -> str:
    # "8,000,000" reads better than "8e+06" in an explanation.
    return f"{int(value):,}" if float(value).is_integer() else f"{value:,g}"


def _normalise_term(value: str) -> str:
    # Catalogs and forms write "C-Suite", "early adopter", "Director ": one spelling for all.
    return re.sub(r"[\s-]+", "_", value.strip().lower())


@dataclass(frozen=True, slots=True)
class Levels:
    """Points for an ordered vocabulary, listed from the lowest level to the highest."""

    points: tuple[tuple[str, float], ...]
    unknown: float
    reason: str

    def __post_init__(self) -> None:
        values = [value for _, value in self.points]
        if not values or any(high < low for low, high in pairwise(values)):
            raise ConfigurationError(
                f"Level points {self.points!r} must be listed lowest level first and never "
                "decrease, so that a higher level never scores less."
            )

    @property
    def names(self) -> tuple[str, ...]:
        """Returns: the vocabulary, lowest level first."""
        return tuple(name for name, _ in self.points)

    @property
    def minimum(self) -> float:
        """Returns: the fewest points a stated level gives."""
        return self.points[0][1]

    @property
    def maximum(self) -> float:
        """Returns: the most points the signal can give."""
        return max(self.unknown, self.points[-1][1])

    def score(self, value: str | None) -> Points:
        if value is None:
            return Points(self.unknown, UNKNOWN, known=False)
        term = _normalise_term(value)
        for name, points in self.points:
            if name == term:
                return Points(points, name, known=True)
        return Points(self.unknown, f"unrecognised {value!r}, scored as unknown", known=False)


@dataclass(frozen=True, slots=True)
class Bands:
    """Step points for a quantity: the first upper bound the value falls under decides.

    ``points`` has one entry per bound plus a last one for values above every bound.
    ``inclusive`` chooses ``value <= bound`` (the seed's team size) or ``value < bound``
    (the seed's budget).
    """

    bounds: tuple[float, ...]
    points: tuple[float, ...]
    unknown: float
    reason: str
    inclusive: bool = True

    def __post_init__(self) -> None:
        problems = []
        if len(self.points) != len(self.bounds) + 1:
            problems.append(f"{len(self.points)} points for {len(self.bounds)} bounds")
        if any(high <= low for low, high in pairwise(self.bounds)):
            problems.append(f"bounds {self.bounds!r} are not strictly increasing")
        if any(high < low for low, high in pairwise(self.points)):
            problems.append(f"points {self.points!r} decrease")
        if problems:
            raise ConfigurationError(
                f"Bands are unusable ({'; '.join(problems)}): give one point value per bound "
                "plus one for values above the last, both in increasing order."
            )

    @property
    def minimum(self) -> float:
        """Returns: the fewest points a stated value gives."""
        return self.points[0]

    @property
    def maximum(self) -> float:
        """Returns: the most points the signal can give."""
        return max(self.unknown, self.points[-1])

    def score(self, value: float | None) -> Points:
        if value is None:
            return Points(self.unknown, UNKNOWN, known=False)
        below, above = ("≤", ">") if self.inclusive else ("<", "≥")
        for bound, points in zip(self.bounds, self.points[:-1], strict=True):
            if value <= bound if self.inclusive else value < bound:
                return Points(points, f"{_number(value)} {below} {_number(bound)}", known=True)
        last = self.bounds[-1]
        return Points(self.points[-1], f"{_number(value)} {above} {_number(last)}", known=True)


@dataclass(frozen=True, slots=True)
class Linear:
    """Points in proportion to a share between 0 and 1."""

    max_points: float
    unknown: float
    reason: str

    def __post_init__(self) -> None:
        if self.max_points < 0:
            raise ConfigurationError(
                f"Linear max_points is {self.max_points!r}; it must be 0 or more, so that a "
                "larger share never scores less."
            )

    @property
    def minimum(self) -> float:
        """Returns: the points of a share of 0."""
        return 0.0

    @property
    def maximum(self) -> float:
        """Returns: the most points the signal can give."""
        return max(self.unknown, self.max_points)

    def score(self, share: float | None) -> Points:
        if share is None:
            return Points(self.unknown, UNKNOWN, known=False)
        return Points(self.max_points * share, f"{share:.0%} of {self.max_points:g}", known=True)


@dataclass(frozen=True, slots=True)
class KeywordGroup:
    """One idea and the words that express it; the idea counts once however often it occurs."""

    name: str
    words: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class KeywordPoints:
    """Points per distinct keyword group found in a persona's texts, capped."""

    groups: tuple[KeywordGroup, ...]
    points_per_group: float
    max_points: float
    reason: str

    def __post_init__(self) -> None:
        empty = [g.name for g in self.groups if not any(word.strip() for word in g.words)]
        if empty:
            raise ConfigurationError(
                f"Keyword groups {empty!r} have no words; give each group at least one word."
            )
        if self.points_per_group < 0 or self.max_points < 0:
            raise ConfigurationError(
                f"Keyword points_per_group={self.points_per_group!r} and "
                f"max_points={self.max_points!r} must both be 0 or more."
            )

    @property
    def minimum(self) -> float:
        """Returns: the points of texts without any keyword."""
        return 0.0

    @property
    def maximum(self) -> float:
        """Returns: the most points the signal can give."""
        return self.max_points

    def matches(self, texts: Iterable[str]) -> tuple[str, ...]:
        """Names of the groups with a word in ``texts``.

        Args:
            texts: free text, such as goals and pain points.

        Returns:
            The matching group names, in the order of ``groups``. Words match whole
            and case-insensitively ("AI-driven" matches "ai", "maintain" does not).
        """
        joined = "\n".join(texts)
        return tuple(g.name for g in self.groups if _word_pattern(g.words).search(joined))

    def score(self, texts: Iterable[str]) -> Points:
        written = tuple(text for text in texts if text.strip())
        if not written:
            # Nothing written is not evidence of no interest in automation: like any
            # unstated signal it scores nothing and counts as unknown.
            return Points(0.0, "unknown (no goals or pain points)", known=False)
        found = self.matches(written)
        points = min(self.points_per_group * len(found), self.max_points)
        return Points(points, ", ".join(found) or "no keywords", known=True)


@lru_cache(maxsize=64)
def _word_pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    # Multi-word keywords tolerate any run of whitespace between their words.
    phrases = ("\\s+".join(map(re.escape, word.split())) for word in words)
    return re.compile(r"\b(?:" + "|".join(phrases) + r")\b", re.IGNORECASE)
