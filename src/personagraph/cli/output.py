"""Shared console output: one rich console, a progress bar, errors printed in words with
exit code 1."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

from personagraph.errors import PersonagraphError

console = Console(highlight=False)
errors = Console(stderr=True, highlight=False)


def report(message: str) -> None:
    """Progress line for long-running steps."""
    console.print(f"[dim]•[/dim] {message}")


def progress_bar() -> Progress:
    """A bar for counted work (``done/total`` and the time so far), gone when it ends."""
    return Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    )


@contextmanager
def friendly_errors() -> Iterator[None]:
    """Turn personagraph errors into a message on stderr and exit code 1."""
    try:
        yield
    except PersonagraphError as exc:
        errors.print(f"[bold red]error:[/bold red] {exc}", soft_wrap=True)
        raise typer.Exit(code=1) from exc
