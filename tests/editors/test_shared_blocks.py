"""Shared blocks (djangocms-alias): the footer links and the commitments text.

Editors change a draft in the CMS, visitors see it only once a publisher has published it, and a
page renders without the block when it is missing.
"""

import pytest
from cms.models import PageContent
from cms.toolbar.utils import get_object_edit_url, get_object_preview_url
from django.test import Client
from django.urls import reverse
from djangocms_alias.models import Alias, AliasContent
from djangocms_text.models import Text
from djangocms_versioning.constants import DRAFT, PUBLISHED
from djangocms_versioning.exceptions import ConditionFailed
from djangocms_versioning.models import Version

from editorial.shared_blocks import FOOTER_LINKS, PROJECT_COMMITMENTS

from .cms_helpers import edit_text_url

ALIAS_VERSION_ADMIN = "admin:djangocms_versioning_aliascontentversion"
PROCESS = "/implementation-agreements/peru/application-process/"


def footer_of(response):
    html = response.content.decode()
    return html[html.index('<footer class="sgds footer">') :]


def block_versions(static_code):
    alias = Alias.objects.get(static_code=static_code)
    contents = AliasContent.admin_manager.filter(alias=alias).values("pk")
    return Version.objects.filter(
        content_type__model="aliascontent", object_id__in=contents
    ).order_by("pk")


@pytest.mark.django_db
def test_footer_links_and_commitments_come_from_the_published_blocks(demo_site, client):
    footer = footer_of(client.get("/"))
    for label in ["Contact", "Feedback", "FAQ", "Privacy Statement", "Terms of Use"]:
        assert f">{label}</a>" in footer
    assert 'href="/faq/"' in footer
    assert 'href="/contact/?topic=site_feedback#enquiry-form"' in footer
    process = client.get(PROCESS).content.decode()
    assert "What every authorised project commits to" in process
    assert "5% of the proceeds" in process
    # Visitors' renders never create blocks (djangocms-alias would, for a logged-in user).
    assert Alias.objects.count() == 2


@pytest.mark.django_db
def test_editor_changes_the_footer_in_a_draft_that_only_a_publisher_publishes(
    demo_site, editor_client, editor, publisher
):
    # Editors find the blocks in the admin, under "Shared blocks".
    changelist = editor_client.get(reverse("admin:djangocms_alias_alias_changelist"))
    assert changelist.status_code == 200
    published = block_versions(FOOTER_LINKS).get(state=PUBLISHED)
    response = editor_client.post(
        reverse(f"{ALIAS_VERSION_ADMIN}_edit_redirect", args=[published.pk])
    )
    assert response.status_code == 302
    draft = block_versions(FOOTER_LINKS).get(state=DRAFT)
    assert draft.created_by == editor
    text = Text.objects.get(placeholder=draft.content.placeholder)
    body = text.body.replace("</ul>", '<li><a href="/accessibility/">Accessibility</a></li></ul>')
    response = editor_client.post(edit_text_url(text), {"body": body})
    assert response.status_code == 200
    assert "Accessibility" in Text.objects.get(pk=text.pk).body

    # The draft shows in the CMS's preview, not to visitors.
    preview = editor_client.get(get_object_preview_url(draft.content)).content.decode()
    assert ">Accessibility</a>" in preview
    # In edit mode the toolbar greys out Publish for the editor.
    edit = editor_client.get(get_object_edit_url(draft.content)).content.decode()
    assert "editorial-publish-not-allowed" in edit
    assert "cms-versioning-js-publish-btn" not in edit
    # So does the preview of any page (djangocms-alias's static_alias renders the draft there).
    home = PageContent.admin_manager.get(page__reverse_id="home", language="en")
    page_preview = editor_client.get(get_object_preview_url(home)).content.decode()
    assert ">Accessibility</a>" in page_preview
    visitor = Client()
    assert ">Accessibility</a>" not in footer_of(visitor.get("/"))

    # Editors may not publish it, through versioning's own publish view either.
    with pytest.raises(ConditionFailed, match="publish permissions"):
        draft.check_publish(editor)
    editor_client.post(reverse(f"{ALIAS_VERSION_ADMIN}_publish", args=[draft.pk]))
    assert Version.objects.get(pk=draft.pk).state == DRAFT
    assert ">Accessibility</a>" not in footer_of(visitor.get("/"))

    editor_client.force_login(publisher)
    editor_client.post(reverse(f"{ALIAS_VERSION_ADMIN}_publish", args=[draft.pk]))
    assert Version.objects.get(pk=draft.pk).state == PUBLISHED
    assert ">Accessibility</a>" in footer_of(visitor.get("/"))
    assert ">Accessibility</a>" in footer_of(visitor.get(PROCESS))


@pytest.mark.django_db
def test_editor_cannot_unpublish_a_shared_block(demo_site, editor_client):
    published = block_versions(PROJECT_COMMITMENTS).get(state=PUBLISHED)
    editor_client.post(reverse(f"{ALIAS_VERSION_ADMIN}_unpublish", args=[published.pk]))
    assert Version.objects.get(pk=published.pk).state == PUBLISHED


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", PROCESS, "/projects/", "/contact/", "/no-such-page/"])
def test_pages_render_without_the_shared_blocks(demo_site, client, url):
    Alias.objects.filter(static_code__in=[FOOTER_LINKS, PROJECT_COMMITMENTS]).delete()
    response = client.get(url)
    assert response.status_code == (404 if url == "/no-such-page/" else 200)
    html = response.content.decode()
    assert '<nav class="footer-mandatory-links" aria-label="Footer">' in html
    assert ">Privacy Statement</a>" not in footer_of(response)
    assert "5% of the proceeds" not in html
    assert not Alias.objects.exists()


@pytest.mark.django_db
def test_an_unpublished_block_renders_nothing(demo_site, client, publisher):
    published = block_versions(PROJECT_COMMITMENTS).get(state=PUBLISHED)
    published.unpublish(publisher)
    response = client.get(PROCESS)
    assert response.status_code == 200
    assert "5% of the proceeds" not in response.content.decode()
