"""The engines an assignment runs on, for tests that run the same case on each."""

from __future__ import annotations

from collections.abc import Callable

from personagraph.behavioral.run import RunReport

# The `assign_on` fixture (conftest.py): assign_on(engine, store, folder, rules=...,
# windows=..., as_of=..., strict=...) -> RunReport.
AssignOn = Callable[..., RunReport]
