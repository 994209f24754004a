"""The persona manager (/manage) as people use it: Debian's Chromium, headless, driven by
Playwright against the real service over the seed catalog, signed in with real API keys.

Each flow ends with no console error, no request to another origin, and an axe-core
check (vendored under tests/integration/vendor/) without serious or critical findings.
Screenshots land in test-artifacts/manager/ (git-ignored); those in docs/ are copies.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect

from personagraph.admin.review_queue import review_queue
from personagraph.api.api_keys import create_key, revoke_key
from personagraph.api.app import create_app
from personagraph.api.graphql.runtime.context import Role
from personagraph.neo4j_local.provision import Provisioned
from personagraph.seeding import pipeline
from personagraph.settings import Settings
from personagraph.store import Store, default_registry, migrations
from personagraph.store.wipe import wipe
from tests import document_files
from tests.integration import browser as browser_pages
from tests.integration.live_service import serving

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
ARTIFACTS = browser_pages.ARTIFACTS / "manager"
AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"


@pytest.fixture(scope="module")
def catalog(session_store: Store) -> Store:
    """The shipped seed catalog, loaded for this module alone: its tests change it."""
    session_store.registry = default_registry()
    wipe(session_store)
    migrations.migrate(session_store)
    pipeline.load(session_store, pipeline.prepare(SEEDS))
    return session_store


@pytest.fixture(scope="module")
def keys(catalog: Store) -> dict[str, str]:
    return {
        role.value: create_key(catalog, f"{role.value} of the manager tests", role).secret
        for role in (Role.READER, Role.EDITOR)
    }


@pytest.fixture(scope="module")
def service(catalog: Store, neo4j_server: Provisioned) -> Iterator[str]:
    # No anonymous reads: the page has to sign in. A generous query time limit: each
    # statement's first run is planned (seconds on a shared machine), and a flow runs many.
    settings = Settings(anonymous_reads=False, query_timeout=120)
    app = create_app(neo4j_server.spec, settings, graphiql=False)
    with serving(app) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    yield from browser_pages.chromium()


class Manager(browser_pages.Visit):
    """A visit of the persona manager."""

    def __init__(self, page: Page, base: str) -> None:
        super().__init__(page, base, ARTIFACTS)

    def go(self, hash_: str = "", state: str = "ready") -> Page:
        return self.open(hash_, state, path="manage/")

    def sign_in(self, key: str) -> None:
        self.page.get_by_label("API key").fill(key)
        self.page.get_by_role("button", name="Sign in").click()
        expect(self.page.locator("#who")).to_be_visible()
        self.settled()

    def reached(self, hash_: str) -> Page:
        """The page once it navigated to ``hash_`` (a pattern) and drew it."""
        expect(self.page).to_have_url(re.compile(f"#{hash_}$"))
        return self.settled()

    def assert_accessible(self) -> None:
        """axe-core over the page as it is: no serious or critical finding."""
        if not self.page.evaluate("() => Boolean(window.axe)"):
            self.page.evaluate(AXE.read_text(encoding="utf-8"))
        found: list[dict[str, Any]] = self.page.evaluate(
            "async () => (await axe.run(document)).violations"
            ".map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.map(n => n.target.join(' '))}))"
        )
        bad = [v for v in found if v["impact"] in {"serious", "critical"}]
        assert not bad, f"accessibility findings: {json.dumps(bad, indent=1)}"

    def assert_fits(self) -> None:
        overflow = self.page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"the page is {overflow}px wider than the window"


def _visit(browser: Browser, service: str, phone: bool = False) -> Iterator[Manager]:
    if phone:
        context = browser.new_context(viewport=browser_pages.NARROW, is_mobile=True, has_touch=True)
    else:
        context = browser.new_context(viewport=browser_pages.WIDE)
    context.set_default_timeout(browser_pages.WAIT_MS)
    try:
        yield Manager(context.new_page(), service)
    finally:
        context.close()


@pytest.fixture
def visit(browser: Browser, service: str) -> Iterator[Manager]:
    yield from _visit(browser, service)


@pytest.fixture
def phone(browser: Browser, service: str) -> Iterator[Manager]:
    yield from _visit(browser, service, phone=True)


def gql(service: str, key: str, query: str, **variables: Any) -> dict[str, Any]:
    """One GraphQL request as another client would send it: the data, or the errors."""
    response = httpx.post(
        f"{service}/graphql",
        json={"query": query, "variables": variables},
        headers={"Authorization": f"Bearer {key}"},
        timeout=60,
    )
    body: dict[str, Any] = response.json()
    return body


def new_assistant(service: str, key: str, id_: str, name: str, category: str) -> None:
    body = gql(
        service,
        key,
        "mutation ($input: NewAssistantInput!) { createAssistantPersona(input: $input) { id } }",
        input={
            "id": id_,
            "name": name,
            "systemPrompt": f"You are {name}.",
            "category": category,
            "description": f"{name} helps with {category}.",
        },
    )
    assert "errors" not in body, body


def test_a_reader_signs_in_sees_its_role_and_is_offered_no_change(
    visit: Manager, service: str, keys: dict[str, str]
) -> None:
    page = visit.go("#/personas/workforce", state="error")
    expect(page.locator("#status")).to_contain_text("needs the reader role")
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()

    visit.sign_in(keys["reader"])

    expect(page.locator("#who-text")).to_have_text("reader of the manager tests · reader")
    assert page.evaluate("sessionStorage.getItem('personagraph.apiKey')") == keys["reader"]
    assert page.evaluate("localStorage.length") == 0
    cards = page.locator(".card")
    expect(cards.first).to_be_visible()
    expect(page.get_by_role("link", name="+ Create New Persona")).to_have_count(0)
    expect(page.locator(".card-actions")).to_have_count(0)
    expect(cards.first.locator(".star")).to_be_disabled()
    # The persona's page offers no form either; the wizard is refused.
    cards.first.get_by_role("link").first.click()
    visit.reached("/persona/.+")
    expect(page.locator("#edit-form")).to_have_count(0)
    expect(page.locator(".persona-head")).to_be_visible()
    for action in ("Delete", "Upload", "Override archetype", "Re-infer"):
        expect(page.get_by_role("button", name=action)).to_have_count(0)
    expect(page.get_by_role("button", name="Ask")).to_be_visible()  # reading is allowed
    visit.go("#/new", state="error")
    expect(page.locator("#status")).to_contain_text("needs an editor key")
    # The service refuses the reader's key whatever the page offers.
    refused = page.evaluate(
        """async () => (await (await fetch('/graphql', {method: 'POST', headers: {
             'Content-Type': 'application/json',
             Authorization: 'Bearer ' + sessionStorage.getItem('personagraph.apiKey')},
           body: JSON.stringify({query: 'mutation { setFavourite(id: "x") { id } }'})})).json())"""
    )
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    # The key lives as long as the tab: a reload keeps it, signing out forgets it.
    visit.go("#/review")
    expect(page.locator("#who-text")).to_contain_text("reader")
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()
    assert page.evaluate("sessionStorage.getItem('personagraph.apiKey')") is None
    visit.assert_clean()


def test_the_list_has_category_tabs_search_favourites_and_an_empty_state(
    visit: Manager, service: str, keys: dict[str, str]
) -> None:
    page = visit.go("#/personas/assistant", state="error")
    visit.sign_in(keys["editor"])
    expect(page.locator(".empty-state")).to_contain_text("No assistant personas yet")
    expect(page.locator(".empty-state").get_by_role("link")).to_have_text("+ Create New Persona")
    visit.shot("empty-state")

    new_assistant(service, keys["editor"], "sleep-coach", "Sleep Coach", "wellbeing")
    new_assistant(service, keys["editor"], "focus-coach", "Focus Coach", "wellbeing")
    new_assistant(service, keys["editor"], "budget-helper", "Budget Helper", "money")
    page.reload()
    visit.settled()

    counts = gql(service, keys["editor"], "{ personaCategories { category count } }")["data"]
    tabs = page.get_by_role("tab")
    expect(tabs).to_have_count(1 + len(counts["personaCategories"]))
    for row in counts["personaCategories"]:
        expect(page.locator(f'.tab[data-category="{row["category"]}"] .count')).to_have_text(
            str(row["count"])
        )
    expect(page.locator(".card")).to_have_count(3)
    page.get_by_role("tab", name="wellbeing").click()
    expect(page.locator(".card")).to_have_count(2)
    expect(page.get_by_role("tab", name="wellbeing")).to_have_attribute("aria-selected", "true")
    page.get_by_label("Search personas").fill("focus")
    expect(page.locator(".card")).to_have_count(1)
    expect(page.locator(".card h2")).to_have_text("Focus Coach")
    page.get_by_label("Search personas").fill("")
    page.get_by_role("tab", name="All").click()
    # The tabs by keyboard: ← → move along them, each chosen as it is reached.
    page.get_by_role("tab", name="All").press("ArrowRight")
    second = page.get_by_role("tab").nth(1)
    expect(second).to_be_focused()
    expect(second).to_have_attribute("aria-selected", "true")
    second.press("ArrowLeft")
    expect(page.get_by_role("tab", name="All")).to_be_focused()
    expect(page.locator(".card")).to_have_count(3)

    # Marking a favourite puts it first when asked (names sort it last otherwise).
    page.get_by_role("button", name="Mark Sleep Coach as favourite").click()
    expect(page.get_by_role("button", name="Unmark Sleep Coach as favourite")).to_be_visible()
    expect(page.locator(".card h2").first).to_have_text("Budget Helper")
    page.get_by_label("Favourites first").check()
    expect(page.locator(".card h2").first).to_have_text("Sleep Coach")
    card = page.locator('.card[data-persona="sleep-coach"]')
    for label in ("Chats", "Documents", "Last used"):
        expect(card.locator(".usage")).to_contain_text(label)
    visit.shot("personas")
    visit.assert_accessible()
    visit.assert_clean()


def test_create_from_a_template_then_edit_conflict_restore_and_delete(
    visit: Manager, service: str, keys: dict[str, str]
) -> None:
    page = visit.go("#/personas/assistant", state="error")
    visit.sign_in(keys["editor"])
    page.get_by_role("link", name="+ Create New Persona").first.click()
    visit.reached("/new")

    # 1 method → 2 template → 3 customize → 4 review, by keyboard where it matters.
    expect(page.get_by_role("heading", name="How do you want to start?")).to_be_focused()
    page.get_by_label("From a template").check()
    page.get_by_role("button", name="Next").click()
    page.get_by_role("radio", name="CBT Therapist Assistant").check()
    visit.shot("wizard-template")
    page.get_by_role("button", name="Next").click()
    expect(page.get_by_label("System prompt")).not_to_be_empty()
    page.get_by_label("Id", exact=True).fill("Not An Id!")
    page.get_by_label("Name").fill("My CBT Coach")
    page.get_by_role("button", name="Next").click()
    expect(page.locator(".review-table")).to_contain_text("My CBT Coach")
    page.get_by_role("button", name="Create persona").click()

    # The service refuses the id: the message stands next to the Id field.
    problem = page.locator('.field[data-field="id"] .field-error')
    expect(problem).to_be_visible()
    expect(problem).to_contain_text("Not An Id!")
    expect(page.get_by_label("Id", exact=True)).to_have_attribute("aria-invalid", "true")
    visit.shot("wizard-error")
    page.get_by_label("Id", exact=True).fill("my-cbt")
    page.get_by_role("button", name="Next").click()
    page.get_by_role("button", name="Create persona").click()
    visit.reached("/persona/my-cbt")

    expect(page.locator("h1")).to_have_text("My CBT Coach")
    first = int(page.locator("#persona-version").inner_text())

    # Edit: the version read goes with the change.
    page.get_by_label("Tagline").fill("Thought records, gently")
    page.get_by_role("button", name="Save changes").click()
    expect(page.locator("#persona-version")).to_have_text(str(first + 1))
    expect(page.locator("#status")).to_contain_text("Saved: tagline")

    # Someone else saves meanwhile: this page's save is a conflict saying who changed what.
    other = gql(
        service,
        keys["editor"],
        """mutation ($v: Int!) { updatePersona(id: "my-cbt", version: $v,
             changes: {description: "Changed elsewhere"}) { version } }""",
        v=first + 1,
    )
    assert "errors" not in other, other
    page.get_by_label("Name").fill("My CBT Coach, renamed")
    page.get_by_role("button", name="Save changes").click()
    conflict = page.locator("#conflict")
    expect(conflict).to_be_visible()
    expect(conflict).to_contain_text(f"Version {first + 2}: editor of the manager tests")
    expect(conflict.locator("strong")).to_have_text("description")
    visit.shot("edit-conflict")
    page.get_by_role("button", name="Reload the latest version").click()
    expect(page.locator("#persona-version")).to_have_text(str(first + 2))
    expect(page.get_by_label("Description")).to_have_value("Changed elsewhere")
    expect(page.get_by_label("Name")).to_have_value("My CBT Coach")

    # History: each version's changes; restoring the first makes a new version.
    history = page.locator(".history")
    expect(history.locator(f'.version[data-version="{first + 2}"]')).to_contain_text(
        "Changed elsewhere"
    )
    visit.shot("history")
    restore = page.get_by_role("button", name=f"Restore version {first}")
    restore.click()
    page.get_by_role("dialog").get_by_role("button", name="Restore").click()
    expect(page.locator("#persona-version")).to_have_text(str(first + 3))
    expect(page.get_by_label("Tagline")).to_have_value("")
    expect(page.get_by_label("Description")).not_to_have_value("Changed elsewhere")
    visit.assert_accessible()

    # Delete, with confirmation (Cancel first: nothing happens).
    page.get_by_role("button", name="Delete").click()
    page.get_by_role("dialog").get_by_role("button", name="Cancel").click()
    expect(page.get_by_role("dialog")).to_have_count(0)
    page.get_by_role("button", name="Delete").click()
    page.get_by_role("dialog").get_by_role("button", name="Delete").click()
    visit.reached("/personas/assistant")
    expect(page.locator("#status")).to_contain_text("was deleted")
    expect(page.locator('.card[data-persona="my-cbt"]')).to_have_count(0)
    gone = gql(service, keys["editor"], '{ persona(id: "my-cbt") { isActive } }')
    assert gone["data"]["persona"]["isActive"] is False
    visit.assert_clean()


def test_duplicate_from_a_card_and_create_from_scratch(
    visit: Manager, service: str, keys: dict[str, str]
) -> None:
    new_assistant(service, keys["editor"], "tea-guide", "Tea Guide", "hobbies")
    page = visit.go("#/personas/assistant", state="error")
    visit.sign_in(keys["editor"])

    # Duplicate: the card's button opens the wizard at customize, for that persona.
    page.get_by_role("link", name="Duplicate Tea Guide").click()
    visit.reached("/new/duplicate/tea-guide")
    expect(page.get_by_label("New id")).to_have_value("tea-guide-copy")
    page.get_by_label("New id").fill("Tea Copy")
    page.get_by_role("button", name="Next").click()
    page.get_by_role("button", name="Create persona").click()
    expect(page.locator('.field[data-field="newId"] .field-error')).to_contain_text("Tea Copy")
    page.get_by_label("New id").fill("tea-copy")
    page.get_by_role("button", name="Next").click()
    page.get_by_role("button", name="Create persona").click()
    visit.reached("/persona/tea-copy")
    expect(page.locator("h1")).to_have_text("Tea Guide (copy)")
    expect(page.locator(".persona-head")).to_contain_text("made by duplicate")

    # From scratch: a name too short is said next to Name.
    visit.go("#/new")
    page.get_by_label("From scratch").check()
    page.get_by_role("button", name="Next").click()
    page.get_by_label("Id", exact=True).fill("coffee-guide")
    page.get_by_label("Name").fill("C")
    page.get_by_label("System prompt").fill("You explain coffee brewing.")
    page.get_by_role("button", name="Next").click()
    page.get_by_role("button", name="Create persona").click()
    expect(page.locator('.field[data-field="name"] .field-error')).to_contain_text("at least")
    expect(page.get_by_label("Name")).to_be_focused()
    page.get_by_label("Name").fill("Coffee Guide")
    page.get_by_role("button", name="Next").click()
    page.get_by_role("button", name="Create persona").click()
    visit.reached("/persona/coffee-guide")
    expect(page.locator(".persona-head")).to_contain_text("made by scratch")
    visit.assert_clean()


def test_a_default_persona_cannot_be_deleted_from_its_card(
    visit: Manager, service: str, keys: dict[str, str], catalog: Store
) -> None:
    new_assistant(service, keys["editor"], "house-default", "House Default", "general")
    catalog.run_raw("MATCH (p:Persona {id: 'house-default'}) SET p.is_default = true")
    page = visit.go("#/personas/assistant", state="error")
    visit.sign_in(keys["editor"])

    card = page.locator('.card[data-persona="house-default"]')
    expect(card.get_by_role("button", name="Delete House Default")).to_be_disabled()
    expect(card.locator(".badge-default")).to_have_text("Default")
    visit.assert_clean()


def test_review_queue_override_with_a_reason(
    visit: Manager, service: str, keys: dict[str, str], catalog: Store
) -> None:
    queue = review_queue(catalog, limit=50).items
    page = visit.go("#/review", state="error")
    visit.sign_in(keys["editor"])

    items = page.locator(".review-item")
    expect(items).to_have_count(len(queue))
    assert items.evaluate_all("items => items.map(i => i.dataset.persona)") == [
        item.id for item in queue
    ]
    top = items.first
    expect(top.locator(".reason")).to_have_text(queue[0].reason)
    expect(top.locator("svg.mini-quadrant")).to_have_attribute(
        "aria-label",
        re.compile(rf"{re.escape(str(queue[0].name))}: work complexity \d+, AI maturity \d+"),
    )
    visit.shot("review")
    visit.assert_accessible()

    # A reason is required.
    top.get_by_role("button", name="Override").click()
    expect(top.locator('.field[data-field="reason"] .field-error')).to_be_visible()
    chosen = "SKEPTIC" if queue[0].inferred != "SKEPTIC" else "LEARNER"
    top.get_by_label("Archetype").select_option(chosen)
    top.get_by_label("Reason").fill("Interviewed in person: wary of AI in audits")
    top.get_by_role("button", name="Override").click()
    expect(page.locator("#status")).to_contain_text(f"archetype set to {chosen}")
    expect(page.locator(f'.review-item[data-persona="{queue[0].id}"]')).to_have_count(0)
    expect(page.locator("table.top-table")).to_contain_text("override")

    persona = gql(
        service,
        keys["editor"],
        "query ($id: String!) { persona(id: $id) { archetype requiresReview } }",
        id=queue[0].id,
    )["data"]["persona"]
    assert persona == {"archetype": chosen, "requiresReview": False}

    # Re-infer the next one: inference runs again on its current attributes.
    following = page.locator(".review-item").first
    name = following.locator("h2").inner_text()
    following.get_by_role("button", name="Re-infer").click()
    expect(page.locator("#status")).to_contain_text(f"{name}: archetype inferred again")
    visit.assert_clean()


def test_upload_follows_the_status_and_answers_with_sources(
    visit: Manager, service: str, keys: dict[str, str], tmp_path: Path
) -> None:
    new_assistant(service, keys["editor"], "cbt-notes", "CBT Notes", "therapy")
    handout = tmp_path / "thought-records.md"
    # Twelve short sections after the handout: more passages than one page of the list.
    readings = "".join(
        f"\n\n## Reading {n}\n\nA short reading about noticing thought {n} and its evidence.\n"
        for n in range(1, 13)
    )
    handout.write_bytes(document_files.thought_record_md() + readings.encode())
    page = visit.go("#/persona/cbt-notes", state="error")
    visit.sign_in(keys["editor"])

    expect(page.locator("#datasets")).to_contain_text("No documents yet")
    page.get_by_label("Add a document").set_input_files(str(handout))
    page.get_by_role("button", name="Upload").click()

    dataset = page.locator('#datasets li[data-dataset="thought-records.md"]')
    expect(dataset).to_have_attribute("data-status", "completed")
    expect(dataset).to_contain_text("passages")
    expect(page.locator("#upload-note")).to_contain_text("thought-records.md: new")

    # The dataset's passages open under it from the keyboard, ten at a time, in the order
    # and with the sections datasetChunks gives.
    dataset_id = gql(service, keys["editor"], '{ datasets(personaId: "cbt-notes") { id } }')[
        "data"
    ]["datasets"][0]["id"]
    stored = gql(
        service,
        keys["editor"],
        "query ($id: String!) { datasetChunks(datasetId: $id, first: 100) "
        "{ total chunks { position section } } }",
        id=dataset_id,
    )["data"]["datasetChunks"]
    summary = dataset.locator("summary")
    expect(summary).to_have_text(f"Passages ({stored['total']})")
    summary.focus()
    page.keyboard.press("Enter")
    chunks = dataset.get_by_role("list", name="Passages of thought-records.md").locator(".passage")
    assert stored["total"] > 10
    expect(chunks).to_have_count(10)
    more = dataset.get_by_role("button", name="Show more passages")
    while more.is_visible():
        count = chunks.count()
        more.focus()
        page.keyboard.press("Enter")
        expect(chunks).not_to_have_count(count)
    expect(dataset.get_by_role("status")).to_have_text(
        f"{stored['total']} of {stored['total']} passages shown."
    )
    expect(chunks).to_have_count(len(stored["chunks"]))
    positions = [int(p) for p in chunks.evaluate_all("(l) => l.map((e) => e.dataset.position)")]
    assert positions == [chunk["position"] for chunk in stored["chunks"]]
    for item, chunk in zip(chunks.all(), stored["chunks"], strict=True):
        expect(item.locator(".source")).to_contain_text(chunk["section"])
    visit.shot("documents-passages")
    summary.focus()
    page.keyboard.press("Enter")
    expect(chunks.first).to_be_hidden()

    page.get_by_label("Ask the documents").fill("how do I fill in a thought record?")
    page.get_by_role("button", name="Ask").click()
    passages = page.locator("#answers .passage")
    expect(passages.first).to_be_visible()
    expect(passages.first.locator(".source")).to_contain_text("thought-records.md")
    expect(passages.first.locator(".source")).to_contain_text("score")
    expected = gql(
        service,
        keys["editor"],
        """{ retrieveContext(personaId: "cbt-notes", query: "how do I fill in a thought record?")
             { section } }""",
    )["data"]["retrieveContext"]
    expect(passages).to_have_count(len(expected))
    expect(passages.first.locator(".source")).to_contain_text(expected[0]["section"])
    visit.shot("documents")
    visit.assert_accessible()
    visit.assert_clean()


def test_the_routing_playground_shows_the_decision_and_compares_two_personas(
    visit: Manager, service: str, keys: dict[str, str], catalog: Store
) -> None:
    [first, second] = [
        row["id"]
        for row in catalog.run_raw(
            "MATCH (p:Persona {kind: 'workforce'}) WHERE p.is_active RETURN p.id AS id "
            "ORDER BY p.name, p.id LIMIT 2"
        )
    ]
    request = "Can you automate our month-end reconciliation and show me the steps?"
    expected = gql(
        service,
        keys["reader"],
        """query ($r: String!, $p: ID) { route(request: $r, personaId: $p)
             { serviceLayer rule { id } } }""",
        r=request,
        p=first,
    )["data"]["route"]
    page = visit.go("#/route", state="error")
    visit.sign_in(keys["reader"])

    page.get_by_label("Request").fill(request)
    page.get_by_label("Persona", exact=True).select_option(first)
    page.get_by_label("Compare with").select_option(second)
    page.get_by_role("button", name="Route").click()

    decisions = page.locator(".decision")
    expect(decisions).to_have_count(2)
    mine = page.locator(f'.decision[data-persona="{first}"]')
    expect(mine.locator(".layer")).to_have_text(expected["serviceLayer"])
    expect(mine).to_contain_text(expected["rule"]["id"])
    expect(mine).to_contain_text("Policy findings")
    expect(page.locator(f'.decision[data-persona="{second}"]')).to_be_visible()
    visit.shot("routing")
    visit.assert_accessible()
    visit.assert_clean()


@pytest.mark.parametrize("screen", ["#/personas/workforce", "#/review", "#/route", "#/new"])
def test_every_screen_fits_a_phone(
    phone: Manager, keys: dict[str, str], catalog: Store, screen: str
) -> None:
    page = phone.go(screen, state="error")
    phone.sign_in(keys["editor"])

    phone.assert_fits()
    if screen == "#/personas/workforce":
        page.locator(".card h2 a").first.click()
        phone.reached("/persona/.+")
        phone.assert_fits()
        phone.shot("phone-persona")
    phone.assert_accessible()
    phone.assert_clean()


def test_the_explorer_and_the_manager_link_to_each_other(
    visit: Manager, keys: dict[str, str]
) -> None:
    page = visit.go("#/personas", state="error")
    page.get_by_role("link", name="Explorer").click()
    expect(page.get_by_role("link", name="Manage personas")).to_be_visible()
    page.get_by_role("link", name="Manage personas").click()
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()
    assert page.url.endswith("/manage/")


def test_viewer_says_who_a_key_is_without_needing_one(
    service: str, keys: dict[str, str], catalog: Store
) -> None:
    query = "{ viewer { name role anonymousReads problem } }"
    revoked = create_key(catalog, "revoked key", Role.EDITOR)
    revoke_key(catalog, revoked.id)

    def viewer(key: str) -> dict[str, Any]:
        body = gql(service, key, query)
        assert "errors" not in body, body
        found: dict[str, Any] = body["data"]["viewer"]
        return found

    assert viewer(keys["editor"]) == {
        "name": "editor of the manager tests",
        "role": "editor",
        "anonymousReads": False,
        "problem": None,
    }
    assert viewer(keys["reader"])["role"] == "reader"
    anonymous = httpx.post(f"{service}/graphql", json={"query": query}, timeout=60).json()
    assert anonymous["data"]["viewer"] == {
        "name": "anonymous",
        "role": None,
        "anonymousReads": False,
        "problem": None,
    }
    refused = viewer(revoked.secret)
    assert refused["role"] is None
    assert refused["problem"] == "the API key 'revoked key' was revoked"
    assert "not recognised" in viewer("pgk_000000000000_nope")["problem"]
