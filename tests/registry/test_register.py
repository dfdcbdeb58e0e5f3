"""The authorised project register: filters, sorting, pages, downloads and query counts."""

import csv
import io

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from registry.models import AuthorisedProject
from tests.agreements.factories import draft_of, publish, published

from .factories import bulk_projects, programme

pytestmark = pytest.mark.django_db

PERU_TAB = "/implementation-agreements/peru/projects/"


@pytest.fixture
def peru(demo_site):
    """Peru's published data version: rows added to it are public at once (a test shortcut for
    "drafted and published")."""
    return published("peru")


def test_site_wide_register_lists_the_demo_rows_as_illustrative(demo_site, client):
    html = client.get("/projects/").content.decode()
    for name in (
        "Kowen Antami REDD+",
        "Together for Forests REDD+",
        "Kwahu restoration",
        "Pampas grassland soil carbon",
    ):
        assert name in html
    assert html.count("(illustrative)") == 4
    assert '<th scope="col">Host country</th>' in html


def test_demo_rows_leave_unknown_facts_empty(demo_site):
    rows = AuthorisedProject.objects.all()
    assert rows.count() == 4
    for row in rows:
        assert row.is_illustrative
        assert row.programme_id is None and row.programme_project_id == ""
        assert row.authorised_volume is None and row.authorised_on is None


def test_programme_filter_on_the_agreement_tab_differs_for_anonymous_visitors(peru, client):
    bulk_projects(peru, 3, programme_slug="verra")
    bulk_projects(peru, 2, programme_slug="gold-standard")
    cache.clear()
    gold = client.get(PERU_TAB, {"programme": "gold-standard"}).content.decode()
    verra = client.get(PERU_TAB, {"programme": "verra"}).content.decode()
    gold_again = client.get(PERU_TAB, {"programme": "gold-standard"}).content.decode()
    assert "Test project gold-standard 001" in gold
    assert "Test project verra" not in gold
    assert "Test project verra 002" in verra
    assert "Test project gold-standard" not in verra
    assert "2 projects" in gold and "3 projects" in verra
    assert gold_again == gold


def test_a_published_register_change_shows_on_the_next_request(
    peru, client, django_capture_on_commit_callbacks
):
    """No copy of the page is kept in the app; a draft row is not public until published."""
    first = client.get(PERU_TAB).content.decode()
    assert "Brand new project" not in first
    draft = draft_of("peru")
    AuthorisedProject.objects.create(agreement=draft, name="Brand new project")
    assert "Brand new project" not in client.get(PERU_TAB).content.decode()
    assert "Brand new project" not in client.get("/projects.csv").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        publish(draft)
    assert "Brand new project" in client.get(PERU_TAB).content.decode()


def test_status_filter_and_sort_by_volume(peru, client):
    bulk_projects(peru, 5, programme_slug="verra", status="issued")
    bulk_projects(peru, 2, programme_slug="acr", status="revoked")
    html = client.get("/projects/", {"status": "issued", "sort": "-volume"}).content.decode()
    assert "5 projects" in html
    positions = [html.index(f"Test project verra {i:03d}") for i in (4, 3, 2, 1, 0)]
    assert positions == sorted(positions)
    assert "Test project acr" not in html


def test_pagination_keeps_the_filters(peru, client):
    bulk_projects(peru, 30)
    html = client.get("/projects/", {"agreement": "peru", "per_page": 10, "page": 2}).content
    html = html.decode()
    assert "page 2 of 4" in html  # 30 test rows + 2 demo rows for Peru
    assert 'href="?agreement=peru&amp;per_page=10&amp;page=3" rel="next"' in html


@pytest.mark.parametrize(
    "query",
    [
        {"page": "abc"},
        {"page": "99999"},
        {"per_page": "1000000"},
        {"sort": "drop table"},
        {"agreement": "atlantis"},
        {"programme": "' OR 1=1 --"},
        {"status": "\x00"},
    ],
)
def test_bad_query_strings_get_a_normal_page(demo_site, client, query):
    response = client.get("/projects/", query)
    assert response.status_code == 200
    assert "Authorised project register" in response.content.decode()


