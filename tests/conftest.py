"""Marks every test by its folder: ``unit`` needs no database, ``integration`` does."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import settings

from personagraph.embedding import MiniLmEmbedder, default_embedder

# Property tests check outcomes, not speed: a busy CI machine must not fail them on time.
settings.register_profile("personagraph", deadline=None)
settings.load_profile("personagraph")

_KINDS = {"unit": pytest.mark.unit, "integration": pytest.mark.integration}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        folder = Path(str(item.path)).parent.name
        marker = _KINDS.get(folder)
        if marker is not None:
            item.add_marker(marker)


@pytest.fixture(scope="session")
def embedder() -> MiniLmEmbedder:
    """The real local embedding model, loaded once for the whole session (the CLI and the
    service in these tests use the same instance through ``default_embedder``)."""
    return default_embedder()
