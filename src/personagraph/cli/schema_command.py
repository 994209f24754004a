"""``personagraph schema``: the GraphQL SDL of this version, for clients and code generators."""

from __future__ import annotations

from pathlib import Path

import typer

from personagraph.api.graphql.build import build_schema
from personagraph.cli.output import console


def schema(
    out: Path | None = typer.Option(
        None, "--out", help="Write the SDL to this file (e.g. schema.graphql) instead of stdout."
    ),
) -> None:
    """Print (or write) the GraphQL schema in SDL."""
    sdl = build_schema().as_str() + "\n"
    if out is None:
        print(sdl, end="")
        return
    out.write_text(sdl, encoding="utf-8")
    console.print(f"wrote {out} ({len(sdl.splitlines())} lines)")
