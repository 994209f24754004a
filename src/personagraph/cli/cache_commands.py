"""``personagraph cache status``: the change sequence the serving caches follow, and, with
--url, the cache of a running service's worker."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from datetime import UTC, datetime
from typing import Any

import typer
from rich.table import Table

from personagraph.cli.assistant_commands import with_store
from personagraph.cli.output import console, errors, friendly_errors
from personagraph.serving import sequence

app = typer.Typer(help="The serving cache of persona and template reads.")
QUERY = """{ servingCache { enabled sequence ageSeconds checkedSecondsAgo
  checkIntervalSeconds entries hits misses refreshes } }"""


@app.command()
def status(
    url: str | None = typer.Option(
        None, help="A running service (e.g. http://127.0.0.1:8000): show its cache too."
    ),
    api_key: str | None = typer.Option(None, envvar="PERSONAGRAPH_API_KEY", help="Its API key."),
) -> None:
    """The graph's change sequence and when it last moved; with --url, the cache of the
    worker that answers (each worker has its own)."""
    with friendly_errors():
        state = with_store(sequence.read)
    table = Table("", "value")
    table.add_row("change sequence (graph)", str(state.seq))
    if state.changed_at is not None:
        ago = (datetime.now(UTC) - state.changed_at).total_seconds()
        table.add_row(
            "last change", f"{state.changed_at.isoformat(timespec='seconds')} ({ago:,.1f} s ago)"
        )
    if url:
        try:
            answer = _ask(url, api_key)
        except (urllib.error.URLError, OSError, ValueError) as exc:
            errors.print(f"[bold red]error:[/bold red] {url} did not answer: {exc}")
            raise typer.Exit(code=1) from exc
        if answer.get("errors"):
            errors.print(f"[bold red]error:[/bold red] {answer['errors'][0]['message']}")
            raise typer.Exit(code=1)
        for name, value in answer["data"]["servingCache"].items():
            shown = f"{value:.2f}" if isinstance(value, float) else str(value)
            table.add_row(f"worker cache: {name}", shown)
    console.print(table)


def _ask(url: str, api_key: str | None) -> Any:
    headers = {"Content-Type": "application/json"}
    if api_key:
        headers["Authorization"] = f"Bearer {api_key}"
    request = urllib.request.Request(
        f"{url.rstrip('/')}/graphql",
        data=json.dumps({"query": QUERY}).encode(),
        headers=headers,
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.loads(response.read())
    except urllib.error.HTTPError as refused:  # a GraphQL error still answers JSON
        return json.loads(refused.read())
