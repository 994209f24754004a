"""The graph explorer as a person uses it: Debian's Chromium, headless, driven by
Playwright against the real service over the seed catalog and one scoring run.

Screenshots land in test-artifacts/explorer/ (git-ignored); the ones in docs/ are
copies of them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import (
    Browser,
    Page,
    expect,
)

from personagraph.admin.review_queue import review_queue
from personagraph.analytics.scoring import ScoringResult, run_scoring
from personagraph.api.app import create_app
from personagraph.neo4j_local.provision import Provisioned
from personagraph.settings import Settings
from personagraph.store import Store
from tests.integration import browser as browser_pages
from tests.integration.live_service import serving

ARTIFACTS = browser_pages.ARTIFACTS / "explorer"


@pytest.fixture(scope="module")
def scored(seed_catalog: Store, neo4j_server: Provisioned) -> ScoringResult:
    return run_scoring(neo4j_server.spec, seed_catalog)


@pytest.fixture(scope="module")
def service(scored: ScoringResult, neo4j_server: Provisioned) -> Iterator[str]:
    app = create_app(neo4j_server.spec, Settings(anonymous_reads=True), graphiql=False)
    with serving(app) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    yield from browser_pages.chromium()


class Visit(browser_pages.Visit):
    """A visit of the explorer, which can also read and click its canvas's nodes."""

    def __init__(self, page: Page, base: str) -> None:
        super().__init__(page, base, ARTIFACTS)

    def nodes(self, selector: str = "node") -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = self.page.evaluate(
            "s => window.explorer.cy.$(s).map(n => n.data())", selector
        )
        return found

    def node(self, node_id: str) -> dict[str, Any]:
        found: dict[str, Any] = self.page.evaluate(
            "id => window.explorer.cy.getElementById(id).data()", node_id
        )
        assert found, f"{node_id} is not on the canvas"
        return found

    def click_node(self, node_id: str) -> None:
        """A real mouse click where the node is drawn on the canvas."""
        where = self.page.evaluate(
            "id => window.explorer.cy.getElementById(id).renderedPosition()", node_id
        )
        box = self.page.locator("#canvas").bounding_box()
        assert box is not None
        self.page.mouse.click(box["x"] + where["x"], box["y"] + where["y"])


@pytest.fixture
def visit(browser: Browser, service: str) -> Iterator[Visit]:
    context = browser.new_context(viewport=browser_pages.WIDE)
    context.set_default_timeout(browser_pages.WAIT_MS)
    try:
        yield Visit(context.new_page(), service)
    finally:
        context.close()


@pytest.fixture
def phone(browser: Browser, service: str) -> Iterator[Visit]:
    context = browser.new_context(viewport=browser_pages.NARROW, is_mobile=True, has_touch=True)
    context.set_default_timeout(browser_pages.WAIT_MS)
    try:
        yield Visit(context.new_page(), service)
    finally:
        context.close()


def _hash(page: Page) -> str:
    return str(page.evaluate("decodeURIComponent(location.hash)"))


def test_search_with_the_keyboard_opens_the_chosen_node(visit: Visit) -> None:
    page = visit.open()
    expect(page.locator("#panel")).to_contain_text("Search for a persona")

    page.locator("#search").press_sequentially("medical director", delay=20)
    options = page.get_by_role("option")
    expect(options.first).to_be_visible()
    second = options.nth(1).locator(".hit-caption").inner_text()
    page.locator("#search").press("ArrowDown")
    expect(options.nth(1)).to_have_attribute("aria-selected", "true")
    page.locator("#search").press("Enter")
    visit.settled()

    assert re.fullmatch(r"#/node/Persona/[\w-]+", _hash(page))
    expect(page.locator(".panel-title")).to_have_text(second)
    labels = {node["label"] for node in visit.nodes()}
    assert {"Persona", "PainPoint", "JTBD", "Archetype", "Role"} <= labels
    expect(page.locator("#legend")).to_contain_text("Pain point")
    visit.shot("search-persona")
    visit.assert_clean()


def test_clicking_a_node_expands_its_neighbourhood(visit: Visit, seed_catalog: Store) -> None:
    # A pain point other personas feel too, so expanding it brings them in.
    found = seed_catalog.run_raw(
        "MATCH (p:Persona)-[:EXPERIENCES]->(pain)<-[:EXPERIENCES]-(other) "
        "WITH p, pain, count(other) AS others "
        "RETURN p.id AS persona, pain.key AS pain ORDER BY others DESC, persona, pain LIMIT 1"
    )[0]
    persona, shared = found["persona"], found["pain"]
    page = visit.open(f"#/node/Persona/{persona}")
    before = len(visit.nodes())
    pain = visit.node(f"PainPoint/{shared}")

    visit.click_node(pain["id"])
    visit.settled()

    assert _hash(page) == f"#/node/{pain['id']}"
    expect(page.locator(".panel-label")).to_contain_text("Pain point")
    expect(page.locator(".panel-title")).to_have_text(pain["caption"])
    assert len(visit.nodes()) > before  # the personas who share the pain came in
    assert visit.nodes(":selected")[0]["id"] == pain["id"]
    expect(page.locator(".properties")).to_contain_text("category")
    visit.shot("expand-pain-point")
    visit.assert_clean()


