"""E-mail alerts in a real browser: the subscribe form, the confirmation e-mail and its link.

Chromium sends the form's ``Origin`` according to the page's referrer policy (``no-referrer``
makes it ``null``, which Django's CSRF check refuses), so only a browser proves the form can be
sent at all.
"""

import re
from urllib.parse import urlsplit

import pytest


@pytest.mark.browser
def test_a_visitor_subscribes_and_confirms_from_the_email(
    demo_site, new_browser_context, smtp_server
):
    visitor = new_browser_context().new_page()
    visitor.goto("/implementation-agreements/thailand/")
    box = visitor.locator("form[action*='/alerts/subscribe/']").first
    with visitor.expect_navigation():
        box.locator("button[type=submit], input[type=submit]").first.click()
    visitor.fill("input[name=email]", "applicant@example.org")
    with visitor.expect_navigation():
        visitor.locator("main form button[type=submit]").first.click()
    assert visitor.locator("h1").inner_text() == "Check your e-mail", visitor.content()

    [confirmation] = smtp_server.wait_for(1)
    assert confirmation.rcpt_tos == ["applicant@example.org"]
    link = re.search(r"https?://\S+/alerts/confirm/\S+/", confirmation.body).group(0)
    visitor.goto(urlsplit(link).path)
    with visitor.expect_navigation():
        visitor.get_by_role("button", name="Confirm").click()
    assert visitor.locator("h1").inner_text() == "Your alerts are on"
