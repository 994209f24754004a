"""Every analytics notebook runs top to bottom against a seeded database, as a user runs it.

Each notebook is executed by nbclient in a fresh IPython kernel of this interpreter (the
project's .venv), pointed at the test server through NEO4J_URI and friends exactly as a
user points the ``personagraph`` command, and working in a temporary folder (the
relational notebook writes its export there). One seeded catalog serves all of them.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import nbformat
import pytest
from ipykernel.kernelspec import write_kernel_spec
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import KernelManager
from nbclient import NotebookClient

from personagraph.neo4j_local.provision import Provisioned
from personagraph.store import Store

NOTEBOOKS = sorted((Path(__file__).resolve().parents[2] / "notebooks").glob("*.ipynb"))
KERNEL = "personagraph-notebooks-test"
# GDS runs and the export take seconds each; a cell stuck for minutes is a failure.
CELL_TIMEOUT = 300


@pytest.fixture(scope="module")
def kernel_specs(tmp_path_factory: pytest.TempPathFactory) -> KernelSpecManager:
    """A kernel spec of this very interpreter, so the kernel imports this checkout's
    personagraph whatever kernels the machine has installed."""
    folder = tmp_path_factory.mktemp("kernels")
    write_kernel_spec(folder / KERNEL)
    return KernelSpecManager(kernel_dirs=[str(folder)])


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.stem)
def test_notebook_runs_top_to_bottom_and_ends_with_a_figure_or_table(
    path: Path,
    seed_catalog: Store,
    neo4j_server: Provisioned,
    kernel_specs: KernelSpecManager,
    tmp_path: Path,
) -> None:
    # nbformat has no annotations.
    notebook: Any = nbformat.read(path, as_version=4)  # type: ignore[no-untyped-call]
    client = NotebookClient(
        notebook,
        km=KernelManager(kernel_name=KERNEL, kernel_spec_manager=kernel_specs),
        timeout=CELL_TIMEOUT,
        resources={"metadata": {"path": str(tmp_path)}},
    )

    # Raises CellExecutionError on an error. The client does not own a kernel manager it is
    # given, so it is told to shut the kernel down and close its channels at the end.
    client.execute(env=_kernel_env(neo4j_server), cleanup_kc=True)

    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert all(cell.execution_count for cell in code), "some code cells did not run"
    assert _shows_figure_or_table(code[-1]), (
        f"the last cell of {path.name} shows no figure or table: {code[-1].outputs}"
    )


def _kernel_env(server: Provisioned) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        NEO4J_URI=server.spec.uri,
        NEO4J_USER=server.spec.user,
        NEO4J_PASSWORD=server.spec.password or "",
        NEO4J_DATABASE=server.spec.database,
    )
    # The notebooks' charts must come out as PNG through IPython's inline backend, as in
    # Jupyter; a backend chosen by the caller (e.g. MPLBACKEND=Agg) would swallow them.
    env.pop("MPLBACKEND", None)
    return env


def _shows_figure_or_table(cell: Any) -> bool:
    for output in cell.outputs:
        data = output.get("data", {})
        if "image/png" in data or "<table" in data.get("text/html", ""):
            return True
    return False
