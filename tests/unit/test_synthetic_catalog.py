"""The scale generator writes valid, reproducible catalogs shaped like the hand-made one."""

from __future__ import annotations

import statistics
from collections import Counter
from pathlib import Path

import pytest

from personagraph.errors import ValidationFailed
from personagraph.inference.archetype import PersonaSignals, infer_archetype
from personagraph.model.catalog import (
    Archetype,
    Catalog,
    Persona,
)
from personagraph.seeding.synthetic import SyntheticStats, write_synthetic_catalog
from personagraph.seeding.validation import read_catalog

pytestmark = pytest.mark.unit

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
SMALL, MEDIUM = 200, 2000


def _load(root: Path) -> Catalog:
    """Read and check a catalog exactly as ``personagraph seed validate`` does."""
    return read_catalog(root)


def _personas(catalog: Catalog) -> list[Persona]:
    return [persona for _, persona in catalog.personas()]


def _files(root: Path) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


@pytest.fixture(scope="module")
def seeds() -> Catalog:
    return _load(SEEDS)


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, SyntheticStats]:
    out = tmp_path_factory.mktemp("small") / "catalog"
    return out, write_synthetic_catalog(out, SMALL, seed=1, source=SEEDS)


@pytest.fixture(scope="module")
def small_catalog(small: tuple[Path, SyntheticStats]) -> Catalog:
    return _load(small[0])


@pytest.fixture(scope="module")
def medium(tmp_path_factory: pytest.TempPathFactory) -> tuple[Catalog, SyntheticStats]:
    out = tmp_path_factory.mktemp("medium") / "catalog"
    stats = write_synthetic_catalog(out, MEDIUM, seed=3, source=SEEDS)
    return _load(out), stats


def test_the_catalog_has_the_seed_layout_with_json_for_the_large_files(
    small: tuple[Path, SyntheticStats],
) -> None:
    root, stats = small
    names = set(_files(root))
    assert {"library/archetypes.yaml", "library/service_layers.yaml"} <= names
    assert {"library/jtbds.json", "library/opportunities.json"} <= names
    functions = sorted(n for n in names if n.startswith("functions/"))
    assert len(functions) == stats.functions
    assert all(name.endswith(".json") for name in functions)


def test_archetypes_and_service_layers_are_those_of_the_seed_catalog(
    small_catalog: Catalog, seeds: Catalog
) -> None:
    assert small_catalog.archetypes == seeds.archetypes
    assert small_catalog.service_layers == seeds.service_layers


def test_every_persona_validates_and_every_reference_resolves(
    small_catalog: Catalog, small: tuple[Path, SyntheticStats]
) -> None:
    # Building the Catalog already checked JTBD, outcome and pain point references.
    personas = _personas(small_catalog)
    assert len(personas) == SMALL == small[1].personas
    layers = {layer.name for layer in small_catalog.service_layers.service_layers}
    for opportunity in small_catalog.opportunities.opportunities:
        assert set(opportunity.delivered_via) <= layers


def test_persona_ids_and_role_keys_are_unique_across_functions(small_catalog: Catalog) -> None:
    ids = [persona.id for persona in _personas(small_catalog)]
    roles = [role.key for function in small_catalog.functions for role in function.roles]
    assert len(set(ids)) == len(ids)
    assert len(set(roles)) == len(roles)
    assert all(persona_id.startswith("synth-") for persona_id in ids)


def test_stats_count_what_the_catalog_loads_as(
    small_catalog: Catalog, small: tuple[Path, SyntheticStats]
) -> None:
    personas = _personas(small_catalog)
    per_persona = sum(
        2  # HAS_ROLE, IS_A
        + sum(len(getattr(p, facet)) for facet in _LINKED_FACETS)
        + sum(len(job.outcome_ratings) for job in p.jtbds)
        for p in personas
    )
    roles = sum(len(function.roles) for function in small_catalog.functions)
    outcomes = sum(len(job.outcomes) for job in small_catalog.jtbds.jtbds)
    opportunities = small_catalog.opportunities.opportunities
    links = sum(len(o.addresses) + len(o.supports) + len(o.delivered_via) for o in opportunities)
    assert small[1] == SyntheticStats(
        functions=len(small_catalog.functions),
        roles=roles,
        personas=len(personas),
        jtbds=len(small_catalog.jtbds.jtbds),
        pain_points=len(small_catalog.pain_point_keys()),
        opportunities=len(opportunities),
        relationships=per_persona + roles + outcomes + links,
    )


_LINKED_FACETS = (
    "pain_points", "goals", "challenges", "motivations", "frustrations", "skills",
    "responsibilities", "stakeholders", "activities", "service_layers", "jtbds",
)  # fmt: skip


