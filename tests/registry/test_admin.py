"""Editors maintain the register and eligibility lists in the admin."""

import pytest
from django.contrib.auth import get_user_model

from agreements.models import Agreement
from registry.models import AuthorisedProject, EligibilityList

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(demo_site, client):
    client.force_login(get_user_model().objects.get(username="editor"))
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


def test_editor_can_edit_an_eligibility_list(editor_client):
    elist = EligibilityList.objects.get(agreement__slug="ghana")
    response = editor_client.get(f"/admin/registry/eligibilitylist/{elist.pk}/change/")
    assert response.status_code == 200
    assert "VM0007" in response.content.decode()


def test_editor_adds_a_project_and_it_shows_on_the_register(editor_client, client):
    peru = Agreement.objects.get(slug="peru")
    response = editor_client.post(
        "/admin/registry/authorisedproject/add/",
        {
            "agreement": peru.pk,
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
    assert AuthorisedProject.objects.filter(name="Admin-added project").exists()
    editor_client.logout()
    assert "Admin-added project" in client.get("/projects/").content.decode()


def test_project_id_without_programme_is_refused_with_a_message(editor_client):
    peru = Agreement.objects.get(slug="peru")
    response = editor_client.post(
        "/admin/registry/authorisedproject/add/",
        {"agreement": peru.pk, "name": "No programme", "programme_project_id": "123"},
    )
    assert response.status_code == 200
    assert "only makes sense with its crediting programme" in response.content.decode()
