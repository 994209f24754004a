from __future__ import annotations

from pathlib import Path

from personagraph.seeding import pipeline
from personagraph.seeding.statements import CLEAR_LINKS, LINKS, NODES
from personagraph.store import default_registry

MINIMAL = Path(__file__).resolve().parents[1] / "catalogs" / "minimal"


def test_every_label_and_type_a_catalog_produces_has_its_statements() -> None:
    plan = pipeline.prepare(MINIMAL).plan

    assert set(plan.nodes) <= set(NODES)
    assert set(plan.links) <= set(LINKS)


def test_every_owner_of_links_can_have_them_cleared() -> None:
    assert {statements.owner for statements in LINKS.values()} == set(CLEAR_LINKS)


def test_every_named_statement_exists_under_cypher() -> None:
    registry = default_registry()
    names = [
        *(s.hashes for s in NODES.values()),
        *(s.upsert for s in NODES.values()),
        *(s.retire for s in NODES.values()),
        *CLEAR_LINKS.values(),
        *(s.create for s in LINKS.values()),
    ]

    missing = [name for name in names if name not in registry.names()]

    assert not missing


def test_clearing_an_owner_removes_every_link_type_it_owns() -> None:
    registry = default_registry()
    for owner, statement in CLEAR_LINKS.items():
        text = registry.statement(statement)
        owned = [rel_type for rel_type, s in LINKS.items() if s.owner == owner]

        missing = [rel_type for rel_type in owned if rel_type not in text]

        assert not missing, f"{statement} does not clear {missing}"
