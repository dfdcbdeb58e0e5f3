"""The Atom feed of updates: valid Atom, and the events it promises."""

import xml.etree.ElementTree as ET

import feedparser
import pytest

from agreements.models import AgreementDocument, Milestone
from tests.registry.factories import pdf_with_text

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def get_feed(client):
    response = client.get("/feeds/updates.atom")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    return response.content


def test_feed_is_valid_atom(demo_site, client):
    root = ET.fromstring(get_feed(client))  # noqa: S314 - the site's own output
    assert root.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated"):
        assert root.find(f"{ATOM}{required}") is not None, required
    assert root.find(f"{ATOM}author/{ATOM}name").text
    assert root.find(f"{ATOM}link[@rel='self']").get("href").endswith("/feeds/updates.atom")
    entries = root.findall(f"{ATOM}entry")
    assert entries
    ids = [entry.find(f"{ATOM}id").text for entry in entries]
    assert len(ids) == len(set(ids))
    for entry in entries:
        for required in ("id", "title", "updated"):
            assert entry.find(f"{ATOM}{required}").text, required
        assert entry.find(f"{ATOM}link[@rel='alternate']").get("href")
    parsed = feedparser.parse(get_feed(client))
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"


def test_feed_reports_signings_and_calls(demo_site, client):
    parsed = feedparser.parse(get_feed(client))
    titles = [entry.title for entry in parsed.entries]
    assert "Singapore–Peru: Implementation Agreement signed" in titles
    assert "Singapore–Ghana: Application call opened" in titles
    assert "Singapore–Thailand: Eligibility list published" in titles
    # Newest first.
    updated = [entry.updated_parsed for entry in parsed.entries]
    assert updated == sorted(updated, reverse=True)
    # Stand-in demo files are placeholders, not news.
    assert not any("Document added" in title for title in titles)


def test_feed_reports_a_replaced_document(demo_site, client):
    from tests.agreements.factories import draft_of, publish

    annex = AgreementDocument.objects.get(agreement=draft_of("peru"), letter="B")
    annex.file = pdf_with_text("The signed text of Annex B.", name="peru-annex-b-signed.pdf")
    annex.is_stand_in = False
    annex.full_clean()
    annex.save()
    assert b"Document replaced" not in get_feed(client), "a draft is nobody's news"
    publish(annex.agreement)
    parsed = feedparser.parse(get_feed(client))
    entry = parsed.entries[0]
    assert entry.title.startswith("Singapore–Peru: Document replaced, Annex B")
    assert entry.link.endswith("/implementation-agreements/peru/documents/annex-b.pdf")


def test_a_publish_from_versionings_own_list_is_reported_and_indexed_once(
    demo_site, client, admin_user, django_capture_on_commit_callbacks
):
    """Publishing only the data from djangocms-versioning's version list (no service runs)
    records the feed event in the transaction and re-indexes the agreement after the commit."""
    from djangocms_versioning.models import Version

    from opendata.models import DocumentEvent
    from sitesearch.models import SearchEntry
    from tests.agreements.factories import draft_of

    annex = AgreementDocument.objects.get(agreement=draft_of("peru"), letter="C")
    annex.title = "Annex C (corrected wording)"
    annex.file = pdf_with_text("Corrected.", name="peru-annex-c-corrected.pdf")
    annex.is_stand_in = False
    annex.full_clean()
    annex.save()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        Version.objects.get_for_content(annex.agreement).publish(admin_user)
    assert DocumentEvent.objects.filter(kind="replaced", document=annex).count() == 1
    assert not SearchEntry.objects.filter(title="Annex C (corrected wording)").exists()
    assert len(callbacks) == 1, "one after-commit step"
    callbacks[0]()
    assert SearchEntry.objects.filter(title="Annex C (corrected wording)").count() == 1
    entry = feedparser.parse(get_feed(client)).entries[0]
    assert entry.title.startswith("Singapore–Peru: Document replaced, Annex C (corrected wording)")


def test_feed_reports_a_new_call(demo_site, client):
    from datetime import date

    from tests.agreements.factories import draft_of, publish

    draft = draft_of("bhutan")
    Milestone.objects.create(
        agreement=draft,
        date=date(2026, 1, 5),
        kind=Milestone.Kind.CALL_OPENED,
        description="Bhutan first call for applications",
    )
    assert b"Bhutan first call" not in get_feed(client)
    publish(draft)
    entry = feedparser.parse(get_feed(client)).entries[0]
    assert entry.title == "Singapore–Bhutan: Application call opened"
    assert "Bhutan first call for applications" in entry.summary


def test_call_opened_without_a_milestone_is_still_reported_once(demo_site, client):
    from datetime import date

    from agreements.models import AgreementContent

    AgreementContent.objects.filter(agreement__slug="bhutan").update(
        application_status="open", application_status_since=date(2026, 2, 2)
    )
    titles = [e.title for e in feedparser.parse(get_feed(client)).entries]
    assert titles.count("Singapore–Bhutan: Application call opened") == 1
    assert titles.count("Singapore–Peru: Application call opened") == 1
    assert titles.count("Singapore–Peru: Implementation Agreement signed") == 1
