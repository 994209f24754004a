"""Sentence boundaries in English prose, for cutting long paragraphs between sentences."""

from __future__ import annotations

import re

_END = re.compile(r"[.!?]+[\"'\u201d\u2019)\]]*\s+")
_NEXT_STARTS = re.compile(r"[\"'\u201c\u2018(\[]?[A-Z0-9]")
# Words ending in a full stop that do not end a sentence.
_ABBREVIATIONS = frozenset(
    [
        "e.g",
        "i.e",
        "etc",
        "vs",
        "dr",
        "mr",
        "mrs",
        "ms",
        "prof",
        "approx",
        "no",
        "fig",
        "st",
        "p",
        "pp",
        "cf",
        "al",
        "ca",
        "ibid",
        "jr",
        "sr",
    ]
)


def split_sentences(text: str) -> list[str]:
    """The sentences of ``text``, in order; joined with single spaces they give the
    whitespace-normalised ``text`` back."""
    sentences: list[str] = []
    start = 0
    for match in _END.finditer(text):
        end = match.end()
        if not _NEXT_STARTS.match(text, end) or _abbreviation_before(text, match.start()):
            continue
        sentences.append(text[start:end].strip())
        start = end
    rest = text[start:].strip()
    if rest:
        sentences.append(rest)
    return [" ".join(sentence.split()) for sentence in sentences if sentence]


def _abbreviation_before(text: str, stop: int) -> bool:
    before = text[:stop].strip()
    word = before.rsplit(None, 1)[-1] if before else ""
    if word == before and word.isdigit():
        return True  # the number of a numbered item ("3. Breathe out"), not a sentence
    word = word.lstrip("(\"'").lower()
    return word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha())
