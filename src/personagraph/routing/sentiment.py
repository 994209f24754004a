"""Sentiment: VADER's lexicon model (vaderSentiment, MIT; its lexicon ships in the wheel).

VADER scores a text from -1 to 1 (``compound``) from the valence of the words it knows,
adjusted for negation, intensifiers, capitals and punctuation. The evidence is the
words it knows and their valence in its lexicon, so a surprising label can be traced.
VADER reads sentiment, not risk: "I want to self-harm" scores positive (from "want").
Crisis language is the policies' job, never the sentiment's.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Final

from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from personagraph.model.routing import Sentiment
from personagraph.routing.evidence import Evidence, Finding

__all__ = ["CUT_POINTS", "measure_sentiment"]

# compound ≥ the cut point → the label; -0.05 and 0.05 are VADER's own neutral band.
CUT_POINTS: Final = (
    (0.6, Sentiment.VERY_POSITIVE),
    (0.05, Sentiment.POSITIVE),
    (-0.05, Sentiment.NEUTRAL),
    (-0.6, Sentiment.NEGATIVE),
)
_TOKEN = re.compile(r"[a-z][a-z'-]*")
MAX_EVIDENCE_WORDS: Final = 8


@cache
def _analyzer() -> SentimentIntensityAnalyzer:
    # Reads the lexicon files inside the package once (about 30 ms).
    return SentimentIntensityAnalyzer()


def measure_sentiment(text: str) -> Finding:
    """The request's sentiment label, VADER's compound score, and the words behind it."""
    analyzer = _analyzer()
    compound = float(analyzer.polarity_scores(text)["compound"])
    label = next((label for floor, label in CUT_POINTS if compound >= floor), None)
    lexicon: dict[str, float] = analyzer.lexicon
    known = dict.fromkeys(t for t in _TOKEN.findall(text.lower()) if t in lexicon)
    words = tuple(f"{word} {lexicon[word]:+g}" for word in list(known)[:MAX_EVIDENCE_WORDS])
    evidence = (Evidence("VADER compound score", words, round(compound, 4)),)
    return Finding((label or Sentiment.VERY_NEGATIVE).value, round(compound, 4), evidence)
