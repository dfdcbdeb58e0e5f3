"""Agreement data in a real browser: an editor's change stays invisible to visitors until a
publisher publishes it, and a revert brings the old value back for visitors.

The editor changes Peru's status note through "Edit data" in the admin; a visitor (one browser
context of its own, no cookies, kept for the whole journey) keeps seeing the published note; the
editor is refused the publish confirmation; the publisher publishes through the agreement's
toolbar entry and confirmation; the visitor sees the new note; the publisher reverts to the
earlier version in the history and publishes it; the visitor sees the old note again.
"""

import re

import pytest
from django.contrib.sites.models import Site
from django.urls import reverse
from djangocms_versioning.constants import UNPUBLISHED
from djangocms_versioning.models import Version

from agreements.models import Agreement, AgreementContent

PERU = "/implementation-agreements/peru/"
NEW_NOTE = "Applications reopen after the review of 2027."


@pytest.fixture
def demo_live(demo_site, transactional_db, live_server):
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


class Visitor:
    """One visitor's browser, kept for the whole journey, as a returning reader would.

    Pages go out with ``Cache-Control: no-cache`` (the front door), so the browser asks the
    server again on every visit: a change shows on the next visit, in the same browser.
    """

    def __init__(self, context):
        self.page = context.new_page()

    def sees(self, text):
        self.page.goto(PERU)
        return text in self.page.content()


def publish_from_the_toolbar(publisher):
    publisher.goto(PERU + "?toolbar_on")
    link = publisher.locator("a", has_text="Publish agreement…").first
    publisher.goto(link.get_attribute("href"))
    assert "Agreement data of Singapore–Peru" in publisher.content()
    publisher.click("#content-main input[type=submit]")
    publisher.wait_for_url(re.compile(re.escape(PERU) + "$"))


@pytest.mark.browser
def test_agreement_data_waits_for_a_publisher_and_reverts(demo_live, new_browser_context):
    peru = Agreement.objects.get(slug="peru")
    old_note = AgreementContent.objects.get(agreement=peru).application_status_note
    assert old_note
    visitor = Visitor(new_browser_context())
    assert visitor.sees(old_note)

    # The editor changes the note in a draft.
    editor = log_in(new_browser_context(), "editor")
    editor.goto(reverse("admin:agreements_agreement_edit_data", args=[peru.pk]))
    editor.wait_for_url(re.compile(r"/admin/agreements/agreementcontent/\d+/change/"))
    editor.fill("#id_application_status_note", NEW_NOTE)
    editor.click("input[name=_save]")
    editor.wait_for_load_state()
    assert "errornote" not in editor.content()
    assert not visitor.sees(NEW_NOTE)
    assert visitor.sees(old_note)

    # The editor may not publish.
    response = editor.goto(reverse("admin:agreements_agreement_publish", args=[peru.pk]))
    assert response.status == 403
    assert not visitor.sees(NEW_NOTE)

    # The publisher publishes the agreement from its page; the visitor sees the change.
    publisher = log_in(new_browser_context(), "publisher")
    publish_from_the_toolbar(publisher)
    assert visitor.sees(NEW_NOTE)
    assert not visitor.sees(old_note)

    # Revert: the earlier version comes back as a draft, then goes live when published.
    old_version = Version.objects.filter(
        content_type__model="agreementcontent",
        object_id__in=AgreementContent.admin_manager.filter(agreement=peru).values("pk"),
        state=UNPUBLISHED,
    ).latest("pk")
    publisher.goto(
        reverse("admin:djangocms_versioning_agreementcontentversion_revert", args=[old_version.pk])
    )
    publisher.click("input[name=revert]")
    publisher.wait_for_load_state()
    assert visitor.sees(NEW_NOTE), "a reverted draft is still a draft"
    publish_from_the_toolbar(publisher)
    assert visitor.sees(old_note)
    assert not visitor.sees(NEW_NOTE)