def test_csv_download_shape_and_filter(peru, client):
    bulk_projects(peru, 3, programme_slug="gold-standard")
    response = client.get("/projects.csv", {"programme": "gold-standard"})
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="authorised-projects.csv"' in response["Content-Disposition"]
    text = response.content.decode()
    # The published column order, which spreadsheets and scripts rely on.
    assert text.splitlines()[0] == (
        "name,host_country,agreement,developer,programme,programme_project_id,methodology,"
        "status,authorised_on,authorised_volume_tco2e,illustrative,note"
    )
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 3
    assert rows[0]["host_country"] == "Peru"
    assert rows[0]["programme"] == "Gold Standard"
    assert rows[0]["authorised_volume_tco2e"] == "1000"
    assert rows[0]["illustrative"] == "no"


def test_csv_cells_cannot_inject_formulas(peru, client):
    AuthorisedProject.objects.create(agreement=peru, name='=HYPERLINK("http://x")')
    text = client.get("/projects.csv").content.decode()
    assert "'=HYPERLINK" in text


def test_json_download_shape(peru, client):
    bulk_projects(peru, 2, programme_slug="acr")
    data = client.get("/projects.json", {"agreement": "peru", "programme": "acr"}).json()
    assert data["count"] == 2
    # One whole record: every published field, each with its own value and JSON type.
    project = next(p for p in data["projects"] if p["programme_project_id"] == "T0001")
    assert project == {
        "name": "Test project acr 001",
        "host_country": "Peru",
        "agreement": "peru",
        "developer": "Developer 1",
        "programme": "ACR",
        "programme_project_id": "T0001",
        "methodology": "VM0042",
        "status": "authorised",
        "authorised_on": None,
        "authorised_volume_tco2e": 1001,
        "illustrative": False,
        "note": None,
    }


def _count_queries(client, url, params):
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(queries), response.content.decode()


@pytest.mark.parametrize("url", ["/projects/", PERU_TAB])
def test_query_count_does_not_grow_with_rows_shown(peru, client, url):
    bulk_projects(peru, 60)
    _count_queries(client, url, {})  # warm process-wide caches (site, content types)
    small, small_html = _count_queries(client, url, {"per_page": 10})
    large, large_html = _count_queries(client, url, {"per_page": 50})
    assert small_html.count('<tr id="project-') == 10
    assert large_html.count('<tr id="project-') == 50
    assert small == large


@pytest.mark.parametrize("url", ["/projects.json", "/projects.csv"])
def test_download_query_count_does_not_grow_with_rows(peru, client, url):
    bulk_projects(peru, 10, programme_slug="verra")
    _count_queries(client, url, {})
    few, _ = _count_queries(client, url, {})
    bulk_projects(peru, 50, programme_slug="acr")
    many, body = _count_queries(client, url, {})
    assert "Test project acr 049" in body
    assert few == many


def test_register_lists_only_published_agreements(demo_site, client, admin_user):
    from agreements.services import agreement_create_draft

    draft = agreement_create_draft(
        slug="atlantis",
        partner_country="Atlantis",
        partner_party="Government of Atlantis",
        status="negotiating",
        user=admin_user,
    )
    AuthorisedProject.objects.create(agreement=draft, name="Secret lagoon project")
    assert "Secret lagoon project" not in client.get("/projects/").content.decode()
    assert "Secret lagoon project" not in client.get("/projects.csv").content.decode()
    assert "Secret lagoon project" not in client.get("/projects.json").content.decode()
    publish(draft, admin_user)
    assert "Secret lagoon project" in client.get("/projects/").content.decode()


def test_project_id_needs_a_programme(peru):
    from django.core.exceptions import ValidationError

    project = AuthorisedProject(agreement=peru, name="X", programme_project_id="123")
    with pytest.raises(ValidationError):
        project.full_clean()
    project.programme = programme("verra")
    project.full_clean()


def test_tab_download_links_carry_the_agreement_and_filters(peru, client):
    html = client.get(PERU_TAB, {"programme": "verra", "page": "2", "agreement": "ghana"})
    html = html.content.decode()
    assert 'href="/projects.csv?agreement=peru&amp;programme=verra"' in html
    assert 'href="/projects.json?agreement=peru&amp;programme=verra"' in html
