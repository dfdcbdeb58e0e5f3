"""Every page template on a phone (375 px, and the narrowest, 320 px) and a desktop (1280 px).

No page may scroll sideways, and no table cell may be cut off: a cell either lies inside the
window, or inside a labelled, keyboard-focusable scroll region (role=region, aria-label,
tabindex=0), and its own content fits in it. The main navigation sits behind a menu button on
phones that works with and without JavaScript.
"""

import pytest

from tests.security.site_pages import (
    ALERT_LINK_PAGES,
    PAGE_TEMPLATES,
    alert_link_pages,
    serve_from_test_client,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]

WIDTHS = [375, 1280]

LAYOUT_PROBLEMS = """() => {
    const problems = [];
    const width = window.innerWidth;
    if (document.scrollingElement.scrollWidth > width) {
        const wide = document.scrollingElement.scrollWidth;
        problems.push(`page is ${wide}px wide in a ${width}px window`);
    }
    for (const cell of document.querySelectorAll('main th, main td')) {
        const box = cell.getBoundingClientRect();
        if (box.width === 0 && box.height === 0) continue;
        const text = (cell.innerText || '').trim().slice(0, 30);
        if (cell.scrollWidth > cell.clientWidth + 1) {
            problems.push(`cell "${text}" overflows its own box`);
        }
        if (box.left >= -1 && box.right <= width + 1) continue;
        const region = cell.closest('[role=region]');
        const scrolls = region && getComputedStyle(region).overflowX === 'auto';
        if (!(scrolls && region.getAttribute('aria-label') && region.tabIndex === 0)) {
            const at = Math.round(box.right);
            problems.push(`cell "${text}" is cut off at ${at}px with no labelled scroll region`);
        }
    }
    return problems;
}"""


def open_page(browser, site_server, path, width, javascript=True):
    context = browser.new_context(
        viewport={"width": width, "height": 800}, java_script_enabled=javascript
    )
    page = context.new_page()
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    response = page.goto(site_server + path)
    page.wait_for_load_state("load")
    return context, page, response, errors


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize(("name", "path", "status"), PAGE_TEMPLATES, ids=lambda v: str(v))
def test_no_sideways_scroll_and_no_clipped_cell(
    chromium_browser, site_server, name, path, status, width
):
    context, page, response, errors = open_page(chromium_browser, site_server, path, width)
    assert response.status == status
    problems = page.evaluate(LAYOUT_PROBLEMS)
    context.close()
    assert problems == [], f"{name} at {width}px: {problems}"
    if status == 404:  # the page's own status is reported on the console
        errors = [e for e in errors if "status of 404" not in e]
    assert errors == [], f"{name} at {width}px: console errors {errors}"


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", ALERT_LINK_PAGES)
def test_alert_link_pages_fit_too(chromium_browser, site_server, name, width):
    """Confirm, manage and unsubscribe, for a real subscriber (created by the test)."""
    path = alert_link_pages()[name]
    context = chromium_browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    assert serve_from_test_client(page, site_server, path).status_code == 200
    page.goto(site_server + path)
    page.wait_for_load_state("load")
    assert page.locator("main h1").is_visible()
    problems = page.evaluate(LAYOUT_PROBLEMS)
    context.close()
    assert problems == [], f"{name} at {width}px: {problems}"
    assert errors == [], f"{name} at {width}px: console errors {errors}"


@pytest.mark.parametrize(
    "path",
    ["/implementation-agreements/", "/implementation-agreements/ghana/eligibility/", "/projects/"],
)
def test_tables_fit_the_narrowest_phone_without_javascript(chromium_browser, site_server, path):
    context, page, _, _ = open_page(chromium_browser, site_server, path, 320, javascript=False)
    problems = page.evaluate(LAYOUT_PROBLEMS)
    context.close()
    assert problems == []


