"""Documents the tests write (a two-page PDF, a DOCX with headings, a Markdown handout
with a numbered exercise) are found again with their page and section, by the real
model in the real Neo4j; over the library function, the CLI and GraphQL."""

from __future__ import annotations

import json
from concurrent.futures import Future
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from personagraph.cli.app import app
from personagraph.documents.ingestion import Document, add_document
from personagraph.documents.ranking import Signals
from personagraph.documents.retrieval import RetrievalConfig, RetrievedChunk, retrieve_context
from personagraph.embedding import MiniLmEmbedder
from personagraph.neo4j_local.provision import Provisioned
from personagraph.seeding import pipeline
from personagraph.store import Store, migrations
from personagraph.store.wipe import wipe
from tests import document_files
from tests.integration.graphql_api import api_for

MINIMAL = Path(__file__).resolve().parents[1] / "catalogs" / "minimal"
LEARNER = "accounts-payable-specialist-learner"
OTHER = "sales-development-representative-automator"
QUESTIONS = [
    "How do I tense and release my muscles to relax?",
    "Is it okay to drink coffee in the afternoon?",
    "What are the steps for writing down an automatic thought?",
    "quarterly sales commission",
    "train travel",
]
# Every scope searched through the vector index, however small.
THROUGH_THE_INDEX = RetrievalConfig(exact_scan_limit=0)


class OneReadAtATime(Store):
    """The real store, except that a started read runs at once, in the caller's thread:
    the statements one after the other, which the concurrent path must agree with."""

    def start_read(self, name: str, /, **parameters: Any) -> Future[list[dict[str, Any]]]:
        done: Future[list[dict[str, Any]]] = Future()
        done.set_result(self.read(name, **parameters))
        return done


@pytest.fixture(scope="module")
def handouts(session_store: Store, embedder: MiniLmEmbedder) -> Store:
    """The minimal catalog; three handouts for LEARNER, one file for OTHER, one global."""
    store = session_store
    wipe(store)
    migrations.migrate(store)
    pipeline.load(store, pipeline.prepare(MINIMAL))
    for name, data in [
        ("worry.pdf", document_files.two_page_pdf()),
        ("sleep.docx", document_files.sleep_docx()),
        ("thought-records.md", document_files.thought_record_md()),
    ]:
        add_document(store, embedder, Document(name, data), persona_id=LEARNER)
    commissions = b"# Commission Plan\n\nQuarterly sales commission is paid on closed-won deals.\n"
    add_document(store, embedder, Document("commissions.md", commissions), persona_id=OTHER)
    policy = b"# Travel Policy\n\nBook train travel for trips under four hours.\n"
    add_document(store, embedder, Document("travel.md", policy), persona_id=None, is_global=True)
    return store


def _search(
    store: Store,
    embedder: MiniLmEmbedder,
    query: str,
    max_chunks: int | None = None,
    threshold: float | None = None,
) -> list[RetrievedChunk]:
    return retrieve_context(
        store, embedder, LEARNER, query, max_chunks=max_chunks, threshold=threshold
    )


def test_a_pdf_chunk_is_found_with_its_page_and_section(
    handouts: Store, embedder: MiniLmEmbedder
) -> None:
    found = _search(handouts, embedder, "How do I tense and release my muscles to relax?")

    best = found[0]
    assert best.source == "worry.pdf"
    assert best.page == 2
    assert best.section == "Managing Worry > Progressive Muscle Relaxation"
    assert "Tense the muscles of your hands" in best.text


def test_the_first_page_of_the_pdf_is_page_1(handouts: Store, embedder: MiniLmEmbedder) -> None:
    found = _search(handouts, embedder, "When should I postpone my worries to?")

    assert (found[0].source, found[0].page) == ("worry.pdf", 1)
    assert found[0].section == "Managing Worry > Worry Time"


def test_a_docx_chunk_is_found_under_its_headings(
    handouts: Store, embedder: MiniLmEmbedder
) -> None:
    found = _search(handouts, embedder, "Is it okay to drink coffee in the afternoon?")

    best = found[0]
    assert best.source == "sleep.docx"
    assert best.section == "Sleep Hygiene Handout > Caffeine and Alcohol"
    assert best.page is None  # a DOCX has no pages
    assert "avoid caffeine after lunch" in best.text


def test_the_numbered_exercise_comes_back_whole(handouts: Store, embedder: MiniLmEmbedder) -> None:
    found = _search(handouts, embedder, "What are the steps for writing down an automatic thought?")

    best = found[0]
    assert best.source == "thought-records.md"
    assert best.section == "Thought Records > Exercise: Catch the Thought"
    assert best.kind == "exercise"
    for step in range(1, 6):
        assert f"{step}. " in best.text
    assert 0.7 <= best.score <= 1


