"""What the browser tests of the web pages share: Debian's Chromium, headless, driven by
Playwright, and a visit that records console errors and requests to other origins."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, Request, ViewportSize, expect, sync_playwright

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
# Headless in a container: no sandbox (no user namespaces), no GPU, and nothing that
# would reach out to the network on its own.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WIDE: ViewportSize = {"width": 1280, "height": 800}
NARROW: ViewportSize = {"width": 390, "height": 844}
# Generous: the first run of each statement on a fresh database is planned, and CI
# machines are shared. A passing wait returns as soon as its condition holds.
WAIT_MS = 30_000


def chromium() -> Iterator[Browser]:
    """Chromium for a module's tests (the body of a module-scoped fixture)."""
    if not CHROMIUM.exists():
        pytest.fail(
            f"The browser tests need Chromium at {CHROMIUM}. Install it with "
            "`sudo apt-get install -y chromium` (scripts/install does this when run as root).",
            pytrace=False,
        )
    expect.set_options(timeout=WAIT_MS)
    with sync_playwright() as playwright:
        yield playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)


class Visit:
    """A page on the service, recording console errors and requests to other origins."""

    def __init__(self, page: Page, base: str, artifacts: Path) -> None:
        self.page = page
        self.base = base
        self.artifacts = artifacts
        self.errors: list[str] = []
        self.elsewhere: list[str] = []
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda error: self.errors.append(str(error)))
        page.on("request", self._request)

    def _request(self, request: Request) -> None:
        if not request.url.startswith((self.base, "data:")):
            self.elsewhere.append(request.url)

    def open(self, hash_: str = "", state: str = "ready", path: str = "") -> Page:
        self.page.goto(f"{self.base}/{path}{hash_}")
        return self.settled(state)

    def settled(self, state: str = "ready") -> Page:
        """The page once its view is drawn (``ready``) or has failed (``error``), as expected."""
        body = self.page.locator("body")
        expect(body).to_have_attribute("data-state", re.compile(r"^(ready|error)$"))
        found = body.get_attribute("data-state")
        if found != state:
            said = self.page.locator("#status").all_inner_texts()
            raise AssertionError(f"the page is {found}, not {state}; its status line: {said}")
        return self.page

    def shot(self, name: str) -> Path:
        self.artifacts.mkdir(parents=True, exist_ok=True)
        path = self.artifacts / f"{name}.png"
        self.page.screenshot(path=str(path))
        return path

    def assert_clean(self) -> None:
        assert not self.errors, f"console errors: {self.errors}"
        assert not self.elsewhere, f"requests to other origins: {self.elsewhere}"
