"""Editorial chrome: the admin's title and labels, the editors' guide, the site's 403 page."""

import pytest
from cms.toolbar.utils import get_object_edit_url
from django.test import Client
from django.urls import reverse

from agreements.models import Agreement
from tests.editors.cms_helpers import open_draft

GUIDE = reverse("admin:editors_guide")


@pytest.mark.django_db
def test_admin_is_titled_for_the_site(editor_client):
    html = editor_client.get(reverse("admin:index")).content.decode()
    assert "Carbon Markets Cooperation — site administration" in html
    assert "<title>Site administration | Carbon Markets Cooperation administration</title>" in html
    assert "Django administration" not in html
    assert "Django site admin" not in html


@pytest.mark.django_db
def test_admin_login_is_titled_for_the_site(client):
    html = client.get(reverse("admin:login")).content.decode()
    assert "Carbon Markets Cooperation — site administration" in html
    assert "Django" not in html


@pytest.mark.django_db
def test_admin_sections_are_named_as_the_site_names_them(publisher_client):
    html = publisher_client.get(reverse("admin:index")).content.decode()
    for label in ("Media library", "Files and folders", "Shared blocks", "Page versions"):
        assert f">{label}<" in html
    for package_label in (">Filer<", ">Django CMS<", ">Django CMS Versioning<", ">Aliases<"):
        assert package_label not in html


@pytest.mark.django_db
def test_toolbar_help_menu_leads_to_the_editors_guide(editor_client):
    page = Agreement.objects.get(slug="peru").page
    draft = open_draft(editor_client, page)
    html = editor_client.get(get_object_edit_url(draft.content)).content.decode()
    help_menu = html[html.index(">Help<") :]
    assert f'href="{GUIDE}"' in help_menu
    assert "Editors&#x27; guide for this site" in help_menu


@pytest.mark.django_db
def test_admin_header_links_to_the_editors_guide(editor_client):
    html = editor_client.get(reverse("admin:index")).content.decode()
    assert f'<a href="{GUIDE}">Editors\' guide</a>' in html


@pytest.mark.django_db
def test_editors_guide_is_docs_editors_md_with_its_screenshots(editor_client, settings):
    response = editor_client.get(GUIDE)
    assert response.status_code == 200
    html = response.content.decode()
    source = (settings.BASE_DIR / "docs" / "editors.md").read_text()
    title = source.splitlines()[0].removeprefix("# ")
    assert f"<h1>{title}</h1>" in html
    assert "<table>" in html
    assert 'src="images/editors-create-wizard.png"' in html
    image = editor_client.get(GUIDE + "images/editors-create-wizard.png")
    assert image.status_code == 200
    assert image["Content-Type"] == "image/png"
    assert b"".join(image.streaming_content).startswith(b"\x89PNG")


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["missing.png", "..%2Feditors.md", "EDITORS.PNG", "x.svg"])
def test_editors_guide_serves_only_its_own_screenshots(editor_client, name):
    assert editor_client.get(GUIDE + "images/" + name).status_code == 404


@pytest.mark.django_db
def test_editors_guide_is_for_staff_only(client):
    response = client.get(GUIDE)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


@pytest.mark.django_db
def test_forbidden_is_the_sites_own_page_with_a_way_back(editor_client):
    response = editor_client.get(
        reverse("admin:auth_user_changelist"), HTTP_REFERER="http://testserver/admin/"
    )
    assert response.status_code == 403
    html = response.content.decode()
    assert "<h1>Not allowed</h1>" in html
    assert 'class="skip-link"' in html  # the site's base template
    assert '<a href="http://testserver/admin/">back</a>' in html
    assert "ask a publisher" in html
    assert "IT manages accounts" in html


@pytest.mark.django_db
def test_forbidden_back_link_never_leads_off_site(editor_client):
    response = editor_client.get(
        reverse("admin:auth_user_changelist"), HTTP_REFERER="https://evil.example/"
    )
    assert response.status_code == 403
    assert "evil.example" not in response.content.decode()


@pytest.mark.django_db
def test_failed_csrf_check_is_the_sites_own_page(editor):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    response = client.post(reverse("admin:password_change"), {"old_password": "x"})
    assert response.status_code == 403
    html = response.content.decode()
    assert "<h1>Your form could not be sent</h1>" in html
    assert "Nothing was saved" in html
    assert "CSRF" not in html
    assert 'class="skip-link"' in html
