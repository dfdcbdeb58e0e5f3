"""Writes that touch several rows: creating and publishing the CMS pages of an agreement."""

from cms.api import add_plugin, create_page
from cms.models import PageContent
from django.apps import apps
from django.conf import settings
from django.db import transaction
from djangocms_versioning.constants import PUBLISHED
from djangocms_versioning.models import Version

from .models import Agreement

OVERVIEW_TEMPLATE = "pages/agreement_overview.html"
PROCESS_TEMPLATE = "pages/agreement_process.html"
PROCESS_SLUG = "application-process"
INDEX_REVERSE_ID = "agreements-index"


def page_content(page, language=None):
    """The newest content (draft or published) of ``page`` in ``language``."""
    language = language or settings.LANGUAGE_CODE
    return PageContent.admin_manager.filter(page=page, language=language).order_by("-pk").first()


def page_publish(*, page, user, language=None):
    """Publish the current draft of ``page``; a page already published is left as it is."""
    content = page_content(page, language)
    version = Version.objects.get_for_content(content)
    if version.state != PUBLISHED:
        version.publish(user)
    return version


def page_add_text(*, page, slot, html, language=None):
    """Append a rich-text plugin with ``html`` to the placeholder ``slot`` of the page's draft."""
    language = language or settings.LANGUAGE_CODE
    content = page_content(page, language)
    content.rescan_placeholders()
    placeholder = content.get_placeholders().get(slot=slot)
    return add_plugin(placeholder, "TextPlugin", language, body=html)


@transaction.atomic
def agreement_create_pages(*, agreement: Agreement, user, parent=None, intro_html=None):
    """Create the draft page section of ``agreement``: an overview page and its process tab.

    The pages start as drafts for an editor to fill in and publish. Returns the overview page.
    Raises ValueError if the agreement already has its pages.
    """
    if agreement.page_id:
        raise ValueError(f"{agreement} already has its pages.")
    if parent is None:
        parent = (
            PageContent.admin_manager.filter(page__reverse_id=INDEX_REVERSE_ID)
            .select_related("page")
            .first()
        )
        parent = parent.page if parent else None
    language = settings.LANGUAGE_CODE
    overview = create_page(
        agreement.title,
        OVERVIEW_TEMPLATE,
        language,
        menu_title=agreement.partner_country,
        slug=agreement.slug,
        parent=parent,
        created_by=user,
        in_navigation=True,
        meta_description=agreement.summary[:155],
    )
    create_page(
        "Application process",
        PROCESS_TEMPLATE,
        language,
        menu_title="Application process",
        page_title=f"Application process: {agreement.title}",
        slug=PROCESS_SLUG,
        parent=overview,
        created_by=user,
        in_navigation=True,
    )
    if intro_html:
        page_add_text(page=overview, slot="intro", html=intro_html)
    agreement.page = overview
    agreement.save(update_fields=["page", "updated_at"])
    if apps.is_installed("registry"):
        # The eligibility-list and authorised-projects tabs belong to the registry app.
        from registry.services import agreement_create_registry_pages

        agreement_create_registry_pages(agreement=agreement, user=user)
    return overview


def agreement_publish_pages(*, agreement: Agreement, user):
    """Publish the overview page of ``agreement`` and every tab below it."""
    page_publish(page=agreement.page, user=user)
    for child in agreement.page.get_child_pages():
        page_publish(page=child, user=user)
