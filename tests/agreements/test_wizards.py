"""The CMS "Create" wizard: one editor action records a new agreement and creates its pages."""

import pytest
from cms.models import PageContent
from django.contrib.auth import get_user_model
from django.urls import reverse

from agreements.cms_wizards import agreement_wizard
from agreements.models import Agreement

pytestmark = pytest.mark.django_db


def run_wizard(client, **fields):
    url = reverse("cms_wizard_create")
    index = PageContent.admin_manager.get(page__reverse_id="agreements-index", language="en").page
    step0 = client.post(
        url,
        {
            "wizard_create_view-current_step": "0",
            "0-entry": agreement_wizard.id,
            "0-page": index.pk,
            "0-language": "en",
        },
    )
    assert step0.status_code == 200
    data = {"wizard_create_view-current_step": "1"}
    data.update({f"1-{name}": value for name, value in fields.items()})
    return client.post(url, data)


def test_editor_creates_an_agreement_and_its_draft_pages_in_one_go(demo_site, client):
    client.force_login(get_user_model().objects.get(username="editor"))
    response = run_wizard(
        client,
        partner_country="Wizardland",
        slug="wizardland",
        partner_party="Government of Wizardland",
        status="signed",
        signed_on="2026-03-01",
        summary="Signed in March 2026.",
    )
    assert response.status_code == 200
    agreement = Agreement.objects.get(slug="wizardland")
    assert agreement.page is not None
    children = list(agreement.page.get_child_pages())
    assert [PageContent.admin_manager.get(page=c, language="en").slug for c in children] == [
        "application-process",
        "eligibility",
        "projects",
    ]
    # The editor is sent to the new overview page in the editor.
    content = PageContent.admin_manager.get(page=agreement.page, language="en")
    assert f"/{content.pk}/" in response.content.decode()


def test_wizard_refuses_inconsistent_facts_and_creates_nothing(demo_site, client):
    client.force_login(get_user_model().objects.get(username="editor"))
    response = run_wizard(
        client,
        partner_country="Halfland",
        slug="halfland",
        partner_party="Government of Halfland",
        status="signed",
        signed_on="",
    )
    assert response.status_code == 200
    assert "A signed agreement needs the date it was signed." in response.content.decode()
    assert not Agreement.objects.filter(slug="halfland").exists()


def test_only_users_who_may_add_agreements_and_pages_see_the_wizard(demo_site):
    editor = get_user_model().objects.get(username="editor")
    assert agreement_wizard.user_has_add_permission(editor)
    outsider = get_user_model().objects.create_user("outsider", password="x" * 16)
    assert not agreement_wizard.user_has_add_permission(outsider)
