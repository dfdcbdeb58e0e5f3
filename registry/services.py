"""Writes for the registry: the Eligibility and Projects tabs of each agreement's page section."""

from cms.api import create_page
from cms.models import PageContent
from django.conf import settings
from django.db import transaction

from agreements.models import Agreement

ELIGIBILITY_TEMPLATE = "pages/agreement_eligibility.html"
PROJECTS_TEMPLATE = "pages/agreement_projects.html"
ELIGIBILITY_SLUG = "eligibility"
PROJECTS_SLUG = "projects"

TABS = [
    # slug, template, menu title, page title prefix
    (ELIGIBILITY_SLUG, ELIGIBILITY_TEMPLATE, "Eligibility list", "Eligibility list"),
    (PROJECTS_SLUG, PROJECTS_TEMPLATE, "Authorised projects", "Authorised projects"),
]


@transaction.atomic
def add_registry_tabs(sender, *, agreement, user, **kwargs):
    """Receiver of ``agreements.signals.agreement_pages_created``: the new section's tabs."""
    agreement_create_registry_pages(agreement=agreement, user=user)


def agreement_create_registry_pages(*, agreement: Agreement, user):
    """Add the Eligibility and Projects tabs under the agreement's overview page, as drafts.

    Tabs that already exist are left alone, so this is safe to call again. Returns the pages
    created. The caller publishes them with the rest of the section.
    """
    if not agreement.page_id:
        return []
    # Tabs are recognised by their template: drafts have no URL record until published.
    existing = set(
        PageContent.admin_manager.filter(
            page__in=agreement.page.get_child_pages(),
            language=settings.LANGUAGE_CODE,
            template__in=[template for _, template, _, _ in TABS],
        ).values_list("template", flat=True)
    )
    created = []
    for slug, template, menu_title, title in TABS:
        if template in existing:
            continue
        created.append(
            create_page(
                title,
                template,
                settings.LANGUAGE_CODE,
                menu_title=menu_title,
                page_title=f"{title}: {agreement.title}",
                slug=slug,
                parent=agreement.page,
                created_by=user,
                in_navigation=True,
                position="last-child",
            )
        )
    return created
