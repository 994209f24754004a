"""Templates in a catalog: checked with the rest of it, every problem located."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from personagraph.errors import ValidationFailed
from personagraph.seeding import pipeline
from personagraph.seeding.validation import read_catalog

pytestmark = pytest.mark.unit

TESTS = Path(__file__).resolve().parents[1]
MINIMAL = TESTS / "catalogs" / "minimal"
THERAPY = TESTS.parent / "seeds" / "templates" / "therapy.yaml"


def catalog(tmp_path: Path, templates: object, name: str = "extra.yaml") -> Path:
    root = tmp_path / "catalog"
    shutil.copytree(MINIMAL, root)
    (root / "templates").mkdir()
    shutil.copy(THERAPY, root / "templates" / "therapy.yaml")
    (root / "templates" / name).write_text(yaml.safe_dump(templates), encoding="utf-8")
    return root


def workforce(key: str, role: str) -> dict[str, object]:
    return {
        "kind": "workforce", "key": key, "name": "An SDR", "specialty": "Sales",
        "description": "A sales development representative.", "icon": "💼",
        "category": "workforce", "tags": ["sales"], "key_features": ["Starts from the role"],
        "best_for": "Modelling sellers", "role": role,
    }  # fmt: skip


def test_a_workforce_template_gets_a_blueprint_per_archetype_of_its_role(tmp_path: Path) -> None:
    root = catalog(tmp_path, {"templates": [workforce("sdr", "SALES_DEVELOPMENT_REPRESENTATIVE")]})

    plan = pipeline.prepare(root).plan

    rows = {row.key: row for row in plan.nodes["Template"]}
    assert len(rows) == 7
    blueprints = yaml.safe_load(rows["sdr"].props["blueprints"])
    assert sorted(blueprints) == ["AUTOMATOR", "LEARNER", "ORCHESTRATOR", "SKEPTIC"]
    assert "id" not in blueprints["SKEPTIC"]
    assert blueprints["SKEPTIC"]["role"] == "SALES_DEVELOPMENT_REPRESENTATIVE"
    assert [(link.source, link.target) for link in plan.links["FOR_ROLE"]] == [
        ("sdr", "SALES_DEVELOPMENT_REPRESENTATIVE")
    ]


def test_bad_templates_are_refused_with_every_problem_located(tmp_path: Path) -> None:
    bad = {
        "templates": [
            workforce("sdr", "NO_SUCH_ROLE"),
            {**workforce("cbt-therapist", "SALES_DEVELOPMENT_REPRESENTATIVE")},
            {"kind": "assistant", "key": "Bad Key", "name": "X"},
        ]
    }

    with pytest.raises(ValidationFailed) as refused:
        read_catalog(catalog(tmp_path, bad))

    problems = refused.value.problems
    assert any("templates/extra.yaml: templates[2].assistant.key" in p for p in problems), problems
    assert any("templates[2].assistant.prompt_template: Field required" in p for p in problems)


def test_template_keys_repeated_across_files_and_unknown_roles_are_named(tmp_path: Path) -> None:
    bad = {"templates": [workforce("sdr", "NO_SUCH_ROLE"), workforce("cbt-therapist", "X_Y")]}

    with pytest.raises(ValidationFailed) as refused:
        read_catalog(catalog(tmp_path, bad))

    assert refused.value.problems == [
        "templates/extra.yaml: templates[0].role: unknown role: no function file defines it "
        "(got 'NO_SUCH_ROLE')",
        "templates/extra.yaml: templates[1].role: unknown role: no function file defines it "
        "(got 'X_Y')",
        "templates/therapy.yaml: templates[0].key: duplicate template key, first used in "
        "templates/extra.yaml templates[1] (got 'cbt-therapist')",
    ]
