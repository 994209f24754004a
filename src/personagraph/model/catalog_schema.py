"""Write the JSON Schema of every catalog file model to ``seeds/schema/``.

Editors use these schemas to validate and complete catalog YAML; a unit test
keeps them equal to the models. Regenerate after changing a model::

    python -m personagraph.model.catalog_schema
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from personagraph.model.catalog import (
    ArchetypeLibraryFile,
    FunctionFile,
    JtbdLibraryFile,
    OpportunityLibraryFile,
    ServiceLayerLibraryFile,
)
from personagraph.model.routing import PolicyFile, RuleFile
from personagraph.model.templates import TemplateFile

SCHEMA_FILES: dict[str, type[BaseModel]] = {
    "function.schema.json": FunctionFile,
    "archetypes.schema.json": ArchetypeLibraryFile,
    "service_layers.schema.json": ServiceLayerLibraryFile,
    "jtbds.schema.json": JtbdLibraryFile,
    "opportunities.schema.json": OpportunityLibraryFile,
    "routing_rules.schema.json": RuleFile,
    "routing_policies.schema.json": PolicyFile,
    "templates.schema.json": TemplateFile,
}


def schema_texts() -> dict[str, str]:
    """The text of each schema file, keyed by file name."""
    texts = {}
    for name, model in SCHEMA_FILES.items():
        schema: dict[str, Any] = {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            **model.model_json_schema(),
        }
        texts[name] = json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
    return texts


def write_schemas(out_dir: Path) -> list[Path]:
    """Write every schema file into ``out_dir``; returns the paths written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in schema_texts().items():
        path = out_dir / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write the catalog JSON Schemas.")
    parser.add_argument("--out", type=Path, default=Path("seeds/schema"))
    args = parser.parse_args(argv)
    for path in write_schemas(args.out):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
