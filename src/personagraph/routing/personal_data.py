"""Detectors of personal data, and redaction.

Each detector finds spans of one kind; :func:`redact` replaces every span with the
kind's placeholder (``[EMAIL]``, ``[PHONE]``, ``[CARD]``, ``[NATIONAL_ID]``). A
placeholder is itself detected as its kind, so a redacted text analysed again (a
replay of the audit log) has the same findings as the original had.

- e-mail: ``local@domain.tld``;
- payment card: 13-19 digits (spaces or dashes between groups) passing the Luhn check;
- national id: a US social security number (``123-45-6789``, area not 000, 666 or
  9xx) or a UK national insurance number (``QQ 12 34 56 C``);
- phone: 10-15 digits with an optional ``+`` and the usual separators (a bare run of
  12 or more digits is taken for an order or account number), when the same digits are
  not already a card or a national id.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Final

from personagraph.model.routing import Detector

__all__ = ["PLACEHOLDERS", "Span", "find", "luhn_valid", "redact"]

PLACEHOLDERS: Final[dict[Detector, str]] = {
    Detector.EMAIL: "[EMAIL]",
    Detector.PAYMENT_CARD: "[CARD]",
    Detector.NATIONAL_ID: "[NATIONAL_ID]",
    Detector.PHONE: "[PHONE]",
}


@dataclass(frozen=True)
class Span:
    """Where personal data of one kind sits in a text: ``text[start:end]``."""

    kind: Detector
    start: int
    end: int


_EMAIL = re.compile(r"\b[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b")
_CARD = re.compile(r"(?<![\d-])\d(?:[ -]?\d){12,18}(?![\d-])")
_SSN = re.compile(r"(?<![\d-])(?!000|666|9\d\d)\d{3}-(?!00)\d{2}-(?!0000)\d{4}(?![\d-])")
_NINO = re.compile(
    r"\b(?!BG|GB|KN|NK|NT|TN|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]"
    r"\s?\d{2}\s?\d{2}\s?\d{2}\s?[A-D]\b",
    re.IGNORECASE,
)
_PHONE = re.compile(r"(?<![\w+])\+?\(?\d[\d\s().-]{8,18}\d(?![\w-])")


def luhn_valid(digits: str) -> bool:
    """The Luhn check every payment card number passes (``digits``: digits only)."""
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2 == 1:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


def _digits(text: str) -> str:
    return "".join(c for c in text if c.isdigit())


def _emails(text: str) -> Iterator[tuple[int, int]]:
    for match in _EMAIL.finditer(text):
        yield match.span()


def _cards(text: str) -> Iterator[tuple[int, int]]:
    for match in _CARD.finditer(text):
        digits = _digits(match.group(0))
        if 13 <= len(digits) <= 19 and luhn_valid(digits):
            yield match.span()


def _national_ids(text: str) -> Iterator[tuple[int, int]]:
    for pattern in (_SSN, _NINO):
        for match in pattern.finditer(text):
            yield match.span()


def _phones(text: str) -> Iterator[tuple[int, int]]:
    for match in _PHONE.finditer(text):
        found = match.group(0)
        digits = _digits(found)
        # A bare run of 12+ digits is more often an order or account number than a phone.
        written_as_phone = found.startswith("+") or len(digits) < len(found) or len(digits) <= 11
        if 10 <= len(digits) <= 15 and written_as_phone:
            yield match.span()


# In order of precedence: a span taken by an earlier kind is not claimed by a later one.
_DETECTORS: Final[tuple[tuple[Detector, Callable[[str], Iterator[tuple[int, int]]]], ...]] = (
    (Detector.EMAIL, _emails),
    (Detector.PAYMENT_CARD, _cards),
    (Detector.NATIONAL_ID, _national_ids),
    (Detector.PHONE, _phones),
)


def find(text: str, kinds: frozenset[Detector] | None = None) -> list[Span]:
    """Every span of personal data in ``text`` (of ``kinds``, default all), in text order.

    Placeholders left by an earlier redaction count as their kind.
    """
    taken: list[Span] = []
    for kind, detect in _DETECTORS:
        if kinds is not None and kind not in kinds:
            continue
        placeholder = PLACEHOLDERS[kind]
        spans = [*detect(text), *_placeholders(text, placeholder)]
        for start, end in spans:
            if not any(start < other.end and other.start < end for other in taken):
                taken.append(Span(kind, start, end))
    return sorted(taken, key=lambda span: span.start)


def _placeholders(text: str, placeholder: str) -> Iterator[tuple[int, int]]:
    start = text.find(placeholder)
    while start != -1:
        yield start, start + len(placeholder)
        start = text.find(placeholder, start + 1)


def redact(text: str, spans: list[Span]) -> str:
    """``text`` with every span replaced by its kind's placeholder."""
    pieces: list[str] = []
    cursor = 0
    for span in sorted(spans, key=lambda s: s.start):
        pieces += [text[cursor : span.start], PLACEHOLDERS[span.kind]]
        cursor = span.end
    pieces.append(text[cursor:])
    return "".join(pieces)
