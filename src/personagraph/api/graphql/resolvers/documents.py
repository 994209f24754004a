"""Documents over GraphQL: upload one (multipart request, ``editor`` role), list datasets,
change a persona's link to one, and ``retrieveContext`` and ``datasetChunks`` (``reader``
role).

Uploads follow the GraphQL multipart request spec: an ``operations`` part, a ``map``
part and the file; the body limit is ``PERSONAGRAPH_DOCUMENT_MAX_BYTES`` (api/upload_limit.py
refuses larger bodies before they are read).
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

import strawberry
from starlette.concurrency import run_in_threadpool
from strawberry.file_uploads import Upload
from strawberry.types.field import StrawberryField

from personagraph.api.graphql.compile.selection import Request
from personagraph.api.graphql.compile.worst_case import WorstCase
from personagraph.api.graphql.runtime.access import require
from personagraph.api.graphql.runtime.context import RequestContext, Role
from personagraph.api.graphql.runtime.errors import BadInput
from personagraph.api.graphql.runtime.policy import Items, policy
from personagraph.documents.datasets import change_link
from personagraph.documents.formats import too_large
from personagraph.documents.ingestion import Document, add_document
from personagraph.documents.retrieval import MAX_CHUNKS, retrieve_context
from personagraph.documents.retrieval import RetrievedChunk as Retrieved
from personagraph.errors import EntityNotFound, ValidationFailed

Info = strawberry.Info[RequestContext, Any]
CHUNK_PAGE = 20  # datasetChunks' page size when `first` is not given


@strawberry.type(description="How a persona uses a dataset.")
class DatasetLink:
    persona_id: str
    enabled: bool | None
    weight: float | None
    access_level: str | None = strawberry.field(description="full, summary or reference_only.")


@strawberry.type(description="A document added to personas' knowledge: its file, state and chunks.")
class Dataset:
    id: str
    name: str
    file_name: str | None
    file_type: str | None = strawberry.field(description="pdf, docx, md, html or txt.")
    size_bytes: int | None
    sha256: str | None
    status: str | None = strawberry.field(description="pending, processing, completed or error.")
    error: str | None = strawberry.field(description="Why processing failed, in words.")
    chunk_count: int | None
    embedding_model: str | None
    embedding_dimension: int | None
    is_global: bool | None = strawberry.field(description="Available to every persona.")
    created_at: datetime | None
    updated_at: datetime | None
    processed_at: datetime | None
    links: list[DatasetLink]


@strawberry.type(description="What adding a document did.")
class AddedDocument:
    outcome: str = strawberry.field(
        description="new, changed (replaced the dataset's content), retried, duplicate "
        "(the same file is already a dataset: linked only) or in_progress."
    )
    dataset: Dataset


@strawberry.type(description="A chunk of context for a question, with its source.")
class RetrievedChunk:
    text: str
    score: float = strawberry.field(description="Fused relevance, 0-1.")
    dataset: str = strawberry.field(description="The dataset's name.")
    source: str = strawberry.field(description="The file name as it was added.")
    page: int | None
    section: str = strawberry.field(description="Headings above the chunk, ' > ' between.")
    kind: str = strawberry.field(description="text, list, steps or exercise.")
    similarity: float = strawberry.field(description="Normalised cosine, (1 + cos) / 2.")
    lexical: float | None = strawberry.field(description="Full-text score; null if no hit.")


@strawberry.type(description="A piece of a dataset's text, as it was cut and embedded.")
class DatasetChunk:
    position: int = strawberry.field(description="Its place in the document, from 0.")
    text: str
    page: int | None = strawberry.field(description="The page its text starts on, if paged.")
    section: str = strawberry.field(description="Headings above the chunk, ' > ' between.")
    kind: str = strawberry.field(description="text, list, steps or exercise.")
    tokens: int | None = strawberry.field(description="Its length in the model's tokens.")


@strawberry.type(description="One page of a dataset's chunks, in document order.")
class DatasetChunkPage:
    dataset_id: str
    dataset_name: str
    total: int = strawberry.field(description="How many chunks the dataset has.")
    chunks: list[DatasetChunk]
    has_more: bool = strawberry.field(
        description="Another page follows: ask again with after: the last chunk's position."
    )


def _dataset(row: dict[str, Any]) -> Dataset:
    values = row["dataset"]
    fields = {name: values.get(name) for name in Dataset.__annotations__ if name != "links"}
    for name in ("created_at", "updated_at", "processed_at"):
        value = fields[name]
        fields[name] = value.to_native() if hasattr(value, "to_native") else value
    links = [DatasetLink(**link) for link in row["links"]]
    return Dataset(**fields, links=links)


def _chunk(found: Retrieved) -> RetrievedChunk:
    return RetrievedChunk(
        text=found.text,
        score=found.score,
        dataset=found.dataset,
        source=found.source,
        page=found.page,
        section=found.section,
        kind=found.kind,
        similarity=found.similarity,
        lexical=found.lexical,
    )


async def upload_document(
    info: Info,
    file: Upload,
    persona_id: str | None = None,
    dataset: str | None = None,
    is_global: Annotated[bool, strawberry.argument(name="global")] = False,
    weight: float = 1.0,
    access_level: str = "full",
) -> AddedDocument:
    upload: Any = file  # starlette's UploadFile: closed here, whatever happens
    try:
        context = require(info, Role.EDITOR)
        tools = context.documents
        name = str(getattr(upload, "filename", "") or "").rsplit("/", 1)[-1]
        if not name:
            raise BadInput(
                "file: the upload has no file name; send one (its extension says its type)"
            )
        size = getattr(upload, "size", None)
        if size is not None and size > tools.ingestion.max_bytes:
            raise too_large(name, size, tools.ingestion.max_bytes)
        data = await upload.read()
    finally:
        await upload.close()
    document = Document(name, data)

    def add() -> AddedDocument:
        result = add_document(
            context.store,
            tools.load_embedder(),
            document,
            persona_id=persona_id,
            dataset_name=dataset,
            is_global=is_global,
            weight=weight,
            access_level=access_level,
            config=tools.ingestion,
            progress=tools.progress.report,
        )
        row = context.store.read("read/documents/dataset", id=result.dataset_id)[0]
        return AddedDocument(outcome=result.outcome.value, dataset=_dataset(row))

    return await run_in_threadpool(add)


async def link_dataset(
    info: Info,
    persona_id: str,
    dataset: str,
    enabled: bool | None = None,
    weight: float | None = None,
    access_level: str | None = None,
) -> Dataset:
    context = require(info, Role.EDITOR)

    def change() -> Dataset:
        store = context.store
        dataset_id = change_link(
            store,
            persona_id,
            dataset,
            enabled=enabled,
            weight=weight,
            access_level=access_level,
        )
        return _dataset(store.read("read/documents/dataset", id=dataset_id)[0])

    return await run_in_threadpool(change)


async def datasets(info: Info, persona_id: str | None = None) -> list[Dataset]:
    context = require(info, Role.READER)
    rows = await run_in_threadpool(
        context.store.read, "read/documents/datasets", persona_id=persona_id
    )
    return [_dataset(row) for row in rows]


async def dataset_chunks(
    info: Info, dataset_id: str, first: int = CHUNK_PAGE, after: int | None = None
) -> DatasetChunkPage:
    context = require(info, Role.READER)
    maximum = context.limits.max_page_size
    problems = []
    if not 1 <= first <= maximum:
        problems.append(f"first: {first} must be between 1 and {maximum}")
    if after is not None and after < 0:
        problems.append(f"after: {after} is negative; give a chunk's position, or none")
    if problems:
        raise ValidationFailed(problems)
    rows = await run_in_threadpool(
        context.store.read, "read/documents/chunk_page", id=dataset_id, first=first, after=after
    )
    if not rows:
        raise EntityNotFound(
            f"dataset {dataset_id!r} does not exist; datasets(personaId:) lists the ids"
        )
    row = rows[0]
    chunks = [DatasetChunk(**chunk) for chunk in row["chunks"]]
    return DatasetChunkPage(
        dataset_id=dataset_id,
        dataset_name=row["name"],
        total=row["total"],
        chunks=chunks[:first],
        has_more=len(chunks) > first,
    )


async def retrieve(
    info: Info,
    persona_id: str,
    query: str,
    max_chunks: int | None = None,
    threshold: float | None = None,
) -> list[RetrievedChunk]:
    context = require(info, Role.READER)
    tools = context.documents

    def run() -> list[Retrieved]:
        return retrieve_context(
            context.store,
            tools.load_embedder(),
            persona_id,
            query,
            max_chunks=max_chunks,
            threshold=threshold,
            config=tools.retrieval,
        )

    return [_chunk(found) for found in await run_in_threadpool(run)]


def _field(
    name: str, annotation: Any, resolver: Any, text: str, role: Role, items: Items | None = None
) -> tuple[str, Any, StrawberryField]:
    field = strawberry.field(
        resolver=resolver, name=name, description=text, metadata=policy(role, items)
    )
    return name, annotation, field


def _chunks_asked(request: Request) -> WorstCase:
    # retrieveContext returns at most maxChunks chunks (50 at the most, the setting's 5
    # when not given: counted as the largest, the worst case).
    asked = request.arguments().get("maxChunks")
    size = MAX_CHUNKS if asked is None else max(min(asked, MAX_CHUNKS), 0)
    return WorstCase(size, ((request.field_nodes[0].name.value, size),))


def _chunk_page_asked(request: Request) -> WorstCase:
    # datasetChunks returns at most `first` chunks (20 when not given; over the maximum
    # page size is refused, counted here as the maximum).
    asked = request.arguments().get("first")
    size = CHUNK_PAGE if asked is None else max(min(asked, request.max_page_size), 0)
    return WorstCase(size, ((request.field_nodes[0].name.value, size),))


def document_queries() -> list[tuple[str, Any, StrawberryField]]:
    """``retrieveContext``, ``datasets`` and ``datasetChunks`` (reader role)."""
    return [
        _field(
            "retrieveContext",
            list[RetrievedChunk],
            retrieve,
            "The chunks of a persona's documents (its enabled datasets and the global ones) "
            "that best answer a question, with their sources. maxChunks defaults to 5 and "
            "threshold to 0.7 (PERSONAGRAPH_RETRIEVAL_MAX_CHUNKS / _THRESHOLD); a persona "
            "without datasets gets an empty list.",
            Role.READER,
            _chunks_asked,
        ),
        _field(
            "datasets",
            list[Dataset],
            datasets,
            "Datasets: all, or those a persona uses.",
            Role.READER,
        ),
        _field(
            "datasetChunks",
            DatasetChunkPage,
            dataset_chunks,
            "A dataset's chunks in document order with their text, page, section and kind, "
            "a page at a time: `first` (20; at most the maximum page size) after the "
            "position `after` (none: from the first chunk).",
            Role.READER,
            _chunk_page_asked,
        ),
    ]


def document_mutations() -> list[tuple[str, Any, StrawberryField]]:
    """``uploadDocument`` and ``linkDataset`` (editor role)."""
    return [
        _field(
            "uploadDocument",
            AddedDocument,
            upload_document,
            "Add a document (multipart upload: PDF, DOCX, Markdown, HTML or text) to a "
            "persona's knowledge, or to every persona's with global: true.",
            Role.EDITOR,
        ),
        _field(
            "linkDataset",
            Dataset,
            link_dataset,
            "Change how a persona uses a dataset: enabled, weight (0-1), access level.",
            Role.EDITOR,
        ),
    ]
