"""The class tree drawn in ``personagraph/errors.py`` is the real one, every class in it."""

from __future__ import annotations

import importlib
import pkgutil
import re

import personagraph
from personagraph import errors
from personagraph.errors import PersonagraphError

_NAME = re.compile(r"[A-Z]\w*")


def drawn_tree() -> dict[str, str | None]:
    """Each class name in the docstring's drawing, with the name it hangs from."""
    lines = errors.__doc__.split("::\n", 1)[1].splitlines() if errors.__doc__ else []
    parents: dict[str, str | None] = {}
    path: list[str] = []
    for line in lines:
        found = _NAME.search(line)
        if not line.strip():
            if parents:
                break  # the drawing ends at the first blank line after it began
            continue
        assert found, f"a line of the drawing names no class: {line!r}"
        depth = (found.start() - 4) // 4
        del path[depth:]
        parents[found.group()] = path[-1] if path else None
        path.append(found.group())
    return parents


def real_tree() -> dict[str, str | None]:
    """Every PersonagraphError subclass defined in the package, with its direct base."""
    for module in pkgutil.walk_packages(personagraph.__path__, "personagraph."):
        if not module.name.endswith(".__main__"):  # that one runs the command line
            importlib.import_module(module.name)
    found: dict[str, str | None] = {"PersonagraphError": None}
    pending = [PersonagraphError]
    while pending:
        klass = pending.pop()
        for sub in klass.__subclasses__():
            if sub.__module__.startswith("personagraph."):
                assert sub.__name__ not in found, f"two error classes named {sub.__name__}"
                found[sub.__name__] = klass.__name__
                pending.append(sub)
    return found


def test_the_drawing_lists_every_error_class_under_its_base() -> None:
    drawn, real = drawn_tree(), real_tree()

    assert sorted(set(real) - set(drawn)) == [], "classes missing from the drawing"
    assert sorted(set(drawn) - set(real)) == [], "the drawing names classes that do not exist"
    assert drawn == real
