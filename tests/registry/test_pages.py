"""The registry tabs exist for every agreement, and the hook adds them to new agreements."""

import pytest
from cms.models import PageContent

from agreements.models import Agreement
from agreements.services import agreement_create_pages
from registry.services import agreement_create_registry_pages
from tests.test_demo_content import AGREEMENT_SLUGS

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("slug", AGREEMENT_SLUGS)
@pytest.mark.parametrize("tab", ["eligibility", "projects"])
def test_every_demo_agreement_has_its_tabs(demo_site, client, slug, tab):
    response = client.get(f"/implementation-agreements/{slug}/{tab}/")
    assert response.status_code == 200
    agreement = Agreement.objects.get(slug=slug)
    assert agreement.title in response.content.decode()


def test_hook_adds_draft_tabs_to_a_new_agreement_once(demo_site, admin_user):
    agreement = Agreement.objects.create(slug="atlantis", partner_country="Atlantis")
    # Creating the page section calls the hook, which adds the two tabs once.
    agreement_create_pages(agreement=agreement, user=admin_user, summary="")
    created = list(agreement.page.get_child_pages())[1:]
    templates = [
        PageContent.admin_manager.get(page=page, language="en").template for page in created
    ]
    assert templates == ["pages/agreement_eligibility.html", "pages/agreement_projects.html"]
    assert agreement_create_registry_pages(agreement=agreement, user=admin_user) == []
    for page in created:
        assert page.parent_id == agreement.page_id
        # Drafts: nothing public until the section is published.
        assert not PageContent.objects.filter(page=page).exists()


def test_hook_does_nothing_without_an_overview_page(demo_site, admin_user):
    agreement = Agreement.objects.create(slug="atlantis", partner_country="Atlantis")
    assert agreement_create_registry_pages(agreement=agreement, user=admin_user) == []
