"""A catalog that fails validation changes nothing in a database that already holds one."""

from __future__ import annotations

from pathlib import Path

from personagraph.errors import ValidationFailed
from personagraph.seeding import pipeline
from personagraph.store import Store
from personagraph.store.fingerprint import fingerprint

CATALOGS = Path(__file__).resolve().parents[1] / "catalogs"
MINIMAL = CATALOGS / "minimal"
BROKEN = sorted(path for path in (CATALOGS / "broken").iterdir() if path.is_dir())


def test_no_broken_catalog_changes_the_graph(store: Store) -> None:
    pipeline.load(store, pipeline.prepare(MINIMAL))
    before = fingerprint(store)
    assert before.labels.get("Persona") == 8

    # Each case goes the way `personagraph seed load` goes: prepare, then load. Validation
    # must stop it before the load; one fingerprint after all of them proves nothing was
    # written, at two reads instead of two per case.
    sent = store.queries_sent
    accepted: list[str] = []
    for case in BROKEN:
        try:
            pipeline.load(store, pipeline.prepare(case))
        except ValidationFailed:
            continue
        accepted.append(case.name)

    assert accepted == []
    assert store.queries_sent == sent
    assert fingerprint(store) == before
