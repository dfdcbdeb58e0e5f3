"""Translating in a real browser: an editor drafts the Spanish Peru overview, a publisher
publishes it, and the English page is left as it was."""

import re

import pytest
from cms.models import PageContent
from cms.toolbar.utils import get_object_edit_url
from django.urls import reverse
from djangocms_text.models import Text
from djangocms_versioning.constants import DRAFT, PUBLISHED, UNPUBLISHED
from djangocms_versioning.models import Version

from agreements.models import Agreement

from .test_editorial_workflow import csrf_token, demo_live, log_in  # noqa: F401

PERU_ES = "/es/implementation-agreements/peru/"
PERU_EN = "/implementation-agreements/peru/"
OLD_WORDS = "concluyeron las negociaciones en la COP29"
NEW_WORDS = "La segunda convocatoria de solicitudes se abrió el 24 de octubre de 2025."


def spanish_versions():
    page = Agreement.objects.get(slug="peru").page
    content = PageContent.admin_manager.filter(page=page, language="es").first()
    return Version.objects.filter_by_content_grouping_values(content).order_by("pk")


@pytest.mark.browser
def test_editor_translates_publisher_publishes_the_spanish_page(demo_live, new_browser_context):  # noqa: F811
    visitor = new_browser_context().new_page()
    visitor.goto(PERU_ES)
    assert OLD_WORDS in visitor.inner_text("main")
    english_before = Version.objects.get(
        content_type__model="pagecontent",
        object_id=PageContent.objects.get(
            page=Agreement.objects.get(slug="peru").page, language="en"
        ).pk,
    )

    editor_context = new_browser_context()
    editor = log_in(editor_context, "editor")
    editor.goto(PERU_ES)
    with editor.expect_navigation():
        editor.locator(".cms-versioning-js-edit-btn").click()
    draft = spanish_versions().get(state=DRAFT)
    assert draft.content.language == "es"
    assert draft.created_by.username == "editor"

    plugin = next(
        text
        for text in Text.objects.filter(
            placeholder=draft.content.get_placeholders().get(slot="intro"), language="es"
        )
        if OLD_WORDS in text.body
    )
    response = editor_context.request.post(
        reverse("admin:cms_placeholder_edit_plugin", args=[plugin.pk]) + f"?cms_path={PERU_ES}",
        form={"body": f"<p>{NEW_WORDS}</p>"},
        headers={"X-CSRFToken": csrf_token(editor_context), "Referer": demo_live.url},
    )
    assert response.ok, response.text()[:500]
    visitor.reload()
    assert NEW_WORDS not in visitor.content()

    # Editors cannot publish: the toolbar offers no Publish button on the Spanish draft.
    editor.goto(get_object_edit_url(draft.content))
    assert editor.locator(".cms-versioning-js-publish-btn").count() == 0

    publisher = log_in(new_browser_context(), "publisher")
    published_before = spanish_versions().get(state=PUBLISHED)
    publisher.goto(get_object_edit_url(draft.content))
    with publisher.expect_navigation():
        publisher.locator(".cms-versioning-js-publish-btn").click()
    assert Version.objects.get(pk=draft.pk).state == PUBLISHED
    assert Version.objects.get(pk=published_before.pk).state == UNPUBLISHED

    visitor.reload()
    assert NEW_WORDS in visitor.inner_text("main")
    assert re.search(r'<html lang="es"', visitor.content())
    # The English page and its version are untouched.
    assert Version.objects.get(pk=english_before.pk).state == PUBLISHED
    visitor.goto(PERU_EN)
    assert NEW_WORDS not in visitor.content()
