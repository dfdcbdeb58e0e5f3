"""Chromium fixtures for browser tests: Debian's /usr/bin/chromium driven by Playwright.

Generic on purpose: any browser test file can use ``chromium_browser`` (one browser for the
session), ``browser_page`` (a fresh page in its own context, pointed at ``live_server``) and
``new_browser_context`` (more independent contexts, e.g. a second, logged-out visitor).
Playwright's own browser downloads are never used.
"""

import os
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
MISSING = (
    "BROWSER TEST NOT RUN: Debian Chromium is missing at /usr/bin/chromium "
    "(install it with `apt-get install -y chromium`; Playwright's own browsers are not used)."
)


@pytest.fixture(scope="session")
def chromium_browser():
    if not CHROMIUM.exists():
        pytest.skip(MISSING)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop in this thread; the test's own ORM calls are
    # still plain synchronous code, so Django's async-safety guard is relaxed for the session.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
            )
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def new_browser_context(chromium_browser, live_server):
    """Make independent browser contexts (own cookies) for the live server; closed afterwards."""
    contexts = []

    def make(**options):
        context = chromium_browser.new_context(base_url=live_server.url, **options)
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def browser_page(new_browser_context):
    return new_browser_context().new_page()
