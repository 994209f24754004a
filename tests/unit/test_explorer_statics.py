"""The explorer's page ships inside the package, loads nothing from elsewhere, and its
node lookup knows every label of the ontology."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from starlette.applications import Starlette
from starlette.routing import Mount
from starlette.testclient import TestClient

from personagraph.api.web import STATICS, ExplorerFiles
from personagraph.model.ontology import NODE_TYPES
from personagraph.store import default_registry

pytestmark = pytest.mark.unit

ROOT = Path(__file__).resolve().parents[2]
PAGE_FILES = [p for p in STATICS.rglob("*") if p.suffix in {".html", ".js", ".css"}]


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(Starlette(routes=[Mount("/", app=ExplorerFiles())]))


def test_the_page_and_its_modules_are_served_with_a_same_origin_policy(client: TestClient) -> None:
    page = client.get("/")
    script = client.get("/js/main.js")

    assert page.status_code == 200
    assert "<title>personagraph explorer</title>" in page.text
    assert "default-src 'self'" in page.headers["content-security-policy"]
    assert script.headers["content-type"].split(";")[0] in {
        "text/javascript",
        "application/javascript",
    }


def test_the_persona_manager_is_served_at_manage_with_the_same_policy(client: TestClient) -> None:
    bare = client.get("/manage", follow_redirects=False)
    page = client.get("/manage/")

    assert bare.status_code in {301, 302, 307, 308}
    assert bare.headers["location"].endswith("/manage/")
    assert "<title>personagraph persona manager</title>" in page.text
    assert "default-src 'self'" in page.headers["content-security-policy"]
    # Its styles and modules are the explorer's, shared: one folder up.
    assert 'href="../explorer.css"' in page.text
    assert 'src="../js/manage/main.js"' in page.text
    assert client.get("/js/manage/main.js").status_code == 200


def test_the_explorer_and_the_manager_link_to_each_other(client: TestClient) -> None:
    assert 'href="manage/"' in client.get("/").text
    assert 'href="../"' in client.get("/manage/").text


def test_every_module_the_page_imports_is_shipped() -> None:
    imports = {
        (path.parent / found).resolve()
        for path in STATICS.rglob("*.js")
        if "vendor" not in path.parts
        for found in re.findall(r'from "(\.{1,2}/[^"]+)"', path.read_text(encoding="utf-8"))
    }

    missing = [str(path.relative_to(STATICS)) for path in imports if not path.is_file()]

    assert imports
    assert not missing


@pytest.mark.parametrize("path", PAGE_FILES, ids=lambda p: str(p.relative_to(STATICS)))
def test_nothing_is_fetched_from_another_origin(path: Path) -> None:
    text = path.read_text(encoding="utf-8")

    # The SVG namespace is a name, not a request.
    found = re.findall(r"https?://[^\s\"')]+", text.replace("http://www.w3.org/2000/svg", ""))

    assert not [url for url in found if "vendor" not in path.parts]


def test_cytoscape_is_vendored_with_its_licence_and_version() -> None:
    vendor = STATICS / "vendor"
    readme = (STATICS / "README.md").read_text(encoding="utf-8")

    assert (vendor / "cytoscape.min.js").stat().st_size > 100_000
    assert "MIT" in (vendor / "cytoscape-LICENSE.txt").read_text(encoding="utf-8") or (
        "Permission is hereby granted" in (vendor / "cytoscape-LICENSE.txt").read_text("utf-8")
    )
    assert re.search(r"Cytoscape\.js 3\.\d+\.\d+", readme)


def test_the_statics_are_package_data() -> None:
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")

    assert '"api/web/statics/**/*"' in pyproject


def test_the_neighbourhood_lookup_has_one_branch_per_label_on_its_key() -> None:
    statement = default_registry().statement("read/domain/neighbourhood")
    branches = re.findall(r"MATCH \(n:(\w+) \{(\w+): \$key\}\) WHERE \$label = '(\w+)'", statement)

    assert sorted((label, key) for label, key, _ in branches) == sorted(
        (t.label, t.key) for t in NODE_TYPES
    )
    assert all(label == named for label, _, named in branches)
