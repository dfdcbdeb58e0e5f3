"""Journeys in a real browser with JavaScript switched off: filtering and searching."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture
def page(chromium_browser, site_server):
    """A page with JavaScript switched off, sharing the session's one Chromium."""
    context = chromium_browser.new_context(java_script_enabled=False, base_url=site_server)
    yield context.new_page()
    context.close()


def test_filters_and_search_work_without_javascript(page):
    page.goto("/implementation-agreements/ghana/eligibility/")
    page.get_by_label("Crediting programme").select_option("verra")
    page.get_by_label("Sector").select_option("land-use")
    page.get_by_role("button", name="Filter").click()
    assert "programme=verra" in page.url and "sector=land-use" in page.url
    table = page.locator("table").nth(1)
    assert "VM0007" in table.inner_text()
    assert "TPDDTEC" not in table.inner_text()

    page.goto("/projects/")
    page.get_by_label("Host country").select_option("peru")
    page.get_by_role("button", name="Show projects").click()
    body = page.locator("main").inner_text()
    assert "Kowen Antami REDD+" in body and "Kwahu restoration" not in body

    page.goto("/search/")
    page.get_by_label("Search pages, agreement data and signed documents").fill(
        '"Terms of Reference of the Joint Committee"'
    )
    page.get_by_role("search", name="Refine search").get_by_role("button", name="Search").click()
    first = page.locator(".search-result__title a").first
    assert first.get_attribute("href") == "/implementation-agreements/peru/documents/annex-b.pdf"
    assert page.locator(".search-result mark").count() > 0

    # The header's search box works from any page.
    page.goto("/faq/")
    site_search = page.get_by_role("search", name="Site search")
    site_search.get_by_label("Search this site").fill("Kwahu")
    site_search.get_by_role("button", name="Search").click()
    assert page.url.endswith("/search/?q=Kwahu")
    assert "Kwahu restoration" in page.locator("main").inner_text()
