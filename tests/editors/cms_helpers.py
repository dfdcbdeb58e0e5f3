"""Drive the CMS as an editor does: open a draft, add or edit a text plugin through the admin."""

from urllib.parse import urlencode

from cms.models import PageContent
from django.urls import reverse
from djangocms_versioning.constants import DRAFT, PUBLISHED
from djangocms_versioning.models import Version

VERSION_ADMIN = "admin:djangocms_versioning_pagecontentversion"


def page_versions(page):
    contents = PageContent.admin_manager.filter(page=page, language="en")
    return Version.objects.filter_by_content_grouping_values(contents.first()).order_by("pk")


def open_draft(client, page):
    """The page's draft, made from the published version through versioning's edit view."""
    drafts = page_versions(page).filter(state=DRAFT)
    if drafts.exists():
        return drafts.get()
    published = page_versions(page).get(state=PUBLISHED)
    response = client.post(reverse(f"{VERSION_ADMIN}_edit_redirect", args=[published.pk]))
    assert response.status_code == 302
    return page_versions(page).get(state=DRAFT)


def placeholder(version, slot):
    content = version.content
    content.rescan_placeholders()
    return content.get_placeholders().get(slot=slot)


def add_text_url(target_placeholder):
    query = urlencode(
        {
            "placeholder_id": target_placeholder.pk,
            "plugin_type": "TextPlugin",
            "plugin_language": "en",
            "plugin_position": target_placeholder.get_next_plugin_position(
                "en", insert_order="last"
            ),
        }
    )
    return reverse("admin:cms_placeholder_add_plugin") + "?" + query


def edit_text_url(plugin):
    return reverse("admin:cms_placeholder_edit_plugin", args=[plugin.pk])
