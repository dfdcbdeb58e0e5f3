"""The contact journey in Chromium: a visitor without JavaScript sends a message, a real SMTP
server receives both e-mails, an officer reads it in the admin. Plus the form's error state, the
accessibility scan of its states, and the process tab's flow chart from 320 px up."""

import re

import pytest
from django.conf import settings

from enquiries.models import Enquiry
from tests.browser.test_accessibility import AXE, new_page, run_axe
from tests.security.site_pages import checker_missing

pytestmark = [pytest.mark.browser, pytest.mark.slow]

MESSAGE = "Which methodologies may a cookstove project in Peru use under the second call?"


def fill_form(page, *, email="visitor@example.com", message=MESSAGE):
    page.get_by_label("Your e-mail address").fill(email)
    page.get_by_label("Your name (optional)").fill("Vera Visitor")
    page.get_by_label("Topic").select_option("application")
    page.get_by_label("Agreement (optional)").select_option(
        label="Singapore–Peru Implementation Agreement"
    )
    page.get_by_label("Your message").fill(message)


def test_contact_journey_submit_store_mail_and_officer_reads_it(
    demo_site, new_browser_context, smtp_server
):
    visitor = new_browser_context(java_script_enabled=False).new_page()
    visitor.goto("/")
    visitor.locator("footer").get_by_role("link", name="Contact").click()
    visitor.wait_for_url(re.compile(r"/contact/$"))
    assert visitor.get_by_text("Illustrative address").is_visible()
    fill_form(visitor)
    visitor.get_by_label(re.compile("^I agree that the agency keeps")).check()
    visitor.get_by_role("button", name="Send message").click()
    visitor.wait_for_url(re.compile(r"/contact/sent/$"))
    assert visitor.get_by_role("heading", level=1).inner_text().startswith("Thank you")

    enquiry = Enquiry.objects.get()
    assert (enquiry.email, enquiry.name, enquiry.message) == (
        "visitor@example.com",
        "Vera Visitor",
        MESSAGE,
    )
    assert enquiry.agreement.slug == "peru"

    smtp_server.wait_for(2)
    [acknowledgement] = smtp_server.to("visitor@example.com")
    [notification] = smtp_server.to(settings.AGENCY_ENQUIRIES_EMAIL)
    assert enquiry.reference in acknowledgement.body
    assert MESSAGE in notification.body

    officer = new_browser_context().new_page()
    officer.goto("/admin/login/?next=/admin/enquiries/enquiry/")
    officer.fill("#id_username", "officer")
    officer.fill("#id_password", "officer-demo-pass")
    officer.click("input[type=submit]")
    officer.wait_for_url(re.compile(r"/admin/enquiries/enquiry/$"))
    row = officer.locator("#result_list tbody tr", has_text="visitor@example.com")
    assert row.count() == 1
    row.get_by_role("link", name=enquiry.reference).click()
    officer.wait_for_url(re.compile(rf"/admin/enquiries/enquiry/{enquiry.pk}/change/$"))
    assert officer.get_by_text(MESSAGE).is_visible()
    assert officer.locator("input[name=_save]").count() == 0  # read-only


def test_invalid_input_keeps_what_was_typed_and_the_page_stays_accessible(
    chromium_browser, site_server
):
    if not AXE.exists():
        checker_missing("axe-core", "run `make checkers` (npm ci) to install it from npm")
    context, page = new_page(chromium_browser)
    page.goto(site_server + "/contact/")
    fill_form(page, email="visitor-at-example")
    page.get_by_role("button", name="Send message").click()
    summary = page.locator("#form-problem")
    assert summary.is_visible()
    assert "nothing was sent" in summary.inner_text()
    assert page.get_by_label("Your e-mail address").input_value() == "visitor-at-example"
    assert page.get_by_label("Your message").input_value() == MESSAGE
    assert page.get_by_label("Agreement (optional)").input_value() != ""
    # The summary's links lead to the fields in error.
    summary.get_by_role("link", name=re.compile("Your e-mail address")).click()
    assert page.evaluate("document.activeElement.id") == "id_email"
    violations = run_axe(page, AXE.read_text())
    csp_errors = page.csp_errors
    page.goto(site_server + "/contact/sent/")
    violations += run_axe(page, AXE.read_text())
    csp_errors += page.csp_errors
    context.close()
    assert violations == []
    assert csp_errors == []


@pytest.mark.parametrize("width", [320, 375, 1280])
def test_flow_chart_fits_the_screen_and_reflows(chromium_browser, site_server, width):
    context = chromium_browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    page.goto(site_server + "/implementation-agreements/peru/application-process/")
    boxes = page.locator(".flow-chart__step").evaluate_all(
        "els => els.map(e => e.getBoundingClientRect().toJSON())"
    )
    figure = page.locator(".flow-chart").evaluate("e => e.getBoundingClientRect().toJSON()")
    overflowing = page.locator(".flow-chart").evaluate("e => e.scrollWidth > e.clientWidth")
    context.close()
    assert len(boxes) == 3
    assert not overflowing
    assert all(box["left"] >= 0 and box["right"] <= width for box in boxes)
    assert figure["right"] <= width
    if width < 768:  # one column, top to bottom
        assert all(b["top"] > a["bottom"] for a, b in zip(boxes, boxes[1:], strict=False))
    else:  # one row, left to right
        assert all(b["left"] > a["right"] for a, b in zip(boxes, boxes[1:], strict=False))
        assert len({round(box["top"]) for box in boxes}) == 1
