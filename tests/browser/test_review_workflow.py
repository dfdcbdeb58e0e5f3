"""In Chromium: an editor sees why Publish is greyed out, marks the draft ready for review, and
a publisher finds it in the list of drafts waiting for review and publishes it from there."""

import re

import pytest
from django.contrib.sites.models import Site
from djangocms_versioning.constants import PUBLISHED

from editorial.models import ReviewRequest
from editorial.rules import PUBLISH_REFUSAL

PERU = "/implementation-agreements/peru/"
NOTE = "Second call dates added to the introduction."


@pytest.fixture
def demo_live(demo_site, transactional_db, live_server):
    """The demo site behind ``live_server`` (see test_editorial_workflow.py)."""
    Site.objects.filter(pk=1).update(domain=live_server.url.removeprefix("http://"))
    return live_server


def log_in(context, username):
    page = context.new_page()
    page.goto("/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", f"{username}-demo-pass")
    page.click("input[type=submit]")
    page.wait_for_url(re.compile(r"/admin/$"))
    return page


@pytest.mark.browser
def test_editor_marks_ready_publisher_finds_and_publishes(demo_live, new_browser_context):
    editor = log_in(new_browser_context(), "editor")
    editor.goto(PERU)
    with editor.expect_navigation():
        editor.locator(".cms-versioning-js-edit-btn").click()
    draft_url = editor.url

    # Publish is there, greyed out, and says why, in words and to assistive technology.
    publish = editor.locator(".editorial-publish-not-allowed")
    assert publish.is_visible()
    assert publish.inner_text().strip() == "Publish"
    assert publish.get_attribute("aria-disabled") == "true"
    assert publish.get_attribute("title") == PUBLISH_REFUSAL
    reason = editor.locator("#editorial-publish-reason")
    assert reason.is_visible()
    assert reason.inner_text().strip() == PUBLISH_REFUSAL
    assert publish.get_attribute("aria-describedby") == "editorial-publish-reason"
    assert editor.locator(".cms-versioning-js-publish-btn").count() == 0
    assert not publish.is_enabled()  # Playwright reads aria-disabled as a screen reader does
    publish.click(force=True)
    editor.wait_for_timeout(300)
    assert editor.url == draft_url

    # The editor marks the draft ready for review, with a note, and comes back to the draft.
    with editor.expect_navigation():
        editor.locator("a.editorial-mark-ready").click()
    assert "/mark-ready/" in editor.url
    editor.fill("#id_note", NOTE)
    with editor.expect_navigation():
        editor.click("input[type=submit][value='Mark ready for review']")
    assert editor.url == draft_url
    assert "Ready for review since" in editor.locator(".editorial-review-status").inner_text()
    review_request = ReviewRequest.objects.get()
    assert review_request.requested_by.username == "editor"
    assert review_request.note == NOTE

    # The publisher's toolbar counts it; the list shows it with the note; Publish publishes.
    publisher = log_in(new_browser_context(), "publisher")
    publisher.goto(PERU)
    review_menu = publisher.locator(".cms-toolbar-item-navigation > li > a", has_text="Review (1)")
    assert review_menu.is_visible()
    publisher.goto("/admin/editorial/reviewrequest/")
    row = publisher.locator("#result_list tbody tr")
    assert row.count() == 1
    assert "Singapore–Peru Implementation Agreement" in row.inner_text()
    assert NOTE in row.inner_text()
    assert "editor" in row.inner_text()
    with publisher.expect_navigation():
        row.get_by_role("button", name="Publish").click()
    assert "/admin/editorial/reviewrequest/" in publisher.url
    assert publisher.locator("#result_list tbody tr").count() == 0
    assert "0 drafts waiting for review" in publisher.inner_text("#content")
    assert review_request.version.__class__.objects.get(pk=review_request.version_id).state == (
        PUBLISHED
    )
    assert not ReviewRequest.objects.exists()
