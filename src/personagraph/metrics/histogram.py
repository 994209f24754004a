"""Latency percentiles that survive aggregation: fixed histogram bins.

A percentile of a bucket cannot be computed from the percentiles of smaller buckets
(the p99 of two hours is not the mean of their p99s). Counts per fixed latency bin can:
two histograms over the same bins add up bin by bin, exactly, whatever the time
buckets, and a percentile is read from the sum. The price is resolution: the bins grow
geometrically by 10 % from 1 ms to 2 minutes, so a percentile read from them is off by
at most the width of its bin, 10 % of its value (half of that, 5 %, with the
interpolation below on smooth data). Latencies under 1 ms share bin 0, those of 2
minutes or more the last bin.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Sequence
from typing import Final

__all__ = ["BOUNDS", "GROWTH", "bin_of", "merge", "percentile", "trim"]

GROWTH: Final = 1.1
_LOWEST_MS: Final = 1.0
_HIGHEST_MS: Final = 120_000.0
_STEPS: Final = math.ceil(math.log(_HIGHEST_MS / _LOWEST_MS) / math.log(GROWTH))
# Lower bounds of the bins: bin 0 is [0, 1 ms), bin i is [BOUNDS[i], BOUNDS[i + 1]).
BOUNDS: Final[tuple[float, ...]] = (0.0, *(_LOWEST_MS * GROWTH**i for i in range(_STEPS + 1)))


def bin_of(latency_ms: float) -> int:
    """The bin ``latency_ms`` falls in (negative latencies are refused before this)."""
    return max(bisect.bisect_right(BOUNDS, latency_ms) - 1, 0)


def merge(a: Sequence[int], b: Sequence[int]) -> list[int]:
    """Two histograms added bin by bin (lists may be of different lengths)."""
    longer, shorter = (a, b) if len(a) >= len(b) else (b, a)
    return [count + (shorter[i] if i < len(shorter) else 0) for i, count in enumerate(longer)]


def trim(counts: Sequence[int]) -> list[int]:
    """``counts`` without its trailing empty bins (stored histograms stay short)."""
    end = len(counts)
    while end and counts[end - 1] == 0:
        end -= 1
    return list(counts[:end])


def percentile(counts: Sequence[int], q: float) -> float | None:
    """The ``q``-th percentile (0-100) of the latencies counted, in ms; None when empty.

    The rank is found in the cumulative counts and placed within its bin linearly, as if
    the bin's latencies were spread evenly over it (the last bin reports its lower bound).
    """
    total = sum(counts)
    if total == 0:
        return None
    rank = q / 100 * total
    seen = 0
    for index, count in enumerate(counts):
        if count and seen + count >= rank:
            low = BOUNDS[index]
            if index + 1 >= len(BOUNDS):
                return low
            share = (rank - seen) / count
            return low + share * (BOUNDS[index + 1] - low)
        seen += count
    return BOUNDS[min(len(counts), len(BOUNDS)) - 1]
