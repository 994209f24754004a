"""Which similarity method a run uses, and how its progress reads on the CLI's bar."""

from __future__ import annotations

from personagraph.analytics.progress import ProgressEvent
from personagraph.analytics.similar_personas import EXACT_UP_TO, choose_method
from personagraph.cli.progress import completed, describe


def test_node_similarity_up_to_the_threshold_and_embeddings_above() -> None:
    assert choose_method(1) == "node_similarity"
    assert choose_method(EXACT_UP_TO) == "node_similarity"
    assert choose_method(EXACT_UP_TO + 1) == "knn_jaccard"
    assert choose_method(10, exact_up_to=9) == "knn_jaccard"
    assert choose_method(1, exact_up_to=0, approximate="fastrp_knn") == "fastrp_knn"
    assert choose_method(1, exact_up_to=1, approximate="fastrp_knn") == "node_similarity"


def test_the_bar_names_the_step_and_counts_written_rows_as_part_of_it() -> None:
    started = ProgressEvent("similar_personas", "r", "kNN", 5, 7)
    writing = ProgressEvent("similar_personas", "r", "write the links", 6, 7, 2_500, 10_000)

    assert describe(started) == "kNN (5/7)"
    assert completed(started) == 4
    assert describe(writing) == "write the links 2500/10000 (6/7)"
    assert completed(writing) == 5.25
