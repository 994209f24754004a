"""The notebooks are committed clean: valid, without outputs, runnable by any Python 3 kernel."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def test_the_four_notebooks_of_the_analysts_are_there() -> None:
    assert [path.name for path in NOTEBOOKS] == [
        "archetypes.ipynb",
        "opportunities.ipynb",
        "pain_patterns.ipynb",
        "relational.ipynb",
    ]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.stem)
def test_notebook_is_committed_without_outputs(path: Path) -> None:
    notebook = _read(path)
    nbformat.validate(notebook)

    dirty = [
        index
        for index, cell in enumerate(notebook.cells)
        if cell.cell_type == "code" and (cell.outputs or cell.execution_count is not None)
    ]

    assert not dirty, (
        f"{path.name}: cells {dirty} carry outputs or execution counts; clear them "
        "(Jupyter: Edit > Clear Outputs of All Cells) before committing"
    )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.stem)
def test_notebook_uses_the_standard_python_kernel(path: Path) -> None:
    notebook = _read(path)

    assert notebook.metadata["kernelspec"]["name"] == "python3"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.stem)
def test_notebook_opens_with_a_title_and_is_linked_from_the_readme(path: Path) -> None:
    notebook = _read(path)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")

    assert notebook.cells[0].cell_type == "markdown"
    assert notebook.cells[0].source.startswith("# ")
    assert f"(notebooks/{path.name})" in readme


def _read(path: Path) -> Any:
    # nbformat has no annotations.
    return nbformat.read(path, as_version=4)  # type: ignore[no-untyped-call]
