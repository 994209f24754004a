"""Loading the seed catalog: complete, idempotent, precise about changes, all or nothing."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from personagraph.cli.app import app
from personagraph.seeding import pipeline
from personagraph.store import Store
from personagraph.store.fingerprint import fingerprint

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


@pytest.fixture(scope="module")
def prepared() -> pipeline.PreparedCatalog:
    return pipeline.prepare(SEEDS)


def _edit_persona(root: Path, persona_id: str, change: dict[str, Any] | None) -> None:
    """Change fields of one persona in a copied catalog, or remove it (``change=None``)."""
    for path in sorted((root / "functions").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for index, persona in enumerate(data["personas"]):
            if persona["id"] == persona_id:
                if change is None:
                    del data["personas"][index]
                else:
                    persona.update(change)
                path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
                return
    raise AssertionError(f"no persona {persona_id} in {root}")


def test_the_catalog_loads_completely(store: Store, prepared: pipeline.PreparedCatalog) -> None:
    report = pipeline.load(store, prepared)
    graph = fingerprint(store)

    expected_labels = {label: len(rows) for label, rows in prepared.plan.nodes.items()}
    expected_types = {rel_type: len(rows) for rel_type, rows in prepared.plan.links.items()}
    bookkeeping = {"SchemaMigration", "SeedLoad", "ServingSequence"}
    assert {k: v for k, v in graph.labels.items() if k not in bookkeeping} == expected_labels
    assert graph.types == expected_types
    assert graph.labels["Persona"] >= 144
    assert all(counts.updated == counts.unchanged == 0 for counts in report.labels.values())
    assert report.links_written == prepared.plan.link_count()


def test_loading_the_same_catalog_again_changes_nothing(
    store: Store, prepared: pipeline.PreparedCatalog
) -> None:
    pipeline.load(store, prepared)
    before = fingerprint(store)

    again = pipeline.load(store, pipeline.prepare(SEEDS))

    assert not again.changed
    assert again.links_written == 0
    assert all(c.created == c.updated == 0 for c in again.labels.values())
    assert fingerprint(store) == before


def test_changing_one_persona_updates_exactly_that_persona(
    store: Store, prepared: pipeline.PreparedCatalog, tmp_path: Path
) -> None:
    pipeline.load(store, prepared)
    catalog = tmp_path / "seeds"
    shutil.copytree(SEEDS, catalog)
    _edit_persona(catalog, "medical-director-skeptic", {"tagline": "Evidence First, Always"})

    report = pipeline.load(store, pipeline.prepare(catalog))

    personas = report.labels["Persona"]
    assert (personas.created, personas.updated) == (0, 1)
    # The workforce template of its role starts new personas from it: it follows.
    touched = {label: c.created + c.updated for label, c in report.labels.items()}
    assert {label: n for label, n in touched.items() if n} == {"Persona": 1, "Template": 1}
    row = store.read("read/persona_versions", ids=["medical-director-skeptic"])[0]
    assert row["tagline"] == "Evidence First, Always"
    assert row["version"] == 2


def _persona_without_unique_pains(prepared: pipeline.PreparedCatalog) -> str:
    """A persona whose removal orphans no opportunity: no pain only it has is addressed."""
    sufferers = Counter(row.target for row in prepared.plan.links["EXPERIENCES"])
    addressed = {row.target for row in prepared.plan.links["ADDRESSES"]}
    for _, persona in prepared.catalog.personas():
        own = {pain.key for pain in persona.pain_points if sufferers[pain.key] == 1}
        if not own & addressed:
            return persona.id
    raise AssertionError("every persona has an addressed pain point of its own")


def test_a_persona_removed_from_the_catalog_is_deactivated_not_deleted(
    store: Store, prepared: pipeline.PreparedCatalog, tmp_path: Path
) -> None:
    pipeline.load(store, prepared)
    catalog = tmp_path / "seeds"
    shutil.copytree(SEEDS, catalog)
    leaving = _persona_without_unique_pains(prepared)
    _edit_persona(catalog, leaving, None)

    removed = pipeline.load(store, pipeline.prepare(catalog))
    after_removal = store.read("read/persona_versions", ids=[leaving])[0]
    restored = pipeline.load(store, prepared)
    after_return = store.read("read/persona_versions", ids=[leaving])[0]

    assert removed.retired["Persona"] == [leaving]
    own_pains = {
        pain.key
        for _, persona in prepared.catalog.personas()
        if persona.id == leaving
        for pain in persona.pain_points
    } - {row.target for row in prepared.plan.links["EXPERIENCES"] if row.source != leaving}
    assert set(removed.retired.get("PainPoint", [])) == own_pains
    assert (after_removal["is_active"], after_removal["version"]) == (False, 2)
    assert restored.labels["Persona"].updated == 1
    assert (after_return["is_active"], after_return["version"]) == (True, 3)


def test_an_opportunity_removed_from_the_catalog_is_retired_and_left_out_of_scoring(
    store: Store, prepared: pipeline.PreparedCatalog, tmp_path: Path
) -> None:
    pipeline.load(store, prepared)
    catalog = tmp_path / "seeds"
    shutil.copytree(SEEDS, catalog)
    library = catalog / "library" / "opportunities.yaml"
    data = yaml.safe_load(library.read_text(encoding="utf-8"))
    gone = data["opportunities"].pop(0)["key"]
    library.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")

    report = pipeline.load(store, pipeline.prepare(catalog))
    scored = {row["key"] for row in store.read("analytics/opportunities")}

    assert report.retired == {"Opportunity": [gone]}
    assert gone not in scored
    assert len(scored) == len(prepared.plan.nodes["Opportunity"]) - 1


def test_a_load_that_fails_midway_leaves_the_graph_as_it_was(
    store: Store, prepared: pipeline.PreparedCatalog
) -> None:
    before = fingerprint(store)
    written = 0

    def crash_halfway(rows: int) -> None:
        nonlocal written
        written += rows
        if written > prepared.work_units // 2:
            raise KeyboardInterrupt("operator pressed Ctrl-C")

    with pytest.raises(KeyboardInterrupt):
        pipeline.load(store, prepared, crash_halfway)

    assert fingerprint(store) == before


def test_declared_and_inferred_archetypes_are_both_kept(
    store: Store, prepared: pipeline.PreparedCatalog
) -> None:
    assert prepared.plan.mismatches, "the seed catalog has known mismatches to flag"
    pipeline.load(store, prepared)
    mismatched = prepared.plan.mismatches[0]
    persona = next(p for _, p in prepared.catalog.personas() if p.id == mismatched)

    links = store.read("read/persona_archetypes", id=mismatched)

    declared = [row["archetype"] for row in links if row["declared"]]
    inferred = [row for row in links if row["inferred"]]
    assert declared == [persona.archetype.value]
    assert len(inferred) == 1
    assert inferred[0]["archetype"] != persona.archetype.value
    assert 0 <= inferred[0]["confidence"] <= 1


def test_the_medical_director_variants_infer_as_declared(
    store: Store, prepared: pipeline.PreparedCatalog
) -> None:
    pipeline.load(store, prepared)
    ids = [f"medical-director-{variant}" for variant in ("automator", "orchestrator",
                                                         "learner", "skeptic")]  # fmt: skip

    rows = store.read("read/persona_versions", ids=ids)

    assert len(rows) == 4
    assert all(row["archetype"] == row["inferred_archetype"] for row in rows), rows


@pytest.mark.usefixtures("cli_env")
def test_personas_review_counts_the_queue_and_show_explains_a_persona(
    store: Store, prepared: pipeline.PreparedCatalog
) -> None:
    pipeline.load(store, prepared)
    queue = set(prepared.plan.review_queue)
    mismatched = prepared.plan.mismatches[0]

    review = CliRunner().invoke(app, ["personas", "review", "--limit", "5"])
    show = CliRunner().invoke(app, ["personas", "show", mismatched])

    assert review.exit_code == 0, review.output
    assert f"{len(queue)} personas need review; showing 5" in review.output
    assert show.exit_code == 0, show.output
    assert mismatched in show.output
    assert "declared" in show.output
    assert "inferred" in show.output
