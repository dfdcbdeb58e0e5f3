"""The editorial journey in a real browser: an editor drafts, a publisher publishes.

An editor changes the Peru overview's prose, sees it in preview, cannot publish it, and an
anonymous visitor still sees the published text until a publisher publishes the draft.
"""

import re

import pytest
from cms.models import PageContent
from cms.toolbar.utils import get_object_edit_url
from django.contrib.sites.models import Site
from django.urls import reverse
from djangocms_text.models import Text
from djangocms_versioning.constants import DRAFT, PUBLISHED, UNPUBLISHED
from djangocms_versioning.helpers import get_preview_url
from djangocms_versioning.models import Version

from agreements.models import Agreement

PERU = "/implementation-agreements/peru/"
OLD_WORDS = "concluded negotiations at COP29"
NEW_WORDS = "The second call for project applications opened on 24 October 2025."


@pytest.fixture
def demo_live(demo_site, transactional_db, live_server):
    """The demo site behind ``live_server``, with the Site pointing at the live server.

    Publishing commits writes that the read-only ``site_server`` must never see, so this test
    runs transactionally; the flush afterwards is followed by a reload of the demo site
    (``tests/conftest.py``).
    """
    Site.objects.filter(pk=1).update(domain=live_server.url.removeprefix("http://"))
    return live_server


def peru_versions():
    page = Agreement.objects.get(slug="peru").page
    content = PageContent.admin_manager.filter(page=page, language="en").first()
    return Version.objects.filter_by_content_grouping_values(content).order_by("pk")


def log_in(context, username):
    page = context.new_page()
    page.goto("/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", f"{username}-demo-pass")
    page.click("input[type=submit]")
    page.wait_for_url(re.compile(r"/admin/$"))
    return page


def csrf_token(context):
    return next(c["value"] for c in context.cookies() if c["name"] == "csrftoken")


def intro_plugin(version):
    placeholder = version.content.get_placeholders().get(slot="intro")
    return Text.objects.get(placeholder=placeholder, language="en")


@pytest.mark.browser
def test_editor_drafts_publisher_publishes(demo_live, new_browser_context):
    visitor = new_browser_context().new_page()
    visitor.goto(PERU)
    assert OLD_WORDS in visitor.inner_text("main")

    # The editor opens the page and starts a draft with the toolbar's "New Draft" button.
    editor_context = new_browser_context()
    editor = log_in(editor_context, "editor")
    editor.goto(PERU)
    with editor.expect_navigation():
        editor.locator(".cms-versioning-js-edit-btn").click()
    assert "/edit/" in editor.url
    draft = peru_versions().get(state=DRAFT)
    assert draft.created_by.username == "editor"

    # The prose change goes through the CMS's own plugin edit endpoint, in the editor's session.
    plugin = intro_plugin(draft)
    response = editor_context.request.post(
        reverse("admin:cms_placeholder_edit_plugin", args=[plugin.pk]) + f"?cms_path={PERU}",
        form={"body": f"<p>{NEW_WORDS}</p>"},
        headers={"X-CSRFToken": csrf_token(editor_context), "Referer": demo_live.url},
    )
    assert response.ok, response.text()[:500]
    assert NEW_WORDS in Text.objects.get(pk=plugin.pk).body

    # Preview shows the draft ...
    editor.goto(get_preview_url(draft.content))
    assert NEW_WORDS in editor.content()
    # ... while an anonymous visitor (a separate, logged-out context) still sees the old text.
    visitor.reload()
    assert OLD_WORDS in visitor.inner_text("main")
    assert NEW_WORDS not in visitor.content()

    # The editor's toolbar shows Publish greyed out, and the publish endpoint refuses them.
    editor.goto(get_object_edit_url(draft.content))
    assert editor.locator(".cms-versioning-js-publish-btn").count() == 0
    greyed = editor.locator(".editorial-publish-not-allowed")
    assert greyed.text_content().strip() == "Publish"
    assert "cms-btn-disabled" in greyed.get_attribute("class")
    assert greyed.get_attribute("aria-disabled") == "true"
    refused = editor_context.request.post(
        reverse("admin:djangocms_versioning_pagecontentversion_publish", args=[draft.pk]),
        headers={"X-CSRFToken": csrf_token(editor_context), "Referer": demo_live.url},
    )
    assert "You do not have publish permissions" in refused.text()
    assert Version.objects.get(pk=draft.pk).state == DRAFT
    visitor.reload()
    assert NEW_WORDS not in visitor.content()

    # The publisher publishes from the same preview with the toolbar's "Publish" button.
    publisher_context = new_browser_context()
    publisher = log_in(publisher_context, "publisher")
    published_before = peru_versions().get(state=PUBLISHED)
    publisher.goto(get_object_edit_url(draft.content))
    with publisher.expect_navigation():
        publisher.locator(".cms-versioning-js-publish-btn").click()
    assert "Version published" in publisher.content()
    assert Version.objects.get(pk=draft.pk).state == PUBLISHED
    assert Version.objects.get(pk=published_before.pk).state == UNPUBLISHED

    visitor.reload()
    assert NEW_WORDS in visitor.inner_text("main")
    assert OLD_WORDS not in visitor.content()
