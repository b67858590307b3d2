"""What the browser tests share: Debian's chromium driven by Playwright, a fresh
browser context per user, full-page screenshots, logging in, and the block chooser.

The fixtures that start the server and the browser are in `conftest.py`; the
screenshots go to `artifacts/e2e/` (also on failure).
"""

import json
import re
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import Browser, Locator, Page, expect

from cms.settings.base import BASE_DIR

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
STEP_TIMEOUT_MS = 15_000
ARTIFACTS = Path(BASE_DIR) / "artifacts" / "e2e"
PASSWORDS = {"editor": "e2e-editor-password-4821", "reviewer": "e2e-reviewer-password-9377"}


@dataclass(frozen=True)
class Server:
    url: str
    log: Path


@contextmanager
def session(
    browser: Browser, artifacts: Path, name: str, *, bypass_csp: bool = False
) -> Iterator[Page]:
    """A fresh browser context (own cookies); on failure, a screenshot of where it stood.

    `bypass_csp` lets a test inject a script (axe-core) into pages whose Content
    Security Policy refuses it, as the reference pages' does.
    """
    expect.set_options(timeout=STEP_TIMEOUT_MS)
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, bypass_csp=bypass_csp)
    context.set_default_timeout(STEP_TIMEOUT_MS)
    context.set_default_navigation_timeout(STEP_TIMEOUT_MS)
    page = context.new_page()
    try:
        yield page
    except BaseException:
        try:
            screenshot(page, artifacts / f"failure-{name}.png")
        except Exception:  # noqa: S110 (the original failure matters, not this one)
            pass
        raise
    finally:
        context.close()


def screenshot(page: Page, path: Path) -> None:
    """The whole page. Wagtail's admin scrolls inside <main>, not the window, so a
    full-page screenshot would stop at the viewport: grow the viewport to fit it."""
    size = page.viewport_size or {"width": 1400, "height": 1000}
    main = page.locator("main#main")
    if main.count():
        height = main.evaluate("main => { main.scrollTo(0, 0); return main.scrollHeight; }")
        page.set_viewport_size({"width": size["width"], "height": min(max(height, 600), 12_000)})
    try:
        page.screenshot(path=path, full_page=True, animations="disabled")
    finally:
        page.set_viewport_size(size)


def log_in(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORDS[username])
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page).to_have_url(f"{base}/admin/")


def insert_block(body: Locator, label: str) -> Locator:
    """Add a block at the end of the stream through the block chooser; its region.

    A block's region is named by its label, followed by a summary of its first
    field once that has a value, so the name is matched by its start.
    """
    body.get_by_role("button", name="Insert a block", exact=True).last.click()
    body.get_by_role("option", name=label, exact=True).click()
    block = body.get_by_role("region", name=re.compile(rf"^{re.escape(label)}\b")).last
    expect(block).to_be_visible()
    return block


def get_json(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 (http://127.0.0.1)
        return json.loads(response.read())
