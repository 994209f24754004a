"""``personagraph docs …``: add documents to personas, search them, list, link, re-embed."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.table import Table

from personagraph.cli.output import console, errors, friendly_errors
from personagraph.documents.datasets import ACCESS_LEVELS, change_link
from personagraph.documents.ingestion import Document, IngestionConfig, add_document
from personagraph.documents.reembedding import datasets_to_reembed, reembed
from personagraph.documents.retrieval import RetrievalConfig, as_json, retrieve_context
from personagraph.embedding import default_embedder
from personagraph.errors import EntityNotFound, PersonagraphError, RequestRejected
from personagraph.neo4j_local.provision import resolve_connection
from personagraph.settings import get_settings
from personagraph.store import Store

app = typer.Typer(help="Documents: add them to personas, search them, re-embed them.")


@app.command()
def add(
    paths: list[Path] = typer.Argument(..., help="Files: PDF, DOCX, Markdown, HTML or text."),
    persona: str | None = typer.Option(None, help="The persona the documents are for."),
    dataset: str | None = typer.Option(
        None, help="Dataset name (one file only; default: the file's name)."
    ),
    is_global: bool = typer.Option(False, "--global", help="Available to every persona."),
    weight: float = typer.Option(1.0, min=0, max=1, help="Importance for the persona, 0-1."),
    access: str = typer.Option("full", help=f"Access level: {', '.join(ACCESS_LEVELS)}."),
) -> None:
    """Add documents to a persona's knowledge base (or to every persona's, --global).

    The same file twice is recognised (its dataset is linked, not duplicated); a changed
    file under the same dataset name replaces that dataset's chunks."""
    if dataset is not None and len(paths) > 1:
        errors.print("[bold red]error:[/bold red] --dataset names one file; give one PATH")
        raise typer.Exit(code=1)
    settings = get_settings()
    config = IngestionConfig.from_settings(settings)
    failed = 0
    with friendly_errors(), Store.open(resolve_connection(settings)) as store:
        embedder = default_embedder()
        for path in paths:
            try:
                document = _read(path, config.max_bytes)
                result = add_document(
                    store,
                    embedder,
                    document,
                    persona_id=persona,
                    dataset_name=dataset,
                    is_global=is_global,
                    weight=weight,
                    access_level=access,
                    config=config,
                )
            except (EntityNotFound, RequestRejected):
                raise
            except PersonagraphError as exc:
                errors.print(f"[bold red]error:[/bold red] {exc}", soft_wrap=True)
                failed += 1
                continue
            console.print(
                f"{result.file_name}: {result.outcome.value} → dataset {result.dataset_name!r} "
                f"({result.status.value}, {result.chunk_count} chunks)",
                soft_wrap=True,
            )
    if failed:
        raise typer.Exit(code=1)


def _read(path: Path, max_bytes: int) -> Document:
    try:
        return Document.read(path, max_bytes)
    except (FileNotFoundError, IsADirectoryError, PermissionError) as exc:
        raise RequestRejected(f"{path}: {exc.strerror}; give the path of a readable file") from exc


