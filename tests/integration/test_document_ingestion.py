"""Adding documents: the dataset lifecycle, deduplication, replacement of a changed file,
bad input refused with the file named and nothing half-written, concurrent adds, links,
and re-embedding after a model change; all against the real Neo4j and the real model."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from personagraph.cli.app import app
from personagraph.documents.datasets import ClaimOutcome, DatasetStatus
from personagraph.documents.ingestion import (
    AddResult,
    Document,
    IngestionConfig,
    add_document,
)
from personagraph.documents.reembedding import reembed
from personagraph.documents.retrieval import retrieve_context
from personagraph.embedding import MiniLmEmbedder
from personagraph.errors import (
    DocumentRejected,
    DocumentTooLarge,
    EditConflict,
    EmbeddingModelMismatch,
    EmptyDocument,
    EncryptedDocument,
    EntityNotFound,
    RequestRejected,
    UnreadableDocument,
    UnsupportedDocument,
)
from personagraph.seeding import pipeline
from personagraph.store import Store
from tests import document_files

MINIMAL = Path(__file__).resolve().parents[1] / "catalogs" / "minimal"
LEARNER = "accounts-payable-specialist-learner"
SKEPTIC = "accounts-payable-specialist-skeptic"
HANDOUT_V1 = b"# Grounding\n\n## Five senses\n\nName five things you can see around you.\n"
HANDOUT_V2 = (
    b"# Grounding\n\n## Five senses\n\nName five things you can see.\n\n"
    b"## Cold water\n\nHold an ice cube or splash cold water on your face.\n"
)


@pytest.fixture
def catalog(store: Store) -> Store:
    pipeline.load(store, pipeline.prepare(MINIMAL))
    return store


def _dataset(store: Store, name: str) -> dict[str, Any]:
    rows = list(store.read("read/documents/datasets", persona_id=None))
    found = [r for r in rows if r["dataset"]["name"] == name]
    assert found, f"no dataset {name!r} in {[r['dataset']['name'] for r in rows]}"
    return {**found[0]["dataset"], "personas": [link["persona_id"] for link in found[0]["links"]]}


def _chunk_texts(store: Store, name: str) -> list[str]:
    dataset_id = _dataset(store, name)["id"]
    return [row["text"] for row in store.read("read/documents/dataset_chunks", id=dataset_id)]


def _add(
    store: Store, embedder: MiniLmEmbedder, name: str, data: bytes, **options: object
) -> AddResult:
    persona = options.pop("persona_id", LEARNER)
    return add_document(store, embedder, Document(name, data), persona_id=persona, **options)  # type: ignore[arg-type]


def test_a_completed_dataset_records_its_file_model_and_chunks(
    catalog: Store, embedder: MiniLmEmbedder
) -> None:
    result = _add(catalog, embedder, "thought-records.md", document_files.thought_record_md())

    dataset = _dataset(catalog, "thought-records.md")
    assert result.outcome is ClaimOutcome.NEW
    assert dataset["status"] == DatasetStatus.COMPLETED
    assert dataset["file_type"] == "md"
    assert dataset["size_bytes"] == len(document_files.thought_record_md())
    assert len(str(dataset["sha256"])) == 64
    assert dataset["embedding_model"] == embedder.model_id
    assert dataset["embedding_dimension"] == 384
    assert (
        dataset["chunk_count"]
        == result.chunk_count
        == len(_chunk_texts(catalog, "thought-records.md"))
    )
    assert dataset["error"] is None
    assert dataset["processed_at"] is not None
    assert dataset["personas"] == [LEARNER]


def test_the_same_file_twice_is_one_dataset_linked_to_both_personas(
    catalog: Store, embedder: MiniLmEmbedder
) -> None:
    pdf = document_files.two_page_pdf()
    first = _add(catalog, embedder, "worry.pdf", pdf)
    again = _add(catalog, embedder, "copy-of-worry.pdf", pdf, persona_id=SKEPTIC)

    datasets = catalog.read("read/documents/datasets", persona_id=None)
    assert len(datasets) == 1
    assert again.outcome is ClaimOutcome.DUPLICATE
    assert again.dataset_id == first.dataset_id
    assert again.dataset_name == "worry.pdf"
    assert sorted(_dataset(catalog, "worry.pdf")["personas"]) == sorted([LEARNER, SKEPTIC])
    assert len(_chunk_texts(catalog, "worry.pdf")) == first.chunk_count


def test_a_changed_file_under_the_same_name_replaces_its_chunks(
    catalog: Store, embedder: MiniLmEmbedder
) -> None:
    _add(catalog, embedder, "grounding.md", HANDOUT_V1)
    before = catalog.read(
        "read/documents/dataset_chunks", id=_dataset(catalog, "grounding.md")["id"]
    )

    changed = _add(catalog, embedder, "grounding.md", HANDOUT_V2)

    after = catalog.read(
        "read/documents/dataset_chunks", id=_dataset(catalog, "grounding.md")["id"]
    )
    assert changed.outcome is ClaimOutcome.CHANGED
    assert not {row["id"] for row in before} & {row["id"] for row in after}
    assert any("ice cube" in row["text"] for row in after)
    assert _dataset(catalog, "grounding.md")["chunk_count"] == len(after) == 2
    assert len(catalog.read("read/documents/datasets", persona_id=None)) == 1
    found = retrieve_context(catalog, embedder, LEARNER, "hold an ice cube", threshold=0)
    assert found[0].section == "Grounding > Cold water"


def test_a_name_another_persona_uses_is_not_taken_over(
    catalog: Store, embedder: MiniLmEmbedder
) -> None:
    _add(catalog, embedder, "notes.md", HANDOUT_V1)

    with pytest.raises(
        EditConflict,
        match=r"'notes.md' belongs to another file, used by 'accounts-payable-specialist-learn"
        r"er'.*--dataset",
    ):
        _add(catalog, embedder, "notes.md", HANDOUT_V2, persona_id=SKEPTIC)

    assert any("five things you can see around you" in t for t in _chunk_texts(catalog, "notes.md"))


BadFile = Callable[[], bytes]


@pytest.mark.parametrize(
    ("name", "make", "error", "words"),
    [
        ("locked.pdf", document_files.encrypted_pdf, EncryptedDocument, "encrypted"),
        ("broken.pdf", document_files.corrupt_pdf, UnreadableDocument, "cannot be read"),
        (
            "bomb.docx",
            lambda: document_files.zip_bomb_docx(20 * 1024 * 1024),
            DocumentTooLarge,
            "zip bomb",
        ),
    ],
)
def test_a_file_that_fails_after_its_dataset_exists_marks_it_error_with_no_chunks(
    catalog: Store,
    embedder: MiniLmEmbedder,
    name: str,
    make: BadFile,
    error: type[DocumentRejected],
    words: str,
) -> None:
    with pytest.raises(error, match=words) as raised:
        _add(catalog, embedder, name, make())

    assert str(raised.value).startswith(f"{name}: ")
    dataset = _dataset(catalog, name)
    assert dataset["status"] == DatasetStatus.ERROR
    assert words in str(dataset["error"])
    assert dataset["chunk_count"] == 0
    assert _chunk_texts(catalog, name) == []


@pytest.mark.parametrize(
    ("name", "data", "error", "words"),
    [
        ("empty.md", b"", EmptyDocument, "0 bytes"),
        (
            "handout.docx",
            b"# Just Markdown\n\nNot a Word file.\n",
            UnsupportedDocument,
            "rename it to .txt or .md",
        ),
        ("scan.pdf", b"PK\x03\x04word/document.xml", UnsupportedDocument, "content is a DOCX"),
        (
            "budget.xlsx",
            b"PK\x03\x04xl/workbook.xml",
            UnsupportedDocument,
            "'.xlsx' is not supported",
        ),
        ("old.doc", b"\xd0\xcf\x11\xe0binary", UnsupportedDocument, "save it as .docx"),
    ],
)
def test_a_file_refused_before_processing_leaves_no_dataset(
    catalog: Store,
    embedder: MiniLmEmbedder,
    name: str,
    data: bytes,
    error: type[DocumentRejected],
    words: str,
) -> None:
    with pytest.raises(error, match=words) as raised:
        _add(catalog, embedder, name, data)

    assert raised.value.file_name == name
    assert catalog.read("read/documents/datasets", persona_id=None) == []


def test_a_file_over_the_size_limit_is_refused_naming_the_limit(
    catalog: Store, embedder: MiniLmEmbedder
) -> None:
    small = IngestionConfig(max_bytes=100)

    with pytest.raises(
        DocumentTooLarge,
        match=r"big.md: 1,000 bytes is over the limit of 100 bytes.*DOCUMENT_MAX_BYTES",
    ):
        _add(catalog, embedder, "big.md", b"x" * 1000, config=small)

    assert catalog.read("read/documents/datasets", persona_id=None) == []


def test_a_changed_file_that_fails_leaves_the_dataset_in_error_without_chunks(
    catalog: Store, embedder: MiniLmEmbedder
) -> None:
    _add(catalog, embedder, "relax.pdf", document_files.two_page_pdf())

    with pytest.raises(UnreadableDocument):
        _add(catalog, embedder, "relax.pdf", document_files.corrupt_pdf())

    dataset = _dataset(catalog, "relax.pdf")
    assert dataset["status"] == DatasetStatus.ERROR
    assert _chunk_texts(catalog, "relax.pdf") == []
    assert retrieve_context(catalog, embedder, LEARNER, "muscle relaxation", threshold=0) == []


def test_adding_for_an_unknown_persona_is_refused_and_leaves_nothing(
    catalog: Store, embedder: MiniLmEmbedder
) -> None:
    with pytest.raises(EntityNotFound, match="'no-such-persona'"):
        _add(catalog, embedder, "grounding.md", HANDOUT_V1, persona_id="no-such-persona")

    assert catalog.read("read/documents/datasets", persona_id=None) == []


def test_concurrent_adds_of_one_file_make_one_dataset(
    catalog: Store, embedder: MiniLmEmbedder
) -> None:
    results: list[AddResult] = []
    failures: list[BaseException] = []
    data = document_files.sleep_docx()

    def add(persona: str) -> None:
        try:
            results.append(_add(catalog, embedder, "sleep.docx", data, persona_id=persona))
        except BaseException as exc:  # reported below
            failures.append(exc)

    threads = [threading.Thread(target=add, args=(p,)) for p in [LEARNER, SKEPTIC, LEARNER]]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert failures == []
    assert len(catalog.read("read/documents/datasets", persona_id=None)) == 1
    dataset = _dataset(catalog, "sleep.docx")
    assert sorted(set(dataset["personas"])) == sorted([LEARNER, SKEPTIC])
    outcomes = sorted(result.outcome.value for result in results)
    assert outcomes.count("new") == 1
    # Whoever came second found the dataset done or in progress; once all are back, it is done.
    assert dataset["status"] == DatasetStatus.COMPLETED
    assert len(_chunk_texts(catalog, "sleep.docx")) == dataset["chunk_count"]


def test_a_persona_without_datasets_gets_an_empty_list(
    catalog: Store, embedder: MiniLmEmbedder
) -> None:
    assert retrieve_context(catalog, embedder, LEARNER, "anything at all") == []


def test_an_unknown_persona_is_an_error_naming_it(catalog: Store, embedder: MiniLmEmbedder) -> None:
    with pytest.raises(EntityNotFound, match="'ghost'"):
        retrieve_context(catalog, embedder, "ghost", "anything")


def test_a_query_of_100_kb_is_refused_with_its_length_and_the_limit(
    catalog: Store, embedder: MiniLmEmbedder
) -> None:
    with pytest.raises(
        RequestRejected, match=r"query: 102,400 characters is over the limit of 2,000"
    ):
        retrieve_context(catalog, embedder, LEARNER, "a" * 102_400)


def test_a_disabled_link_hides_a_dataset_and_weight_and_access_lower_scores(
    catalog: Store, embedder: MiniLmEmbedder
) -> None:
    added = _add(catalog, embedder, "thought-records.md", document_files.thought_record_md())
    question = "steps to write down an automatic thought"
    full = retrieve_context(catalog, embedder, LEARNER, question, threshold=0)[0].score

    catalog.write("write/documents/set_link", persona_id=LEARNER, dataset_id=added.dataset_id,
                  enabled=None, weight=0.5, access_level="reference_only")  # fmt: skip
    lowered = retrieve_context(catalog, embedder, LEARNER, question, threshold=0)[0].score
    catalog.write("write/documents/set_link", persona_id=LEARNER, dataset_id=added.dataset_id,
                  enabled=False, weight=None, access_level=None)  # fmt: skip
    hidden = retrieve_context(catalog, embedder, LEARNER, question, threshold=0)

    assert lowered == pytest.approx(full * 0.5 * 0.7, abs=1e-3)
    assert hidden == []


def test_vectors_of_another_model_are_detected_and_reembed_replaces_them(
    catalog: Store, embedder: MiniLmEmbedder
) -> None:
    older = MiniLmEmbedder(window=128)  # the same network with other settings: other vectors
    _add(catalog, older, "thought-records.md", document_files.thought_record_md())

    with pytest.raises(EmbeddingModelMismatch, match="personagraph docs reembed"):
        retrieve_context(catalog, embedder, LEARNER, "automatic thought")
    with pytest.raises(EmbeddingModelMismatch, match="reembed"):
        _add(catalog, embedder, "grounding.md", HANDOUT_V1)

    report = reembed(catalog, embedder)

    assert (report.datasets, report.model) == (1, embedder.model_id)
    assert _dataset(catalog, "thought-records.md")["embedding_model"] == embedder.model_id
    found = retrieve_context(catalog, embedder, LEARNER, "steps to write down an automatic thought")
    assert found[0].section == "Thought Records > Exercise: Catch the Thought"
    assert reembed(catalog, embedder).datasets == 0


@pytest.mark.usefixtures("cli_env")
def test_docs_add_reports_each_file_and_fails_for_the_broken_one(
    catalog: Store, tmp_path: Path
) -> None:
    good = tmp_path / "grounding.md"
    good.write_bytes(HANDOUT_V1)
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(document_files.corrupt_pdf())
    runner = CliRunner()
    wide = {"COLUMNS": "200"}

    added = runner.invoke(
        app, ["docs", "add", str(good), str(broken), "--persona", LEARNER], env=wide
    )
    listed = runner.invoke(app, ["docs", "list", "--persona", LEARNER], env={"COLUMNS": "600"})
    relinked = runner.invoke(
        app, ["docs", "link", "grounding.md", "--persona", LEARNER, "--weight", "0.5"], env=wide
    )
    stranger = runner.invoke(app, ["docs", "link", "grounding.md", "--persona", SKEPTIC], env=wide)
    removed = runner.invoke(app, ["docs", "remove", "broken.pdf"], env=wide)

    assert added.exit_code == 1
    assert "grounding.md: new → dataset 'grounding.md' (completed, 1 chunks)" in added.output
    assert "broken.pdf: the PDF cannot be read" in added.output
    assert "completed" in listed.output
    assert "error: the PDF cannot be read" in listed.output
    assert relinked.exit_code == 0
    assert "weight=0.5" in relinked.output
    assert stranger.exit_code == 1
    assert f"persona {SKEPTIC!r} does not use a dataset named 'grounding.md'" in stranger.output
    assert removed.exit_code == 0
    assert [
        r["dataset"]["name"] for r in catalog.read("read/documents/datasets", persona_id=None)
    ] == ["grounding.md"]


@pytest.mark.usefixtures("cli_env")
def test_docs_reembed_says_when_there_is_nothing_to_do(
    catalog: Store, embedder: MiniLmEmbedder
) -> None:
    _add(catalog, MiniLmEmbedder(window=128), "grounding.md", HANDOUT_V1)
    runner = CliRunner()

    first = runner.invoke(app, ["docs", "reembed"])
    second = runner.invoke(app, ["docs", "reembed"])

    assert first.exit_code == 0, first.output
    assert f"re-embedded 1 chunks of 1 datasets with {embedder.model_id}" in first.output
    assert "nothing to do" in second.output
