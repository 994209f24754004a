"""Shared console output: one rich console, errors printed in words with exit code 1."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import typer
from rich.console import Console

from personagraph.errors import PersonagraphError

console = Console(highlight=False)
errors = Console(stderr=True, highlight=False)


def report(message: str) -> None:
    """Progress line for long-running steps."""
    console.print(f"[dim]•[/dim] {message}")


@contextmanager
def friendly_errors() -> Iterator[None]:
    """Turn personagraph errors into a message on stderr and exit code 1."""
    try:
        yield
    except PersonagraphError as exc:
        errors.print(f"[bold red]error:[/bold red] {exc}", soft_wrap=True)
        raise typer.Exit(code=1) from exc