def test_a_persona_is_followed_to_its_opportunities(visit: Visit, seed_catalog: Store) -> None:
    persona = "medical-director-automator"
    expected = seed_catalog.read("read/domain/persona_opportunity_paths", id=persona)
    page = visit.open(f"#/node/Persona/{persona}")

    page.get_by_role("link", name="Path to opportunities →").click()
    visit.settled()

    assert _hash(page) == f"#/path/{persona}"
    opportunities = {row["opportunity_key"] for row in expected}
    assert {n["key"] for n in visit.nodes("node[label = 'Opportunity']")} == opportunities
    items = page.locator(".path-item > a")
    expect(items).to_have_count(len(opportunities))
    expect(items.first).to_contain_text(expected[0]["opportunity_name"])
    visit.shot("persona-path")
    visit.assert_clean()


def test_top_opportunities_lead_to_the_reach_of_the_best(
    visit: Visit, scored: ScoringResult
) -> None:
    best = scored.scores[0]
    page = visit.open("#/opportunities")

    rows = page.locator(".top-table tbody tr")
    expect(rows).to_have_count(len(scored.scores))
    expect(rows.first.locator(".rank")).to_have_text("1")
    expect(rows.first).to_contain_text(best.name)
    expect(page.locator(".top-table thead")).to_contain_text("Adoption readiness")
    visit.shot("top-opportunities")

    rows.first.get_by_role("link").click()
    visit.settled()

    assert _hash(page) == f"#/reach/{best.key}"
    panel = page.locator("#panel")
    expect(panel.locator(".scores")).to_contain_text(f"{round(best.reach * 100)}%")
    expect(panel).to_contain_text("Functions")
    expect(panel).to_contain_text("Archetypes")
    top_persona = best.explanation.personas[0].key
    assert top_persona in {n["key"] for n in visit.nodes("node[label = 'Persona']")}
    assert visit.nodes("node[label = 'Function']")
    visit.shot("opportunity-reach")
    visit.assert_clean()


def test_the_quadrant_plots_every_scored_persona_and_marks_reviews(
    visit: Visit, seed_catalog: Store
) -> None:
    personas = seed_catalog.run_raw(
        "MATCH (p:Persona) WHERE p.work_complexity_score IS NOT NULL RETURN p.id AS id"
    )
    queue = review_queue(seed_catalog, limit=1000).items
    page = visit.open("#/quadrant")

    dots = page.locator("svg.quadrant .dot")
    expect(dots).to_have_count(len(personas))
    flagged = page.locator("svg.quadrant .dot[data-review=true]")
    assert flagged.count() == len(queue) > 0
    expect(page.locator(".review-list h3")).to_contain_text(f"({len(queue)})")
    # The same reasons as the GraphQL queue and `personagraph personas review`, in order.
    listed = page.locator(".review-list li[data-persona]")
    assert listed.evaluate_all("items => items.map(i => i.dataset.persona)") == [
        item.id for item in queue[:12]
    ]
    expect(listed.first.locator(".reason")).to_have_text(queue[0].reason)
    for name in ("AUTOMATOR", "ORCHESTRATOR", "LEARNER", "SKEPTIC"):
        expect(page.locator("svg.quadrant")).to_contain_text(name)
    visit.shot("archetype-quadrant")

    dots.last.click()  # drawn last, so on top of any dot it overlaps
    visit.settled()

    assert _hash(page).startswith("#/node/Persona/")
    visit.assert_clean()


def test_a_deep_link_restores_the_selection_after_a_reload(
    visit: Visit, scored: ScoringResult
) -> None:
    best = scored.scores[0]
    page = visit.open(f"#/node/Opportunity/{best.key}")
    expect(page.locator(".panel-title")).to_have_text(best.name)

    page.reload()
    visit.settled()

    assert _hash(page) == f"#/node/Opportunity/{best.key}"
    expect(page.locator(".panel-title")).to_have_text(best.name)
    assert visit.nodes(":selected")[0]["key"] == best.key
    visit.assert_clean()


def test_errors_are_told_in_words(visit: Visit) -> None:
    page = visit.open("#/node/Persona/nobody-by-that-id", state="error")
    expect(page.locator("#status")).to_contain_text("No Persona with id 'nobody-by-that-id'")

    page.route("**/graphql", lambda route: route.abort())
    page.reload()
    visit.settled("error")

    expect(page.locator("#status")).to_contain_text("The personagraph service did not answer")
    assert not visit.elsewhere


def test_a_phone_can_search_and_follow_a_path(phone: Visit) -> None:
    page = phone.open("#/path/medical-director-orchestrator")

    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the page is {overflow}px wider than the phone"
    canvas = page.locator("#canvas").bounding_box()
    assert canvas is not None
    assert canvas["width"] >= 380
    assert canvas["height"] >= 300
    expect(page.locator(".path-item").first).to_be_visible()
    phone.shot("phone-path")

    page.locator("#search").fill("fp&a")
    expect(page.get_by_role("option").first).to_be_visible()
    page.locator("#search").press("Enter")
    phone.settled()

    assert _hash(page).startswith("#/node/")
    phone.assert_clean()
