"""Operation names become /metrics labels only from a bounded set."""

from __future__ import annotations

from personagraph.api.metrics import OTHER, ServiceMetrics


def test_the_first_names_get_series_of_their_own_and_later_ones_share_one() -> None:
    metrics = ServiceMetrics(max_operation_names=3)
    labels = [metrics.operation_label(f"Op{n}", parsed=True) for n in range(6)]
    assert labels == ["Op0", "Op1", "Op2", OTHER, OTHER, OTHER]
    assert metrics.operation_label("Op1", parsed=True) == "Op1"


def test_names_of_documents_that_did_not_parse_or_too_long_are_other() -> None:
    metrics = ServiceMetrics(max_operation_names=100)
    assert metrics.operation_label("Typo", parsed=False) == OTHER
    assert metrics.operation_label("N" * 101, parsed=True) == OTHER
    assert metrics.operation_label(None, parsed=True) == "anonymous"
    assert metrics.operation_label(None, parsed=False) == OTHER
    assert metrics.operation_label("Typo", parsed=True) == "Typo"
