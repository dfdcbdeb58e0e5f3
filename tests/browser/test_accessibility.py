"""Accessibility in the real browser: axe-core on every page template, the keyboard, no JavaScript.

Runs Debian's Chromium through Playwright against ``site_server`` (see ``conftest.py``).
axe-core comes from the npm registry (``make checkers``); it is injected through the DevTools
protocol, which the page's Content-Security-Policy does not govern, so the strict policy stays on
during the scan and any CSP violation the page itself causes is reported as a failure too.
"""

import re
from pathlib import Path

import pytest
from django.test import RequestFactory, override_settings
from django.views.defaults import server_error

from tests.security.site_pages import (
    ADMIN_LOGIN,
    ALERT_LINK_PAGES,
    PAGE_TEMPLATES,
    alert_link_pages,
    checker_missing,
    serve_from_test_client,
)

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
SERVER_ERROR_PATH = "/__server-error-page__/"

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def axe_source():
    if not AXE.exists():
        checker_missing("axe-core", "run `make checkers` (npm ci) to install it from npm")
    return AXE.read_text()


def new_page(browser, javascript=True):
    context = browser.new_context(java_script_enabled=javascript)
    page = context.new_page()
    page.csp_errors = []
    page.on(
        "console",
        lambda message: (
            page.csp_errors.append(message.text)
            if "Content Security Policy" in message.text
            else None
        ),
    )
    return context, page


def serve_server_error_page(page, site_server):
    """The 500 page exactly as Django renders it, answered at a route of the live site."""
    response = server_error(RequestFactory().get("/"))
    page.route(
        f"{site_server}{SERVER_ERROR_PATH}",
        lambda route: route.fulfill(
            status=500, body=response.content, headers={"Content-Type": "text/html"}
        ),
    )


def run_axe(page, axe_source):
    page.evaluate(axe_source)
    return page.evaluate(
        """async (tags) => {
            const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
            return result.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5),
            }));
        }""",
        WCAG_TAGS,
    )


SCANNED = [*PAGE_TEMPLATES, ("server error", SERVER_ERROR_PATH, 500), ADMIN_LOGIN]


@pytest.mark.parametrize(("name", "path", "status"), SCANNED, ids=lambda v: str(v))
def test_axe_finds_no_violation(chromium_browser, axe_source, site_server, name, path, status):
    context, page = new_page(chromium_browser)
    serve_server_error_page(page, site_server)
    response = page.goto(site_server + path)
    assert response.status == status
    violations = run_axe(page, axe_source)
    csp_errors = page.csp_errors
    context.close()
    assert violations == [], f"{name}: {violations}"
    assert csp_errors == [], f"{name}: the page broke its own policy: {csp_errors}"


@pytest.mark.parametrize("name", ALERT_LINK_PAGES)
def test_axe_finds_no_violation_on_the_alert_link_pages(
    chromium_browser, axe_source, site_server, name
):
    """Confirm, manage and unsubscribe, for a real subscriber (created by the test)."""
    path = alert_link_pages()[name]
    context, page = new_page(chromium_browser)
    serve_from_test_client(page, site_server, path)
    assert page.goto(site_server + path).status == 200
    violations = run_axe(page, axe_source)
    csp_errors = page.csp_errors
    context.close()
    assert violations == [], f"{name}: {violations}"
    assert csp_errors == [], f"{name}: the page broke its own policy: {csp_errors}"


def test_axe_finds_no_violation_on_the_two_factor_login(chromium_browser, axe_source, site_server):
    """The login production shows: password and one-time code."""
    context, page = new_page(chromium_browser)
    with override_settings(CARBONSITE_REQUIRE_2FA=True):
        page.goto(site_server + ADMIN_LOGIN[1])
        assert page.locator("input[name=otp_token]").count() == 1
        violations = run_axe(page, axe_source)
    csp_errors = page.csp_errors
    context.close()
    assert violations == []
    assert csp_errors == []


