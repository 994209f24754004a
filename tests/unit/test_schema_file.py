"""``schema.graphql`` is the SDL the code serves; regenerate it when the schema changes."""

from __future__ import annotations

from pathlib import Path

from personagraph.api.graphql.build import build_schema

SCHEMA_FILE = Path(__file__).resolve().parents[2] / "schema.graphql"


def test_the_committed_sdl_matches_the_code() -> None:
    committed = SCHEMA_FILE.read_text(encoding="utf-8")
    assert committed == build_schema().as_str() + "\n", (
        "schema.graphql is out of date: run `personagraph schema --out schema.graphql`"
    )


def test_every_label_has_its_three_root_fields() -> None:
    query = build_schema().as_str().split("type Query {")[1].split("\n}")[0]
    roots = {line.strip().split("(")[0] for line in query.splitlines() if line.startswith("  ")}
    assert {"persona", "personas", "personasConnection", "painPoint", "jtbds"} <= roots
