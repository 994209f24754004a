"""The seed catalog in ``seeds/`` loads, is complete, and matches its generator and schemas."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest
from pydantic import ValidationError

from personagraph.model.catalog import (
    Archetype,
    Catalog,
    FunctionFile,
    Persona,
    ServiceLayerName,
    normalize_key,
)
from personagraph.model.catalog_schema import schema_texts
from personagraph.model.templates import AssistantTemplate, WorkforceTemplate
from personagraph.seeding.catalog_builder import write_functions, write_templates
from personagraph.seeding.validation import read_catalog

pytestmark = pytest.mark.unit

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return read_catalog(SEEDS)


def _personas(catalog: Catalog) -> list[Persona]:
    return [persona for _, persona in catalog.personas()]


def test_libraries_hold_the_fixed_vocabularies(catalog: Catalog) -> None:
    weights = {a.name: a.adoption_weight for a in catalog.archetypes.archetypes}
    assert weights == {
        Archetype.AUTOMATOR: 100,
        Archetype.ORCHESTRATOR: 90,
        Archetype.LEARNER: 50,
        Archetype.SKEPTIC: 20,
    }
    assert {layer.name for layer in catalog.service_layers.service_layers} == set(ServiceLayerName)


def test_catalog_is_big_enough(catalog: Catalog) -> None:
    assert len(catalog.functions) >= 6
    assert {"MEDICAL_AFFAIRS", "SALES", "FINANCE", "MARKETING", "ENGINEERING"} <= {
        f.key for f in catalog.functions
    }
    assert all(len(function.roles) >= 6 for function in catalog.functions)
    assert len(_personas(catalog)) >= 144
    assert len(catalog.jtbds.jtbds) >= 60
    assert all(job.outcomes for job in catalog.jtbds.jtbds)
    assert len(catalog.pain_point_keys()) >= 150
    assert len(catalog.opportunities.opportunities) >= 40


def test_every_role_has_one_variant_per_archetype(catalog: Catalog) -> None:
    for function in catalog.functions:
        variants: dict[str, list[Archetype]] = defaultdict(list)
        for persona in function.personas:
            variants[persona.role].append(persona.archetype)
        for role in function.roles:
            assert sorted(variants[role.key]) == sorted(Archetype), role.key


def test_ids_and_keys_are_unique_across_the_catalog(catalog: Catalog) -> None:
    ids = [p.id for p in _personas(catalog)]
    roles = [r.key for f in catalog.functions for r in f.roles]
    outcomes = [o.key for j in catalog.jtbds.jtbds for o in j.outcomes]
    for values in (ids, roles, outcomes):
        assert len(values) == len(set(values))


@pytest.mark.parametrize(
    "facet",
    [
        "pain_points",
        "goals",
        "challenges",
        "motivations",
        "frustrations",
        "skills",
        "responsibilities",
        "stakeholders",
        "activities",
        "service_layers",
        "jtbds",
    ],
)
def test_every_persona_has_three_to_six_of_each_facet(catalog: Catalog, facet: str) -> None:
    sizes = {p.id: len(getattr(p, facet)) for p in _personas(catalog)}
    assert all(3 <= size <= 6 for size in sizes.values()), sizes


def test_every_week_adds_up_to_100_percent(catalog: Catalog) -> None:
    assert all(sum(a.percent for a in p.activities) == 100 for p in _personas(catalog))


def test_opportunities_reference_existing_nodes(catalog: Catalog) -> None:
    pains = catalog.pain_point_keys()
    jobs = {j.key for j in catalog.jtbds.jtbds}
    for opportunity in catalog.opportunities.opportunities:
        assert {link.key for link in opportunity.addresses} <= pains, opportunity.key
        assert set(opportunity.supports) <= jobs, opportunity.key
        assert set(opportunity.delivered_via) <= set(ServiceLayerName), opportunity.key


def test_many_pain_points_recur_across_functions(catalog: Catalog) -> None:
    functions_by_pain: dict[str, set[str]] = defaultdict(set)
    for function, persona in catalog.personas():
        for pain in persona.pain_points:
            functions_by_pain[pain.key].add(function.key)
    shared = [key for key, functions in functions_by_pain.items() if len(functions) >= 2]
    assert len(shared) >= 30


def test_medical_director_variants_follow_the_source_document(catalog: Catalog) -> None:
    personas = {p.id: p for p in _personas(catalog)}
    expected = {
        "medical-director-automator": (
            "Dr. Michael Chen",
            "Efficiency-Focused Operations Leader",
            ("early_adopter", "moderate", "high", 3, 20, 0.3),
        ),
        "medical-director-orchestrator": (
            "Dr. Sarah Johnson",
            "Strategic Evidence Leader",
            ("early_adopter", "moderate", "high", 12, 80, 0.7),
        ),
        "medical-director-learner": (
            "Dr. David Park",
            "Developing Medical Leader",
            ("early_majority", "conservative", "moderate", 5, 40, 0.4),
        ),
        "medical-director-skeptic": (
            "Dr. Maria Rodriguez",
            "Quality-Focused Medical Leader",
            ("late_majority", "conservative", "low", 8, 70, 0.6),
        ),
    }
    for persona_id, (person, tagline, indicators) in expected.items():
        persona = personas[persona_id]
        a = persona.attributes
        assert persona.name.startswith(f"{person} - Medical Director (")
        assert persona.tagline == tagline
        assert persona.role == "MEDICAL_DIRECTOR"
        assert persona.archetype.value.lower() == persona_id.rsplit("-", 1)[1]
        assert (
            a.technology_adoption,
            a.risk_tolerance,
            a.change_readiness,
            a.stakeholder_count,
            a.strategic_time_percent,
            a.meeting_ratio,
        ) == indicators
    assert [p.text for p in personas["medical-director-orchestrator"].pain_points] == [
        "Can't synthesize evidence from 50+ sources fast enough",
        "Cross-functional alignment takes too long",
        "Miss patterns that span therapeutic areas",
    ]


def test_archetype_variants_differ_in_the_expected_direction(catalog: Catalog) -> None:
    adoption = ["laggard", "late_majority", "early_majority", "early_adopter", "innovator"]
    for function in catalog.functions:
        by_role: dict[str, dict[Archetype, Persona]] = defaultdict(dict)
        for persona in function.personas:
            by_role[persona.role][persona.archetype] = persona
        for role, variants in by_role.items():
            automator = variants[Archetype.AUTOMATOR].attributes
            orchestrator = variants[Archetype.ORCHESTRATOR].attributes
            skeptic = variants[Archetype.SKEPTIC].attributes
            assert orchestrator.team_size > automator.team_size, role
            assert orchestrator.budget_authority > automator.budget_authority, role
            assert adoption.index(skeptic.technology_adoption) < adoption.index(
                automator.technology_adoption
            ), role


def test_generator_reproduces_the_committed_function_files(tmp_path: Path) -> None:
    written = write_functions(SEEDS / "blocks", SEEDS / "library", tmp_path)
    committed = sorted(path.name for path in (SEEDS / "functions").glob("*.yaml"))
    assert sorted(path.name for path in written) == committed
    for path in written:
        assert path.read_text(encoding="utf-8") == (SEEDS / "functions" / path.name).read_text(
            encoding="utf-8"
        ), f"{path.name} is stale: run python -m personagraph.seeding.catalog_builder"


def test_committed_schemas_match_the_models() -> None:
    texts = schema_texts()
    assert sorted(texts) == sorted(path.name for path in (SEEDS / "schema").glob("*.json"))
    for name, text in texts.items():
        assert (SEEDS / "schema" / name).read_text(encoding="utf-8") == text, (
            f"{name} is stale: run python -m personagraph.model.catalog_schema"
        )


@pytest.mark.parametrize(
    ("text", "key"),
    [
        (
            "Manual data entry across disconnected systems",
            "manual data entry across disconnected systems",
        ),
        (
            "  Too much   time spent\tin status meetings.  ",
            "too much time spent in status meetings",
        ),
        ("“Can't trust AI” …", "“can't trust ai” …"),
        ("(Draft) Automate weekly reports!", "draft) automate weekly reports"),
    ],
)
def test_normalize_key_folds_case_space_and_edge_punctuation(text: str, key: str) -> None:
    assert normalize_key(text) == key


def test_a_week_that_does_not_add_up_is_rejected(catalog: Catalog) -> None:
    function = catalog.functions[0].model_dump(mode="json")
    function["personas"][0]["activities"][0]["percent"] += 5
    with pytest.raises(ValidationError, match="sum to 105"):
        FunctionFile.model_validate(function)


def test_no_pain_point_text_repeats_with_different_wording_of_one_key(catalog: Catalog) -> None:
    # Two spellings of one key would make the node's displayed text depend on load order.
    spellings: dict[str, set[str]] = defaultdict(set)
    for persona in _personas(catalog):
        for pain in persona.pain_points:
            spellings[pain.key].add(pain.text)
    assert [key for key, texts in spellings.items() if len(texts) > 1] == []


def test_generator_reproduces_the_committed_workforce_templates(tmp_path: Path) -> None:
    written = write_templates(SEEDS / "blocks", tmp_path)
    committed = SEEDS / "templates" / written.name
    assert written.read_text(encoding="utf-8") == committed.read_text(encoding="utf-8"), (
        f"{written.name} is stale: run python -m personagraph.seeding.catalog_builder"
    )


def test_every_role_has_one_workforce_template(catalog: Catalog) -> None:
    roles = sorted(role.key for function in catalog.functions for role in function.roles)
    workforce = [t for t in catalog.templates if isinstance(t, WorkforceTemplate)]
    assert sorted(t.role for t in workforce) == roles


def test_the_roadmap_therapy_templates_are_there_with_three_more(catalog: Catalog) -> None:
    assistants = {t.key: t for t in catalog.templates if isinstance(t, AssistantTemplate)}
    assert {"cbt-therapist", "dbt-skills-coach", "mindfulness-guide"} <= set(assistants)
    assert len(assistants) >= 6
    cbt = assistants["cbt-therapist"]
    assert (cbt.name, cbt.specialty) == ("CBT Therapist Assistant", "Cognitive Behavioral Therapy")
    assert {"anxiety", "depression", "thought-patterns", "cognitive-distortions"} <= set(cbt.tags)
    for template in assistants.values():
        assert template.key_features
        assert template.best_for
        assert template.icon
        assert 0 <= template.default_settings.temperature <= 2
        assert "emergency services" in template.prompt_template  # where to turn in danger
