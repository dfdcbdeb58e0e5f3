"""Agreement data as JSON and CSV, announced in the index page's head."""

import csv
import io
import re
from html.parser import HTMLParser

import pytest

from agreements.services import (
    agreement_create_draft,
    agreement_publish_pages,
    publish_agreement,
)
from tests.test_demo_content import AGREEMENT_SLUGS

pytestmark = pytest.mark.django_db


class HeadLinks(HTMLParser):
    """Collects <link> elements of <head> with a real HTML parser."""

    def __init__(self):
        super().__init__()
        self.in_head = False
        self.links = []

    def handle_starttag(self, tag, attrs):
        if tag == "head":
            self.in_head = True
        elif tag == "link" and self.in_head:
            self.links.append(dict(attrs))

    def handle_endtag(self, tag):
        if tag == "head":
            self.in_head = False


def head_links(html):
    parser = HeadLinks()
    parser.feed(html)
    return parser.links


def test_index_announces_json_csv_and_feed(demo_site, client):
    links = head_links(client.get("/implementation-agreements/").content.decode())
    # Formats (with a type); the page's languages are alternates too, with hreflang and no type.
    alternates = {
        (link["type"], link["href"])
        for link in links
        if link.get("rel") == "alternate" and "type" in link
    }
    assert ("application/json", "/implementation-agreements.json") in alternates
    assert ("text/csv", "/implementation-agreements.csv") in alternates
    assert ("application/atom+xml", "/feeds/updates.atom") in alternates


def test_json_lists_every_agreement_with_status_dates_and_documents(demo_site, client):
    response = client.get("/implementation-agreements.json")
    assert response["Content-Type"] == "application/json"
    data = response.json()
    assert data["count"] == 10
    assert {a["slug"] for a in data["agreements"]} == set(AGREEMENT_SLUGS)
    peru = next(a for a in data["agreements"] if a["slug"] == "peru")
    assert peru["signed_on"] == "2025-03-31"
    assert peru["negotiations_concluded_on"] == "2024-11-21"
    assert peru["status"] == "signed"
    assert peru["application_status"] == "open"
    assert peru["application_status_since"] == "2025-10-24"
    assert peru["url"] == "http://testserver/implementation-agreements/peru/"
    assert peru["authorised_projects"] == 0  # the demo's two rows are illustrative
    assert peru["illustrative_projects"] == 2
    assert [d["letter"] for d in peru["documents"]] == [None, "A", "B", "C"]
    annex_a = peru["documents"][1]
    assert (
        annex_a["url"] == "http://testserver/implementation-agreements/peru/documents/annex-a.pdf"
    )
    assert annex_a["page_count"] >= 1 and annex_a["stand_in"] is True
    assert [m["kind"] for m in peru["milestones"]] == [
        "negotiations_concluded",
        "signed",
        "call_opened",
    ]
    thailand = next(a for a in data["agreements"] if a["slug"] == "thailand")
    assert thailand["eligibility_list_version_date"] == "2025-11-18"
    # Every document URL really serves the PDF.
    document = client.get(annex_a["url"].removeprefix("http://testserver"))
    assert document.status_code == 200 and document["Content-Type"] == "application/pdf"


def test_csv_has_one_row_per_agreement(demo_site, client):
    response = client.get("/implementation-agreements.csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(rows) == 10
    ghana = next(row for row in rows if row["slug"] == "ghana")
    assert ghana["signed_on"] == "2024-05-27"
    assert ghana["application_status_since"] == "2024-09-30"
    assert ghana["document_count"] == "1"
    assert ghana["document_urls"].endswith(
        "/implementation-agreements/ghana/documents/main-text.pdf"
    )
    assert ghana["eligibility_list_published"] == "yes"


def test_unpublished_agreement_stays_out_until_published(demo_site, client, admin_user):
    draft = agreement_create_draft(
        slug="atlantis",
        partner_country="Atlantis",
        partner_party="Government of Atlantis",
        status="negotiating",
        user=admin_user,
    )
    assert "atlantis" not in client.get("/implementation-agreements.json").content.decode()
    assert "atlantis" not in client.get("/implementation-agreements.csv").content.decode()
    # Pages published without the data: still not public.
    agreement_publish_pages(agreement=draft.agreement, user=admin_user)
    assert "atlantis" not in client.get("/implementation-agreements.json").content.decode()
    publish_agreement(agreement=draft.agreement, user=admin_user)
    slugs = [a["slug"] for a in client.get("/implementation-agreements.json").json()["agreements"]]
    assert "atlantis" in slugs


def test_query_count_does_not_grow_with_agreements(
    demo_site, client, admin_user, django_db_blocker
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get("/implementation-agreements.json")
    with CaptureQueriesContext(connection) as before:
        client.get("/implementation-agreements.json")
    for index in range(3):
        extra = agreement_create_draft(
            slug=f"extra-{index}",
            partner_country=f"Extra {index}",
            partner_party="Government",
            status="negotiating",
            user=admin_user,
        )
        publish_agreement(agreement=extra.agreement, user=admin_user)
    with CaptureQueriesContext(connection) as after:
        data = client.get("/implementation-agreements.json").json()
    assert data["count"] == 13
    assert len(before) == len(after)


@pytest.mark.parametrize(
    ("url", "key", "title", "source"),
    [
        (
            "/implementation-agreements.json",
            "agreements",
            "Singapore's Article 6 Implementation Agreements",
            "http://testserver/implementation-agreements/",
        ),
        (
            "/projects.json",
            "projects",
            "Authorised project register",
            "http://testserver/projects/",
        ),
    ],
)
def test_json_downloads_share_one_envelope(demo_site, client, url, key, title, source):
    """Both JSON downloads say what they are, when and where from, and how many rows follow;
    the shared cache at the door may keep them for a second, browsers revalidate."""
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Cache-Control"] == "no-cache"
    assert response["X-Accel-Expires"].startswith("@")
    data = response.json()
    assert set(data) == {"title", "generated_at", "source", "count", key}
    assert data["title"] == title
    assert data["source"] == source
    assert data["count"] == len(data[key]) > 0
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d", data["generated_at"])


def test_json_keeps_non_ascii_text_readable(demo_site, client):
    text = client.get("/implementation-agreements.json").content.decode()
    assert "\u2013" in text and "\\u2013" not in text