def test_the_check_finds_a_clipped_table(chromium_browser, site_server):
    """The layout check can fail: a wide table without a scroll region is reported."""
    context, page, _, _ = open_page(chromium_browser, site_server, "/faq/", 375)
    page.evaluate(
        """() => {
            const table = document.createElement('table');
            const cell = '<td>wide&nbsp;column&nbsp;of&nbsp;text</td>';
            table.innerHTML = '<tr>' + cell.repeat(8) + '</tr>';
            const wrap = document.createElement('div');
            wrap.style.overflowX = 'auto';
            wrap.appendChild(table);
            document.querySelector('main').appendChild(wrap);
        }"""
    )
    problems = page.evaluate(LAYOUT_PROBLEMS)
    context.close()
    assert any("no labelled scroll region" in p for p in problems)


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_phone_menu_button_opens_the_main_navigation(chromium_browser, site_server, javascript):
    context, page, _, _ = open_page(chromium_browser, site_server, "/", 375, javascript=javascript)
    nav_link = page.locator("nav[aria-label=Main] .site-nav a").nth(1)
    button = page.locator(".site-menu > summary")
    assert button.is_visible()
    assert not nav_link.is_visible()
    button.focus()
    page.keyboard.press("Enter")
    assert nav_link.is_visible()
    assert page.locator("#site-search-q").is_visible()
    target = nav_link.get_attribute("href")
    nav_link.click()
    page.wait_for_load_state()
    assert page.url == site_server + target
    context.close()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_desktop_shows_the_navigation_without_a_menu_button(
    chromium_browser, site_server, javascript
):
    context, page, _, _ = open_page(chromium_browser, site_server, "/", 1280, javascript=javascript)
    assert not page.locator(".site-menu > summary").is_visible()
    assert page.locator("nav[aria-label=Main] .site-nav a").nth(1).is_visible()
    assert page.locator("#site-search-q").is_visible()
    context.close()


def test_escape_closes_the_phone_menu(chromium_browser, site_server):
    context, page, _, _ = open_page(chromium_browser, site_server, "/", 375)
    page.locator(".site-menu > summary").click()
    assert page.locator(".site-nav").is_visible()
    page.keyboard.press("Escape")
    assert not page.locator(".site-nav").is_visible()
    focused = page.evaluate("document.activeElement.matches('.site-menu > summary')")
    context.close()
    assert focused


def test_official_masthead_is_the_sgds_component_with_its_panel(chromium_browser, site_server):
    """With JavaScript the masthead is SGDS's <sgds-masthead>: crest, and "How to identify"
    opening the panel; the page's strict policy lets its styles apply."""
    context, page, _, errors = open_page(chromium_browser, site_server, "/", 1280)
    page.wait_for_function("customElements.get('sgds-masthead') !== undefined")
    assert page.locator("sgds-masthead .sg-crest").is_visible()
    assert not page.locator("sgds-masthead .masthead").is_visible()  # the fallback is replaced
    panel = page.locator("sgds-masthead #sgds-masthead-content")
    assert not panel.is_visible()
    page.locator("sgds-masthead #sgds-masthead-identify").click()
    assert panel.is_visible()
    assert "Official website links end with .gov.sg" in panel.inner_text()
    background = page.evaluate(
        "getComputedStyle(document.querySelector('sgds-masthead').shadowRoot"
        ".querySelector('.banner')).backgroundColor"
    )
    context.close()
    assert background == "rgb(243, 243, 243)"
    assert errors == []


def test_print_hides_navigation_and_search_and_spells_out_links(chromium_browser, site_server):
    context, page, _, _ = open_page(
        chromium_browser, site_server, "/implementation-agreements/peru/", 1280
    )
    page.emulate_media(media="print")
    for selector in [".site-nav", ".site-search", "sgds-masthead", ".tab-bar"]:
        assert not page.locator(selector).first.is_visible(), selector
    after = page.evaluate(
        "getComputedStyle(document.querySelector('main a[href^=\"/\"]'), '::after').content"
    )
    context.close()
    assert after.startswith('" (' + site_server) and "/implementation-agreements/" in after
