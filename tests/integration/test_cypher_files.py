"""Every ``.cypher`` file compiles on the real server, and every one is used."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from personagraph.store import Store, default_registry
from personagraph.store.migrations import PREFIX as MIGRATIONS

ROOT = Path(__file__).resolve().parents[2]
# Benchmarks are programs of this project too; their statements live under cypher/bench/.
CODE = [ROOT / "src" / "personagraph", ROOT / "bench"]
REGISTRY = default_registry()


@pytest.mark.parametrize("name", REGISTRY.names())
def test_every_statement_passes_explain(store: Store, name: str) -> None:
    for statement in REGISTRY.file(name).statements:
        store.explain(statement)


def test_every_query_file_is_used_by_the_code() -> None:
    code = "\n".join(
        path.read_text(encoding="utf-8") for folder in CODE for path in folder.rglob("*.py")
    )
    used = set(re.findall(r"""["']([a-z_]+/[a-z0-9_/]+)["']""", code))
    # Migrations are applied by listing schema/ (checked in test_migrations.py).
    queries = [name for name in REGISTRY.names() if not name.startswith(MIGRATIONS)]

    unused = [name for name in queries if name not in used]

    assert not unused, f"Cypher files no code uses (delete them or use them): {unused}"


def test_a_profile_tells_each_operators_rows_and_db_hits(store: Store) -> None:
    store.run_raw("UNWIND range(1, 3) AS n CREATE (:Persona {id: 'profiled-' + toString(n)})")

    plan = store.profile("MATCH (p:Persona) WHERE p.id STARTS WITH $prefix RETURN p.id", prefix="p")

    assert plan["operatorType"].startswith("ProduceResults")
    assert plan["rows"] == 3
    operators = [plan]
    while operators[-1].get("children"):
        operators.append(operators[-1]["children"][0])
    assert sum(operator["dbHits"] for operator in operators) > 0