def test_results_are_at_most_max_chunks_above_the_threshold_best_first(
    handouts: Store, embedder: MiniLmEmbedder
) -> None:
    everything = _search(handouts, embedder, "sleep", max_chunks=50, threshold=0.0)
    two = _search(handouts, embedder, "sleep", max_chunks=2, threshold=0.0)
    strict = _search(handouts, embedder, "sleep", max_chunks=50, threshold=0.99)

    scores = [chunk.score for chunk in everything]
    assert scores == sorted(scores, reverse=True)
    assert [c.chunk_id for c in two] == [c.chunk_id for c in everything[:2]]
    assert strict == []


def test_only_the_personas_own_and_global_datasets_are_searched(
    handouts: Store, embedder: MiniLmEmbedder
) -> None:
    found = _search(handouts, embedder, "quarterly sales commission", max_chunks=50, threshold=0)

    sources = {chunk.source for chunk in found}
    assert "commissions.md" not in sources
    assert sources <= {"worry.pdf", "sleep.docx", "thought-records.md", "travel.md"}
    assert "travel.md" in sources  # global: every persona's


@pytest.mark.usefixtures("cli_env")
def test_docs_search_json_prints_a_list_with_the_source_of_each_chunk(handouts: Store) -> None:
    result = CliRunner().invoke(
        app, ["docs", "search", "coffee in the afternoon", "--persona", LEARNER, "--json"]
    )

    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert rows
    assert set(rows[0]) == {"text", "score", "dataset", "source", "page", "section"}
    assert rows[0]["source"] == "sleep.docx"
    assert rows[0]["section"] == "Sleep Hygiene Handout > Caffeine and Alcohol"


@pytest.mark.usefixtures("cli_env")
def test_docs_search_prints_sources_for_people(handouts: Store) -> None:
    result = CliRunner().invoke(
        app,
        ["docs", "search", "tense and release muscles", "--persona", LEARNER, "--top", "1"],
        env={"COLUMNS": "200"},
    )

    assert result.exit_code == 0, result.output
    assert "1. " in result.output
    assert "worry.pdf, page 2" in result.output
    assert "Managing Worry > Progressive Muscle Relaxation" in result.output


def test_retrieve_context_over_graphql_answers_with_sources(
    handouts: Store, neo4j_server: Provisioned
) -> None:
    query = """query ($q: String!, $p: String!) {
      retrieveContext(personaId: $p, query: $q, maxChunks: 2) {
        text score dataset source page section kind } }"""

    with api_for(neo4j_server.spec, anonymous_reads=True) as api:
        data = api.ok(query, {"q": "tense and release muscles", "p": LEARNER})

    chunks = data["retrieveContext"]
    assert 1 <= len(chunks) <= 2
    assert chunks[0]["source"] == "worry.pdf"
    assert chunks[0]["page"] == 2
    assert chunks[0]["section"] == "Managing Worry > Progressive Muscle Relaxation"


@pytest.mark.parametrize("config", [RetrievalConfig(), THROUGH_THE_INDEX], ids=["exact", "index"])
@pytest.mark.parametrize("persona", [LEARNER, OTHER])
@pytest.mark.parametrize("signals", list(Signals))
def test_searches_run_at_the_same_time_answer_what_they_answer_one_after_the_other(
    handouts: Store,
    embedder: MiniLmEmbedder,
    config: RetrievalConfig,
    persona: str,
    signals: Signals,
) -> None:
    in_turn = OneReadAtATime(handouts.driver, handouts.database)
    answered = 0
    for question in QUESTIONS:
        together = retrieve_context(
            handouts, embedder, persona, question, threshold=0, config=config, signals=signals
        )
        one_by_one = retrieve_context(
            in_turn, embedder, persona, question, threshold=0, config=config, signals=signals
        )

        assert together == one_by_one, question
        answered += bool(together)
    assert answered  # not a comparison of empty lists


def test_the_vector_index_keeps_to_the_personas_scope(
    handouts: Store, embedder: MiniLmEmbedder
) -> None:
    found = retrieve_context(
        handouts,
        embedder,
        LEARNER,
        "quarterly sales commission",
        max_chunks=50,
        threshold=0,
        config=THROUGH_THE_INDEX,
    )

    sources = {chunk.source for chunk in found}
    assert sources == {"worry.pdf", "sleep.docx", "thought-records.md", "travel.md"}


def test_a_persona_holding_few_of_the_chunks_finds_its_own_by_their_words(
    handouts: Store, embedder: MiniLmEmbedder
) -> None:
    # OTHER's scope (its file and the global one) is a small share of all chunks: the
    # full-text search has the scope as a filter inside the Lucene query.
    found = retrieve_context(
        handouts, embedder, OTHER, "sleep coffee commission", threshold=0, signals=Signals.LEXICAL
    )

    assert [chunk.source for chunk in found] == ["commissions.md"]
