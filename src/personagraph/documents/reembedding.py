"""Re-embedding after a model change: every chunk of the datasets another model embedded.

Each dataset is re-embedded in one transaction of its own (its vectors and its model
change together), so an interrupted run leaves every dataset consistent and a second
run picks up what is left. The chunk index's model is recorded once none is left.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from personagraph.documents.chunking import context_text
from personagraph.documents.ingestion import CHUNK_INDEX
from personagraph.embedding import Embedder
from personagraph.errors import EmbeddingModelMismatch
from personagraph.store import Store
from personagraph.store.connection import Transaction

_ROWS_PER_STATEMENT = 500


@dataclass(frozen=True)
class ReembedReport:
    """What a re-embedding run did."""

    model: str
    datasets: int
    chunks: int


def datasets_to_reembed(store: Store, model_id: str, *, everything: bool = False) -> list[str]:
    """Names of the datasets whose vectors another model made (all of them: ``everything``)."""
    rows = store.read("read/documents/datasets_of_other_models", model=model_id, all=everything)
    return [row["name"] for row in rows]


def reembed(
    store: Store,
    embedder: Embedder,
    *,
    everything: bool = False,
    progress: Callable[[str, int], None] | None = None,
) -> ReembedReport:
    """Re-embed the chunks of every dataset another model embedded (or of all, ``everything``).

    Raises:
        EmbeddingModelMismatch: the model's dimension differs from the index's (384).
    """
    if embedder.dimension != 384:
        raise EmbeddingModelMismatch(
            f"the {CHUNK_INDEX} index has 384 dimensions (migration 003); model "
            f"{embedder.model_id!r} has {embedder.dimension}: a migration must recreate it"
        )
    rows = store.read(
        "read/documents/datasets_of_other_models", model=embedder.model_id, all=everything
    )
    chunks = 0
    for row in rows:
        texts = store.read("read/documents/dataset_chunks", id=row["id"])
        vectors = embedder.embed([context_text(t["section"] or "", t["text"]) for t in texts])
        updates = [
            {"id": t["id"], "embedding": vector.tolist()}
            for t, vector in zip(texts, vectors, strict=True)
        ]
        store.transaction(partial(_write, dataset_id=row["id"], rows=updates, embedder=embedder))
        chunks += len(updates)
        if progress is not None:
            progress(row["name"], len(updates))
    store.write(
        "write/documents/set_embedding_index",
        name=CHUNK_INDEX,
        model=embedder.model_id,
        dimension=embedder.dimension,
    )
    return ReembedReport(embedder.model_id, len(rows), chunks)


def _write(
    tx: Transaction, dataset_id: str, rows: list[dict[str, object]], embedder: Embedder
) -> None:
    for start in range(0, len(rows), _ROWS_PER_STATEMENT):
        tx.run("write/documents/set_embeddings", rows=rows[start : start + _ROWS_PER_STATEMENT])
    tx.run(
        "write/documents/set_dataset_model",
        id=dataset_id,
        model=embedder.model_id,
        dimension=embedder.dimension,
    )