def test_texts_are_the_seed_wording_or_a_qualified_variant_of_it(
    small_catalog: Catalog, seeds: Catalog
) -> None:
    real = seeds.pain_point_keys()
    for persona in _personas(small_catalog):
        for pain in persona.pain_points:
            key = pain.key
            assert key in real or any(key.startswith(f"{base} ") for base in real), pain.text


def test_all_four_archetypes_are_spread_and_attributes_fit_the_declared_one(
    medium: tuple[Catalog, SyntheticStats],
) -> None:
    personas = _personas(medium[0])
    shares = Counter(persona.archetype for persona in personas)
    assert set(shares) == set(Archetype)
    assert min(shares.values()) > 0.1 * len(personas)
    agree = sum(
        infer_archetype(
            PersonaSignals(
                **persona.attributes.model_dump(),
                goals=tuple(goal.text for goal in persona.goals),
                pain_points=tuple(pain.text for pain in persona.pain_points),
            )
        ).archetype.value
        == persona.archetype.value
        for persona in personas
    )
    assert agree >= 0.85 * len(personas)


def test_the_same_seed_writes_byte_identical_files(tmp_path: Path) -> None:
    first = write_synthetic_catalog(tmp_path / "a", SMALL, seed=7, source=SEEDS)
    second = write_synthetic_catalog(tmp_path / "b", SMALL, seed=7, source=SEEDS)
    assert first == second
    assert _files(tmp_path / "a") == _files(tmp_path / "b")


def test_another_seed_writes_different_content(tmp_path: Path) -> None:
    write_synthetic_catalog(tmp_path / "a", SMALL, seed=7, source=SEEDS)
    write_synthetic_catalog(tmp_path / "b", SMALL, seed=8, source=SEEDS)
    first, second = _files(tmp_path / "a"), _files(tmp_path / "b")
    assert first["library/archetypes.yaml"] == second["library/archetypes.yaml"]
    assert first != second


def test_a_few_pain_points_are_shared_widely_and_most_by_few(
    medium: tuple[Catalog, SyntheticStats],
) -> None:
    sharing = Counter(p.key for persona in _personas(medium[0]) for p in persona.pain_points)
    degrees = sorted(sharing.values(), reverse=True)
    assert degrees[0] >= 20 * statistics.median(degrees)
    assert degrees[0] >= 0.05 * MEDIUM


def test_jtbds_are_skewed_too(medium: tuple[Catalog, SyntheticStats]) -> None:
    performed = Counter(job.key for persona in _personas(medium[0]) for job in persona.jtbds)
    degrees = sorted(performed.values(), reverse=True)
    assert degrees[0] >= 5 * statistics.median(degrees)


def test_vocabularies_grow_slower_than_the_population(
    small: tuple[Path, SyntheticStats], medium: tuple[Catalog, SyntheticStats]
) -> None:
    growth = medium[1].pain_points / small[1].pain_points
    assert 1 < growth < MEDIUM / SMALL


def test_relationships_per_persona_extrapolate_past_a_million_at_100k(
    medium: tuple[Catalog, SyntheticStats],
) -> None:
    stats = medium[1]
    per_persona = stats.relationships / stats.personas
    assert 12 <= per_persona <= 80
    assert per_persona * 100_000 >= 1_000_000


def test_personas_spread_over_twenty_functions_with_ten_to_thirty_roles_each(
    medium: tuple[Catalog, SyntheticStats],
) -> None:
    functions = medium[0].functions
    assert len(functions) >= 20
    assert all(10 <= len(function.roles) <= 30 for function in functions)


def test_report_is_called_as_personas_are_written_and_reaches_the_total(tmp_path: Path) -> None:
    calls: list[tuple[int, int]] = []
    write_synthetic_catalog(
        tmp_path / "c",
        SMALL,
        seed=1,
        report=lambda done, total: calls.append((done, total)),
        source=SEEDS,
    )
    assert calls[-1] == (SMALL, SMALL)
    done = [d for d, _ in calls]
    assert done == sorted(done)
    assert len(calls) > 10


def test_a_non_empty_directory_is_refused(tmp_path: Path) -> None:
    (tmp_path / "keep.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(ValidationFailed, match="not empty"):
        write_synthetic_catalog(tmp_path, SMALL, seed=1, source=SEEDS)
    assert [p.name for p in tmp_path.iterdir()] == ["keep.txt"]


def test_fewer_than_one_persona_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValidationFailed, match="at least 1"):
        write_synthetic_catalog(tmp_path / "d", 0, seed=1, source=SEEDS)
