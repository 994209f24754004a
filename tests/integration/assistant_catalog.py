"""A small catalog with templates: the minimal catalog, the shipped therapy templates,
and the shipped workforce template of its sales role."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

TESTS = Path(__file__).resolve().parents[1]
MINIMAL = TESTS / "catalogs" / "minimal"
SEEDS = TESTS.parent / "seeds"
SALES_TEMPLATE = "workforce-sales-development-representative"


def catalog_with_templates(folder: Path) -> Path:
    """The minimal catalog with templates, written under ``folder``."""
    catalog = folder / "catalog"
    shutil.copytree(MINIMAL, catalog)
    (catalog / "templates").mkdir()
    shutil.copy(SEEDS / "templates" / "therapy.yaml", catalog / "templates" / "therapy.yaml")
    shipped = yaml.safe_load((SEEDS / "templates" / "workforce.yaml").read_text(encoding="utf-8"))
    sales = [t for t in shipped["templates"] if t["key"] == SALES_TEMPLATE]
    (catalog / "templates" / "workforce.yaml").write_text(
        yaml.safe_dump({"templates": sales}, allow_unicode=True), encoding="utf-8"
    )
    return catalog