def test_the_editor_toolbar_runs_under_the_editor_policy(chromium_browser, site_server):
    """Logged in as an editor, the CMS toolbar and the admin load with no CSP violation."""
    context, page = new_page(chromium_browser)
    page.goto(site_server + "/admin/login/?next=/faq/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "editor-demo-pass")
    page.click("input[type=submit]")
    page.wait_for_url(re.compile(r".*/faq/$"))
    page.wait_for_selector("#cms-top", state="attached")
    for admin_page in ["/admin/", "/admin/agreements/agreement/", "/admin/cms/pagecontent/"]:
        response = page.goto(site_server + admin_page)
        assert response.status == 200, admin_page
    csp_errors = page.csp_errors
    context.close()
    assert csp_errors == []


def test_signed_documents_open_in_the_pdf_viewer_without_csp_violations(
    chromium_browser, site_server
):
    context, page = new_page(chromium_browser)
    response = page.goto(site_server + "/implementation-agreements/peru/documents/main-text.pdf")
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert "default-src 'none'" in response.header_value("content-security-policy")
    page.wait_for_timeout(1000)
    csp_errors = page.csp_errors
    context.close()
    assert csp_errors == []


# --- keyboard ----------------------------------------------------------------------------

FOCUS_STATE = """() => {
    let el = document.activeElement;
    while (el && el.shadowRoot && el.shadowRoot.activeElement) el = el.shadowRoot.activeElement;
    const style = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    return {
        tag: el.tagName.toLowerCase(), id: el.id, cls: el.className,
        text: (el.innerText || '').trim().slice(0, 40), href: el.getAttribute('href'),
        outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0,
        shadow: style.boxShadow !== 'none',
        visible: box.width > 0 && box.height > 0 && box.bottom > 0 && box.top < innerHeight,
    };
}"""


def test_skip_link_is_first_visible_and_moves_focus_to_main(chromium_browser, site_server):
    context, page = new_page(chromium_browser)
    page.goto(site_server + "/faq/")
    page.keyboard.press("Tab")
    first = page.evaluate(FOCUS_STATE)
    assert "skip-link" in first["cls"]
    assert first["visible"] and (first["outline"] or first["shadow"])
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main-content"
    # The next Tab continues inside the main content, not back in the header.
    page.keyboard.press("Tab")
    inside = page.evaluate(
        "document.getElementById('main-content').contains(document.activeElement)"
    )
    footer = page.evaluate("document.activeElement.closest('footer') !== null")
    assert inside or footer
    context.close()


@pytest.mark.parametrize("path", ["/", "/implementation-agreements/peru/", "/faq/"])
def test_tab_order_follows_the_page_and_focus_is_always_visible(
    chromium_browser, site_server, path
):
    context, page = new_page(chromium_browser)
    page.goto(site_server + path)
    seen, positions = [], []
    for _ in range(80):
        page.keyboard.press("Tab")
        state = page.evaluate(FOCUS_STATE)
        if state["tag"] == "body" or (seen and state == seen[0]):
            break
        seen.append(state)
        positions.append(
            page.evaluate("[...document.querySelectorAll('*')].indexOf(document.activeElement)")
        )
    context.close()
    assert len(seen) >= 5
    assert positions == sorted(positions), "focus jumps backwards: order is not the DOM order"
    hidden = [s for s in seen if not s["visible"] or not (s["outline"] or s["shadow"])]
    assert hidden == [], f"focus not visible on {hidden}"


def test_masthead_fallback_opens_and_closes_from_the_keyboard_without_javascript(
    chromium_browser, site_server
):
    """Without JavaScript the masthead is the server-rendered <details> inside <sgds-masthead>."""
    context, page = new_page(chromium_browser, javascript=False)
    page.goto(site_server + "/")
    summary = page.locator(".masthead summary")
    summary.focus()
    assert not page.locator(".masthead__panel").is_visible()
    page.keyboard.press("Enter")
    assert page.locator(".masthead__panel").is_visible()
    page.keyboard.press("Space")
    assert not page.locator(".masthead__panel").is_visible()
    context.close()


def test_sgds_masthead_opens_and_closes_from_the_keyboard(chromium_browser, site_server):
    """With JavaScript the official <sgds-masthead> component's "How to identify" control."""
    context, page = new_page(chromium_browser)
    page.goto(site_server + "/")
    page.wait_for_function("customElements.get('sgds-masthead') !== undefined")
    panel = page.locator("sgds-masthead #sgds-masthead-content")
    page.locator("sgds-masthead #sgds-masthead-identify").focus()
    assert not panel.is_visible()
    page.keyboard.press("Enter")
    assert panel.is_visible()
    page.keyboard.press("Space")
    assert not panel.is_visible()
    csp_errors = page.csp_errors
    context.close()
    assert csp_errors == []


def test_agreement_tabs_work_from_the_keyboard(chromium_browser, site_server):
    context, page = new_page(chromium_browser)
    page.goto(site_server + "/implementation-agreements/peru/")
    tab = page.locator("main nav a[href='/implementation-agreements/peru/application-process/']")
    if tab.count() == 0:
        context.close()
        pytest.skip("the agreement tab bar is not rendered on this branch yet")
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.getAttribute('href')") == (
            "/implementation-agreements/peru/application-process/"
        ):
            break
    else:
        context.close()
        pytest.fail("the Application Process tab cannot be reached with Tab")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/application-process/$"))
    current = page.locator("main nav [aria-current='page']").first.inner_text()
    context.close()
    assert "Application" in current


def test_nothing_is_revealed_only_on_hover():
    """Every hover rule that shows or hides something has a keyboard (focus) twin."""
    built = ROOT / "build" / "static" / "css" / "site.css"
    assert built.exists(), "the site's CSS is not built: run `make assets`"
    css = built.read_text()
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    offenders = []
    for selector, body in re.findall(r"([^{}]+)\{([^{}]*)\}", css):
        reveals = re.search(r"\b(display|visibility|opacity)\s*:", body)
        if ":hover" in selector and reveals and ":focus" not in selector:
            offenders.append(selector.strip())
    assert offenders == []


# --- JavaScript disabled -----------------------------------------------------------------


@pytest.mark.parametrize(("name", "path", "status"), PAGE_TEMPLATES, ids=lambda v: str(v))
def test_every_public_page_works_without_javascript(
    chromium_browser, site_server, name, path, status
):
    context, page = new_page(chromium_browser, javascript=False)
    response = page.goto(site_server + path)
    assert response.status == status
    assert page.locator("main h1").first.is_visible()
    assert page.locator("nav[aria-label=Main] .site-nav a").count() >= 3
    # Scripts only enhance: the one script is the site's own deferred module (the masthead
    # component and the menu button), and the page above already worked without it.
    scripts = page.locator('script:not([type="application/ld+json"])')
    sources = [scripts.nth(i).get_attribute("src") or "" for i in range(scripts.count())]
    assert all(src.startswith("/static/js/") for src in sources), sources
    assert page.locator('script:not([src]):not([type="application/ld+json"])').count() == 0
    # Following the first main-navigation link works as a plain link.
    link = page.locator("nav[aria-label=Main] .site-nav a").nth(1)
    target = link.get_attribute("href")
    link.click()
    page.wait_for_load_state()
    assert page.url == site_server + target
    context.close()
