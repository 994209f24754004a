"""Adding a document: check the file, claim its dataset, extract, chunk, embed, store.

Checks that need no parsing (size, emptiness, type) run before any dataset exists.
Everything after the claim either completes (the dataset's chunks replaced by the new
ones in one transaction) or fails (its chunks removed and the reason recorded, also in
one transaction), so no partial chunks are ever left.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from personagraph.documents.chunking import Chunk, ChunkingOptions, chunk_blocks
from personagraph.documents.datasets import (
    Claim,
    ClaimOutcome,
    ClaimRequest,
    DatasetStatus,
    FileFacts,
    StatusChange,
    check_link,
    claim,
    record_status,
)
from personagraph.documents.extraction import extract_blocks
from personagraph.documents.formats import DocumentType, detect_type, too_large
from personagraph.documents.progress import PhaseReport
from personagraph.embedding import Embedder, Vectors
from personagraph.errors import (
    DocumentRejected,
    EditConflict,
    EmbeddingModelMismatch,
    RequestRejected,
)
from personagraph.settings import Settings
from personagraph.store import Store
from personagraph.store.connection import Transaction

CHUNK_INDEX = "chunk_embedding"
_ROWS_PER_STATEMENT = 500


@dataclass(frozen=True)
class IngestionConfig:
    """Limits and chunking of document ingestion (from :class:`Settings`)."""

    max_bytes: int = 20 * 1024 * 1024
    max_unpacked_bytes: int = 200 * 1024 * 1024
    chunking: ChunkingOptions = field(default_factory=ChunkingOptions)
    processing_timeout: float = 600.0

    @classmethod
    def from_settings(cls, settings: Settings) -> IngestionConfig:
        return cls(
            max_bytes=settings.document_max_bytes,
            max_unpacked_bytes=settings.document_max_unpacked_bytes,
            chunking=ChunkingOptions(settings.chunk_tokens, settings.chunk_overlap),
            processing_timeout=settings.document_processing_timeout,
        )


@dataclass(frozen=True)
class Document:
    """A file to add: its name as given and its bytes."""

    file_name: str
    data: bytes

    @classmethod
    def read(cls, path: Path, max_bytes: int) -> Document:
        """The file at ``path``, refused before reading when it is over ``max_bytes``."""
        size = path.stat().st_size
        if size > max_bytes:
            raise too_large(path.name, size, max_bytes)
        return cls(path.name, path.read_bytes())


@dataclass(frozen=True)
class AddResult:
    """What adding one file did."""

    dataset_id: str
    dataset_name: str
    file_name: str
    outcome: ClaimOutcome
    status: DatasetStatus
    chunk_count: int


def add_document(
    store: Store,
    embedder: Embedder,
    document: Document,
    *,
    persona_id: str | None,
    dataset_name: str | None = None,
    is_global: bool = False,
    weight: float = 1.0,
    access_level: str = "full",
    config: IngestionConfig = IngestionConfig(),
    progress: PhaseReport | None = None,
) -> AddResult:
    """Add ``document`` for ``persona_id`` (or every persona, ``is_global``).

    ``progress`` is told each phase of the processing as it begins (extract, chunk,
    embed, write, then completed or failed; see :mod:`.progress`).

    Raises:
        DocumentRejected: the file is empty, too large, of an unsupported type, or cannot
            be read; when it got as far as a dataset, that dataset is marked ``error``.
        EntityNotFound: no such persona.
        EditConflict: the dataset name belongs to other personas, or a newer add of the
            same dataset took over while this one ran.
        RequestRejected: neither a persona nor ``is_global``; a bad weight or access level.
    """
    _check_link(persona_id, is_global, weight, access_level)
    document_type = detect_type(document.file_name, document.data, max_bytes=config.max_bytes)
    facts = FileFacts(
        file_name=document.file_name,
        file_type=document_type.value,
        size_bytes=len(document.data),
        sha256=hashlib.sha256(document.data).hexdigest(),
    )
    request = ClaimRequest(
        facts, dataset_name or document.file_name, persona_id, is_global, weight, access_level
    )
    claimed = claim(store, request, embedder.model_id, config.processing_timeout)
    if claimed.run_id is None:
        return _result(store, claimed, document.file_name)
    report = progress or _ignore
    try:
        chunk_count = _process(store, embedder, claimed, document, document_type, config, report)
    except Exception:
        report(claimed.dataset_id, "failed")
        raise
    report(claimed.dataset_id, "completed")
    return AddResult(
        claimed.dataset_id,
        claimed.dataset_name,
        document.file_name,
        claimed.outcome,
        DatasetStatus.COMPLETED,
        chunk_count,
    )


def _ignore(_dataset_id: str, _phase: str) -> None:
    """The report of a caller who does not follow progress."""


def _check_link(persona_id: str | None, is_global: bool, weight: float, access: str) -> None:
    if persona_id is None and not is_global:
        raise RequestRejected("persona: give the persona the document is for, or mark it global")
    check_link(weight, access)


def _result(store: Store, claimed: Claim, file_name: str) -> AddResult:
    row = store.read("read/documents/dataset", id=claimed.dataset_id)[0]["dataset"]
    return AddResult(
        claimed.dataset_id,
        row["name"],
        file_name,
        claimed.outcome,
        DatasetStatus(row["status"]),
        row["chunk_count"] or 0,
    )


def _process(
    store: Store,
    embedder: Embedder,
    claimed: Claim,
    document: Document,
    document_type: DocumentType,
    config: IngestionConfig,
    report: PhaseReport,
) -> int:
    run_id = claimed.run_id
    assert run_id is not None
    started = store.transaction(
        lambda tx: record_status(
            tx, claimed.dataset_id, run_id, StatusChange(DatasetStatus.PROCESSING)
        )
    )
    if not started:
        raise _superseded(claimed)
    try:
        report(claimed.dataset_id, "extract")
        blocks = extract_blocks(
            document_type,
            document.data,
            document.file_name,
            max_unpacked_bytes=config.max_unpacked_bytes,
        )
        report(claimed.dataset_id, "chunk")
        chunks = chunk_blocks(blocks, config.chunking, embedder.count_tokens)
        report(claimed.dataset_id, "embed")
        vectors = embedder.embed([chunk.context_text for chunk in chunks])
        report(claimed.dataset_id, "write")
        written = store.transaction(
            lambda tx: _complete(tx, claimed, run_id, chunks, vectors, embedder)
        )
    except Exception as exc:
        # Recorded on the dataset (the file is the dataset's), then raised as it came.
        reason = exc.reason if isinstance(exc, DocumentRejected) else str(exc) or repr(exc)
        store.transaction(lambda tx: _fail(tx, claimed.dataset_id, run_id, reason))
        raise
    if not written:
        raise _superseded(claimed)
    return len(chunks)


def _superseded(claimed: Claim) -> EditConflict:
    return EditConflict(
        f"dataset {claimed.dataset_name!r}: a newer add of this dataset took it over while "
        "this one ran; its result is the one kept"
    )


def _complete(
    tx: Transaction,
    claimed: Claim,
    run_id: str,
    chunks: Sequence[Chunk],
    vectors: Vectors,
    embedder: Embedder,
) -> bool:
    if not tx.run("read/documents/dataset_run", id=claimed.dataset_id, run_id=run_id):
        return False
    check_index_model(tx, embedder)
    tx.run("write/documents/delete_chunks", dataset_id=claimed.dataset_id)
    rows = chunk_rows(claimed.dataset_id, run_id, chunks, vectors)
    for start in range(0, len(rows), _ROWS_PER_STATEMENT):
        tx.run(
            "write/documents/create_chunks",
            dataset_id=claimed.dataset_id,
            rows=rows[start : start + _ROWS_PER_STATEMENT],
        )
    done = StatusChange(
        DatasetStatus.COMPLETED,
        chunk_count=len(chunks),
        embedding_model=embedder.model_id,
        embedding_dimension=embedder.dimension,
    )
    return record_status(tx, claimed.dataset_id, run_id, done)


def _fail(tx: Transaction, dataset_id: str, run_id: str, reason: str) -> None:
    if tx.run("read/documents/dataset_run", id=dataset_id, run_id=run_id):
        tx.run("write/documents/delete_chunks", dataset_id=dataset_id)
        record_status(tx, dataset_id, run_id, StatusChange(DatasetStatus.ERROR, error=reason))


def chunk_rows(
    dataset_id: str, run_id: str, chunks: Sequence[Chunk], vectors: Vectors
) -> list[dict[str, Any]]:
    """The rows ``write/documents/create_chunks`` takes."""
    return [
        {
            "id": f"{dataset_id}:{run_id[:8]}:{chunk.index}",
            "index": chunk.index,
            "text": chunk.text,
            "section": chunk.header,
            "page": chunk.page,
            "kind": chunk.kind.value,
            "tokens": chunk.tokens,
            "embedding": vector.tolist(),
        }
        for chunk, vector in zip(chunks, vectors, strict=True)
    ]


def check_index_model(tx: Transaction, embedder: Embedder) -> None:
    """Record ``embedder``'s model on the chunk index, or refuse when another model's
    vectors are in it.

    Raises:
        EmbeddingModelMismatch: the index holds vectors of another model.
    """
    rows = tx.run("read/documents/embedding_index", name=CHUNK_INDEX)
    if rows and rows[0]["model"] == embedder.model_id:
        return
    others = tx.run("read/documents/datasets_of_other_models", model=embedder.model_id, all=False)
    if others:
        names = ", ".join(repr(row["name"]) for row in others[:5])
        raise EmbeddingModelMismatch(
            f"the chunk index holds vectors of {others[0]['embedding_model']!r} (datasets "
            f"{names}), not of {embedder.model_id!r}; run `personagraph docs reembed` first"
        )
    if embedder.dimension != 384:
        raise EmbeddingModelMismatch(
            f"the {CHUNK_INDEX} index has 384 dimensions (migration 003); model "
            f"{embedder.model_id!r} has {embedder.dimension}: a migration must recreate it"
        )
    tx.run(
        "write/documents/set_embedding_index",
        name=CHUNK_INDEX,
        model=embedder.model_id,
        dimension=embedder.dimension,
    )
