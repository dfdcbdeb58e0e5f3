"""Sitemap, robots.txt, JSON-LD, the timeline and the comparison table."""

import json
import re
import xml.etree.ElementTree as ET

import pytest
from cms.api import create_page
from cms.models import PageContent
from djangocms_versioning.models import Version

from registry.models import AuthorisedProject

pytestmark = pytest.mark.django_db

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def sitemap_paths(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)  # noqa: S314 - the site's own output
    return {re.sub(r"^https?://[^/]+", "", loc.text) for loc in root.iter(f"{SITEMAP}loc")}


def test_sitemap_lists_published_pages_and_the_register(demo_site, client):
    paths = sitemap_paths(client)
    assert {"/", "/implementation-agreements/", "/faq/", "/projects/"} <= paths
    assert "/implementation-agreements/peru/application-process/" in paths
    assert "/implementation-agreements/ghana/eligibility/" in paths


def test_sitemap_leaves_out_drafts_and_unpublished_pages(demo_site, client, admin_user):
    create_page("Draft only", "pages/content.html", "en", slug="draft-only", created_by=admin_user)
    faq = PageContent.objects.get(page__reverse_id="faq", language="en")
    Version.objects.get_for_content(faq).unpublish(admin_user)
    paths = sitemap_paths(client)
    assert "/draft-only/" not in paths
    assert "/faq/" not in paths
    assert "/contact/" in paths


def test_robots_txt_points_to_the_sitemap(demo_site, client):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert "User-agent: *" in text
    assert "Disallow: /admin/" in text
    assert "Sitemap: http://testserver/sitemap.xml" in text


def json_ld(html):
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return [json.loads(block) for block in blocks]


def test_overview_carries_schema_org_legislation(demo_site, client):
    html = client.get("/implementation-agreements/peru/").content.decode()
    (data,) = json_ld(html)
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Legislation"
    assert data["legislationDate"] == "2025-03-31"
    assert data["url"] == "http://testserver/implementation-agreements/peru/"
    assert {country["name"] for country in data["legislationPassedBy"]} == {"Singapore", "Peru"}
    assert len(data["hasPart"]) == 4
    assert all(part["encodingFormat"] == "application/pdf" for part in data["hasPart"])


def test_json_ld_cannot_break_out_of_its_script(demo_site, client):
    from agreements.models import AgreementContent

    AgreementContent.objects.filter(agreement__slug="peru").update(
        summary="</script><script>alert(1)</script>"
    )
    html = client.get("/implementation-agreements/peru/").content.decode()
    assert "<script>alert(1)" not in html
    (data,) = json_ld(html)
    assert data["description"] == "</script><script>alert(1)</script>"


@pytest.mark.parametrize(
    "url",
    [
        "/implementation-agreements/",
        "/implementation-agreements/peru/",
        "/implementation-agreements/ghana/eligibility/",
        "/implementation-agreements/peru/projects/",
        "/projects/",
        "/search/?q=annex",
    ],
)
def test_pages_have_no_inline_script_or_style(demo_site, client, url):
    html = client.get(url).content.decode()
    for tag in re.findall(r"<script\b[^>]*>", html):
        assert tag in {
            '<script type="application/ld+json">',
            '<script type="module" src="/static/js/site.js">',  # the site's own enhancements
        }, tag
    assert " style=" not in html
    assert "<style" not in html


def test_timeline_lists_milestones_in_order(demo_site, client):
    html = client.get("/implementation-agreements/peru/").content.decode()
    section = html.split('id="timeline-heading"', 1)[1].split("</section>", 1)[0]
    dates = re.findall(r'<time datetime="([\d-]+)">', section)
    assert dates == ["2024-11-21", "2025-03-31", "2025-10-24"]
    assert "Application call opened" in section


def comparison_rows(html):
    table = html.split('<table class="agreements stack">', 1)[1].split("</table>", 1)[0]
    rows = {}
    for row in re.findall(r"<tr>(.*?)</tr>", table, re.S)[1:]:
        cells = [
            " ".join(re.sub(r"<[^>]+>", " ", cell).split())
            for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        ]
        rows[cells[0].removesuffix(" Implementation Agreement")] = cells
    return rows


def test_index_compares_every_agreement(demo_site, client):
    rows = comparison_rows(client.get("/implementation-agreements/").content.decode())
    assert len(rows) == 10
    assert rows["Ghana"] == [
        "Ghana Implementation Agreement",
        "27 May 2024",
        "Open for applications since 30 September 2024",
        "0 (not counted: 1 illustrative)",
        "Published, date not stated",
    ]
    assert rows["Thailand"][4] == "Version of 18 November 2025"
    # The register's demo rows are illustrative: counted apart, never as authorised projects.
    assert rows["Peru"][3] == "0 (not counted: 2 illustrative)"
    chile = rows["Chile"]
    assert chile[2] == "Not yet open for applications" and chile[4] == "Not yet published"


def test_comparison_counts_follow_the_register(demo_site, client):
    from tests.agreements.factories import published

    AuthorisedProject.objects.create(agreement=published("chile"), name="New one")
    rows = comparison_rows(client.get("/implementation-agreements/").content.decode())
    assert rows["Chile"][3] == "1"


def test_new_milestone_shows_on_the_cached_overview(
    demo_site, client, django_capture_on_commit_callbacks
):
    from datetime import date

    from agreements.models import Milestone
    from tests.agreements.factories import draft_of, publish

    url = "/implementation-agreements/chile/"
    assert "2026-03-03" not in client.get(url).content.decode()
    draft = draft_of("chile")
    with django_capture_on_commit_callbacks(execute=True):
        Milestone.objects.create(
            agreement=draft, date=date(2026, 3, 3), kind=Milestone.Kind.ENTERED_INTO_FORCE
        )
    assert "2026-03-03" not in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        publish(draft)
    assert '<time datetime="2026-03-03">' in client.get(url).content.decode()
