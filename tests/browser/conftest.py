"""Chromium and live-server fixtures for browser tests: Debian's /usr/bin/chromium via Playwright.

Two servers, chosen by what the test does:

- ``site_server`` (most tests): the committed demo site, served on a free port for the whole
  session. Tests using it only read, run in the usual rolled-back transaction and flush
  nothing, so the session's demo site stays for every later test.
- pytest-django's ``live_server`` (through ``new_browser_context``/``browser_page``): only for
  tests that write through the browser (publishing, uploads). It makes the test transactional
  and pytest-django flushes the database afterwards; ``tests/conftest.py`` then reloads the
  demo site, so test order never matters.

``chromium_browser`` is one browser for the session; Playwright's own browser downloads are
never used.
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


@pytest.fixture(scope="session")
def _site_server_url(demo_site, django_db_blocker):
    """One server thread for the session, serving the site as production does (WhiteNoise in
    the middleware answers static files; media come from Django's live-server handler).

    On in-memory SQLite the thread shares the test's connection, so it sees exactly what the
    test sees; on PostgreSQL it reads the committed demo site over its own connections.
    """
    from django.db import connections
    from django.test.testcases import LiveServerThread

    with django_db_blocker.unblock():
        shared = {
            alias: connections[alias]
            for alias in connections
            if connections[alias].vendor == "sqlite" and connections[alias].is_in_memory_db()
        }
        for connection in shared.values():
            connection.inc_thread_sharing()
    # BROWSER_TEST_PORT pins the port (a machine with a port range per person); any free one
    # otherwise.
    port = int(os.environ.get("BROWSER_TEST_PORT", "0"))
    server = LiveServerThread(
        "127.0.0.1", lambda handler: handler, connections_override=shared, port=port
    )
    server.daemon = True
    server.start()
    server.is_ready.wait()
    if server.error:
        raise server.error
    yield f"http://127.0.0.1:{server.port}"
    server.terminate()
    with django_db_blocker.unblock():
        for connection in shared.values():
            connection.dec_thread_sharing()


@pytest.fixture
def site_server(_site_server_url, db):
    """The address of a server for the committed demo site, for tests that only read it.

    Unlike ``live_server`` it flushes nothing. The test gets ordinary (rolled-back) database
    access, which the server thread needs while it answers the test's requests. A test that
    writes through the browser must use ``live_server`` instead: on PostgreSQL this server
    would not see the test's uncommitted rows, and on SQLite its writes would be rolled back.
    """
    return _site_server_url


# The real local SMTP server (aiosmtpd) for journeys that send mail.
from tests.mailserver import smtp_server  # noqa: E402, F401