@app.command()
def search(
    query: str = typer.Argument(..., help="The question."),
    persona: str = typer.Option(..., help="The persona whose documents are searched."),
    top: int | None = typer.Option(None, min=1, max=50, help="At most this many chunks (5)."),
    threshold: float | None = typer.Option(
        None, min=0, max=1, help="Only chunks at least this relevant (0.7)."
    ),
    as_json_output: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """The chunks of a persona's documents that best answer a question, with their sources."""
    settings = get_settings()
    with friendly_errors(), Store.open(resolve_connection(settings)) as store:
        chunks = retrieve_context(
            store,
            default_embedder(),
            persona,
            query,
            max_chunks=top,
            threshold=threshold,
            config=RetrievalConfig.from_settings(settings),
        )
    if as_json_output:
        typer.echo(json.dumps(as_json(chunks), ensure_ascii=False, indent=2))
        return
    if not chunks:
        console.print("no chunk of this persona's documents is relevant enough")
    for rank, chunk in enumerate(chunks, 1):
        page = f", page {chunk.page}" if chunk.page is not None else ""
        section = f" — {chunk.section}" if chunk.section else ""
        where = (
            chunk.source if chunk.dataset == chunk.source else f"{chunk.dataset}: {chunk.source}"
        )
        console.print(
            f"[bold]{rank}. {chunk.score:.3f}[/bold]  {where}{page}{section}", soft_wrap=True
        )
        console.print(chunk.text, soft_wrap=True, markup=False)
        console.print()


@app.command("list")
def list_datasets(
    persona: str | None = typer.Option(None, help="Only the datasets this persona uses."),
) -> None:
    """Datasets with their status, chunks, model and the personas that use them."""
    with friendly_errors(), Store.open(resolve_connection(get_settings())) as store:
        rows = store.read("read/documents/datasets", persona_id=persona)
    table = Table("dataset", "file", "status", "chunks", "model", "personas")
    for row in rows:
        dataset, links = row["dataset"], row["links"]
        users = ", ".join(link["persona_id"] for link in links)
        status = dataset["status"] + (f": {dataset['error']}" if dataset["error"] else "")
        table.add_row(
            dataset["name"],
            dataset["file_name"],
            status,
            str(dataset["chunk_count"] or 0),
            dataset["embedding_model"] or "",
            ("(global) " if dataset["is_global"] else "") + users,
        )
    console.print(table)


@app.command()
def link(
    dataset: str = typer.Argument(..., help="The dataset's name."),
    persona: str = typer.Option(..., help="The persona."),
    enabled: bool | None = typer.Option(None, "--enable/--disable", help="Use it or not."),
    weight: float | None = typer.Option(None, min=0, max=1, help="Importance, 0-1."),
    access: str | None = typer.Option(None, help=f"Access level: {', '.join(ACCESS_LEVELS)}."),
) -> None:
    """Change how a persona uses a dataset: enabled, weight, access level."""
    with friendly_errors(), Store.open(resolve_connection(get_settings())) as store:
        dataset_id = change_link(
            store, persona, dataset, enabled=enabled, weight=weight, access_level=access
        )
        row = store.read("read/documents/dataset", id=dataset_id)[0]
    link = next(link for link in row["links"] if link["persona_id"] == persona)
    console.print(
        f"{persona} → {dataset}: enabled={link['enabled']}, weight={link['weight']}, "
        f"access={link['access_level']}"
    )


@app.command()
def remove(dataset: str = typer.Argument(..., help="The dataset's name.")) -> None:
    """Remove a dataset, its chunks and its links to personas."""
    with friendly_errors(), Store.open(resolve_connection(get_settings())) as store:
        found = store.read("read/documents/dataset_by_name", name=dataset)
        if found:
            store.write("write/documents/delete_dataset", id=found[0]["id"])
    if not found:
        errors.print(f"[bold red]error:[/bold red] no dataset named {dataset!r}; see docs list")
        raise typer.Exit(code=1)
    console.print(f"removed dataset {dataset!r}")


@app.command("reembed")
def reembed_command(
    everything: bool = typer.Option(
        False, "--all", help="Re-embed every dataset, not only those of another model."
    ),
) -> None:
    """Re-embed the chunks another embedding model made (after a model change)."""
    embedder = default_embedder()
    with friendly_errors(), Store.open(resolve_connection(get_settings())) as store:
        pending = datasets_to_reembed(store, embedder.model_id, everything=everything)
        if not pending:
            console.print(f"every dataset is embedded with {embedder.model_id}; nothing to do")
            return
        report = reembed(
            store,
            embedder,
            everything=everything,
            progress=lambda name, count: console.print(f"• {name}: {count} chunks"),
        )
    console.print(
        f"re-embedded {report.chunks} chunks of {report.datasets} datasets with {report.model}"
    )
