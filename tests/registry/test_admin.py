"""Editors maintain the register and eligibility lists in the admin, in an agreement's draft.

Published rows are never changed in place: the admin lists and offers only the rows of draft
versions, and a POST aimed at a published row changes nothing.
"""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from agreements.services import publish_agreement
from registry.models import AuthorisedProject, CreditingProgramme, EligibilityList
from tests.agreements.factories import draft_of, published

pytestmark = pytest.mark.django_db


def user(name):
    return get_user_model().objects.get(username=name)


@pytest.fixture
def editor_client(demo_site, client):
    client.force_login(user("editor"))
    return client


@pytest.mark.parametrize(
    "url",
    [
        "/admin/registry/authorisedproject/",
        "/admin/registry/authorisedproject/add/",
        "/admin/registry/eligibilitylist/",
        "/admin/registry/creditingprogramme/",
    ],
)
def test_editor_can_open_registry_admin(editor_client, url):
    assert editor_client.get(url).status_code == 200


def test_editor_edits_the_eligibility_list_of_a_draft(editor_client):
    assert "Ghana" not in editor_client.get("/admin/registry/eligibilitylist/").content.decode()
    elist = EligibilityList.objects.get(agreement=draft_of("ghana"))
    assert "Ghana" in editor_client.get("/admin/registry/eligibilitylist/").content.decode()
    response = editor_client.get(f"/admin/registry/eligibilitylist/{elist.pk}/change/")
    assert response.status_code == 200
    assert "VM0007" in response.content.decode()


def test_editor_adds_a_project_to_a_draft_and_it_shows_once_published(editor_client, client):
    draft = draft_of("peru")
    form = editor_client.get("/admin/registry/authorisedproject/add/").content.decode()
    assert "Singapore–Peru (draft)" in form
    assert "Singapore–Ghana" not in form, "published versions are not offered"
    response = editor_client.post(
        "/admin/registry/authorisedproject/add/",
        {
            "agreement": draft.pk,
            "name": "Admin-added project",
            "developer": "",
            "status": "authorised",
            "authorised_on": "2026-01-15",
            "programme": "",
            "programme_project_id": "",
            "methodology": "",
            "authorised_volume": "",
            "note": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert AuthorisedProject.objects.filter(name="Admin-added project", agreement=draft).exists()
    assert "Admin-added project" not in client.get("/projects/").content.decode()
    publish_agreement(agreement=draft.agreement, user=user("publisher"))
    assert "Admin-added project" in client.get("/projects/").content.decode()


def test_a_project_cannot_be_added_to_a_published_version(editor_client):
    response = editor_client.post(
        "/admin/registry/authorisedproject/add/",
        {"agreement": published("peru").pk, "name": "Sneaked in", "status": "authorised"},
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not AuthorisedProject.objects.filter(name="Sneaked in").exists()


def test_project_id_without_programme_is_refused_with_a_message(editor_client):
    response = editor_client.post(
        "/admin/registry/authorisedproject/add/",
        {"agreement": draft_of("peru").pk, "name": "No programme", "programme_project_id": "123"},
    )
    assert response.status_code == 200
    assert "only makes sense with its crediting programme" in response.content.decode()


def test_published_register_rows_cannot_be_changed_or_deleted_in_place(editor_client):
    row = AuthorisedProject.objects.filter(agreement=published("peru")).first()
    url = f"/admin/registry/authorisedproject/{row.pk}/change/"
    assert editor_client.get(url).status_code == 302  # "does not exist": only drafts are listed
    response = editor_client.post(
        url, {"agreement": row.agreement_id, "name": "Changed in place", "status": "revoked"}
    )
    assert response.status_code in (302, 403, 404)
    row.refresh_from_db()
    assert row.name != "Changed in place" and row.status != "revoked"
    editor_client.post(f"/admin/registry/authorisedproject/{row.pk}/delete/", {"post": "yes"})
    assert AuthorisedProject.objects.filter(pk=row.pk).exists()
    assert row.name not in editor_client.get("/admin/registry/authorisedproject/").content.decode()


def test_published_eligibility_lists_cannot_be_changed_in_place(editor_client):
    elist = EligibilityList.objects.get(agreement=published("ghana"))
    url = f"/admin/registry/eligibilitylist/{elist.pk}/change/"
    response = editor_client.post(
        url,
        {
            "note": "Changed in place",
            "programmes-TOTAL_FORMS": "0",
            "programmes-INITIAL_FORMS": "0",
            "methodologies-TOTAL_FORMS": "0",
            "methodologies-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code in (302, 403, 404)
    elist.refresh_from_db()
    assert elist.note != "Changed in place"


@pytest.mark.parametrize("name", ["peru", "ghana"])
def test_published_agreement_data_cannot_be_changed_in_place(editor_client, name):
    """The version form itself: djangocms-versioning lets only drafts be changed."""
    content = published(name)
    url = f"/admin/agreements/agreementcontent/{content.pk}/change/"
    response = editor_client.post(url, {"application_status_note": "Changed in place"})
    assert response.status_code in (302, 403)
    content.refresh_from_db()
    assert content.application_status_note != "Changed in place"


def test_crediting_programmes_are_changed_by_publishers_only(editor_client):
    verra = CreditingProgramme.objects.get(slug="verra")
    url = f"/admin/registry/creditingprogramme/{verra.pk}/change/"
    response = editor_client.post(url, {"name": "Renamed", "short_name": "X", "slug": "verra"})
    assert response.status_code == 403
    verra.refresh_from_db()
    assert verra.name != "Renamed"
    publisher = Client()
    publisher.force_login(user("publisher"))
    assert publisher.get(url).status_code == 200
    assert "Save" in publisher.get(url).content.decode()
