"""Ships the repository's top-level ``cypher/`` inside the package, as ``personagraph.cypher``.

pyproject.toml holds everything else; it cannot say this one thing: a package (here
``personagraph.cypher``) whose folder is outside ``src/``. Wheels copy ``cypher/**`` into
``personagraph/cypher/``; editable installs map the package to ``cypher/`` itself, so a
statement edited in the checkout is the one that runs. ``store/queries.py`` finds the
folder with ``importlib.resources`` either way.
"""

from __future__ import annotations

from setuptools import find_namespace_packages, setup

CYPHER = "personagraph.cypher"
# Data folders (explorer statics, Maven poms, statements) are listed as packages of their
# own: setuptools warns about a folder below a package that is not listed.
NOT_PACKAGES = ["*__pycache__*"]

setup(
    packages=[
        *find_namespace_packages("src", include=["personagraph*"], exclude=NOT_PACKAGES),
        CYPHER,
        *(f"{CYPHER}.{name}" for name in find_namespace_packages("cypher", exclude=NOT_PACKAGES)),
    ],
    package_dir={"": "src", CYPHER: "cypher"},
)
