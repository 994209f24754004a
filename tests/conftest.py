"""Marks every test by its folder: ``unit`` needs no database, ``integration`` does."""

from __future__ import annotations

from pathlib import Path

import pytest

_KINDS = {"unit": pytest.mark.unit, "integration": pytest.mark.integration}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        folder = Path(str(item.path)).parent.name
        marker = _KINDS.get(folder)
        if marker is not None:
            item.add_marker(marker)
