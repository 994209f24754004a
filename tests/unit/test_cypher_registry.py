from __future__ import annotations

from pathlib import Path

import pytest

from personagraph.errors import ConfigurationError, QueryNotFound
from personagraph.store.queries import CypherRegistry


def _write(root: Path, name: str, text: str) -> None:
    path = root / f"{name}.cypher"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_statements_are_named_by_their_path_below_the_root(tmp_path: Path) -> None:
    _write(tmp_path, "read/persona_by_id", "MATCH (p:Persona {id: $id}) RETURN p\n")
    _write(tmp_path, "write/touch", "MATCH (p:Persona {id: $id}) SET p.seen = true\n")

    registry = CypherRegistry(tmp_path)

    assert registry.names() == ["read/persona_by_id", "write/touch"]
    assert registry.names("read/") == ["read/persona_by_id"]
    assert registry.statement("read/persona_by_id") == "MATCH (p:Persona {id: $id}) RETURN p"


def test_a_file_splits_into_statements_on_line_ending_semicolons(tmp_path: Path) -> None:
    _write(
        tmp_path,
        "schema/001_x",
        "// constraints\nCREATE CONSTRAINT a IF NOT EXISTS\nFOR (n:A) REQUIRE n.k IS UNIQUE;\n\n"
        "CREATE INDEX b IF NOT EXISTS FOR (n:B) ON (n.name);\n",
    )

    statements = CypherRegistry(tmp_path).file("schema/001_x").statements

    assert statements == [
        "CREATE CONSTRAINT a IF NOT EXISTS\nFOR (n:A) REQUIRE n.k IS UNIQUE",
        "CREATE INDEX b IF NOT EXISTS FOR (n:B) ON (n.name)",
    ]


def test_a_semicolon_inside_a_string_does_not_split(tmp_path: Path) -> None:
    _write(tmp_path, "read/q", "RETURN 'a; b' AS text\n")

    assert CypherRegistry(tmp_path).statement("read/q") == "RETURN 'a; b' AS text"


def test_an_unknown_name_says_which_file_was_expected(tmp_path: Path) -> None:
    registry = CypherRegistry(tmp_path)

    with pytest.raises(QueryNotFound, match=r"read/missing.*read/missing\.cypher"):
        registry.statement("read/missing")


def test_a_query_file_with_two_statements_is_refused(tmp_path: Path) -> None:
    _write(tmp_path, "read/two", "RETURN 1;\nRETURN 2;\n")

    with pytest.raises(QueryNotFound, match="holds 2 statements"):
        CypherRegistry(tmp_path).statement("read/two")


def test_a_missing_root_names_the_setting_to_fix(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match="PERSONAGRAPH_CYPHER_DIR"):
        CypherRegistry(tmp_path / "nowhere")
