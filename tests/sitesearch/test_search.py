"""Search across published pages, agreement data and the text inside signed PDFs."""

import re

import pytest
from cms.api import create_page
from cms.models import PageContent
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from djangocms_versioning.models import Version

from agreements.models import AgreementDocument
from agreements.services import page_add_text, page_publish
from sitesearch.models import DocumentText, SearchEntry
from tests.agreements.factories import draft_of, publish
from tests.registry.factories import pdf_with_text

pytestmark = pytest.mark.django_db

PDF_PHRASE = "quokka lighthouse covenant"


def results(client, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    html = response.content.decode()
    return html, re.findall(r'<h2 class="search-result__title"><a href="([^"]+)">', html)


def extract_texts():
    """What the production worker does every half minute."""
    call_command("extract_document_text", verbosity=0)


def replace_in_a_draft_and_publish(letter, file):
    """An editor replaces annex ``letter`` of Peru in a draft; a publisher publishes it; the
    worker reads the new file."""
    annex = AgreementDocument.objects.get(agreement=draft_of("peru"), letter=letter)
    annex.file = file
    annex.full_clean()
    annex.save()
    publish(annex.agreement)
    extract_texts()
    return annex


@pytest.fixture
def annex_with_phrase(demo_site, client):
    annex = AgreementDocument.objects.get(agreement=draft_of("peru"), letter="C")
    annex.file = pdf_with_text(
        f"Article 9. Disputes about corresponding adjustments go to the {PDF_PHRASE} panel, "
        "which meets within sixty days.",
        name="peru-annex-c-signed.pdf",
    )
    annex.full_clean()
    annex.save()
    assert results(client, f'"{PDF_PHRASE}"')[1] == [], "a draft's file is not searchable"
    publish(annex.agreement)
    assert results(client, f'"{PDF_PHRASE}"')[1] == [], "the publish does not read the PDF"
    extract_texts()
    return annex


def test_phrase_only_inside_a_pdf_is_found(annex_with_phrase, client):
    assert not SearchEntry.objects.exclude(kind="document").filter(body__icontains="quokka")
    html, urls = results(client, f'"{PDF_PHRASE}"')
    assert urls[0] == "/implementation-agreements/peru/documents/annex-c.pdf"
    assert "Signed document (PDF)" in html
    assert "<mark>" in html
    snippet = html.split('class="search-result__snippet">', 1)[1].split("</p>", 1)[0]
    assert "quokka" in snippet.lower()


def test_text_is_extracted_once_and_again_when_the_file_is_replaced(
    annex_with_phrase, client, monkeypatch
):
    from sitesearch import indexing

    record = DocumentText.objects.get(document=annex_with_phrase)
    assert PDF_PHRASE in record.text and record.error == ""
    extractions = []
    real_extract = indexing.extract_pdf_text

    def counting_extract(handle):
        extractions.append(handle)
        return real_extract(handle)

    monkeypatch.setattr(indexing, "extract_pdf_text", counting_extract)
    # A new version without a new file: its text is reused, not extracted again.
    draft = draft_of("peru")
    draft.summary = draft.summary + " (edited)"
    draft.save()
    publish(draft)
    copy = AgreementDocument.objects.get(agreement=draft, letter="C")
    assert PDF_PHRASE in DocumentText.objects.get(document=copy).text
    assert extractions == []
    replace_in_a_draft_and_publish(
        "C", pdf_with_text("Replaced by the wombat protocol.", name="new.pdf")
    )
    assert len(extractions) == 1
    assert results(client, "quokka")[1] == []
    assert results(client, "wombat")[1] == ["/implementation-agreements/peru/documents/annex-c.pdf"]


def test_unreadable_pdf_text_is_recorded_not_raised(demo_site):
    from django.core.files.base import ContentFile

    annex = AgreementDocument.objects.get(agreement=draft_of("peru"), letter="A")
    annex.file = ContentFile(b"%PDF-1.4 broken", name="broken.pdf")
    annex.save()  # bypasses clean() on purpose: extraction must still not fail
    publish(annex.agreement)
    extract_texts()
    record = DocumentText.objects.get(document=annex)
    assert record.text == ""
    assert record.error


def test_agreement_data_is_found(demo_site, client):
    _, urls = results(client, "Carbon Planning Division")
    assert "/implementation-agreements/peru/" in urls
    _, urls = results(client, "VM0007")
    assert urls[0] == "/implementation-agreements/ghana/eligibility/"
    _, urls = results(client, "Kwahu")
    assert urls[0].startswith("/projects/?agreement=ghana")


def test_publishing_reads_no_pdf_and_the_worker_catches_up(demo_site, client, monkeypatch):
    """The publish request never opens a PDF; the worker finds every document whose current
    file has not been read (a stored state), so a run after a stop or crash catches up."""
    from sitesearch import indexing

    opened = []
    real_extract = indexing.extract_pdf_text
    monkeypatch.setattr(indexing, "extract_pdf_text", lambda h: opened.append(h) or real_extract(h))
    annex = AgreementDocument.objects.get(agreement=draft_of("peru"), letter="B")
    annex.file = pdf_with_text("The bilby clause applies.", name="peru-annex-b-new.pdf")
    annex.full_clean()
    annex.save()
    publish(annex.agreement)
    assert opened == []
    assert list(indexing.pending_documents()) == [annex]
    html, urls = results(client, "Annex B")
    assert "/implementation-agreements/peru/documents/annex-b.pdf" in urls, "found by its title"
    assert results(client, "bilby")[1] == []
    # A worker that died before reading leaves the state as it was: the next run reads it.
    extract_texts()
    assert len(opened) == 1
    assert list(indexing.pending_documents()) == []
    assert results(client, "bilby")[1] == ["/implementation-agreements/peru/documents/annex-b.pdf"]
    extract_texts()
    assert len(opened) == 1, "a file is read once"


def test_published_pages_are_found_and_drafts_are_not(
    demo_site, client, admin_user, django_capture_on_commit_callbacks
):
    page = create_page(
        "Platypus notes", "pages/content.html", "en", slug="platypus", created_by=admin_user
    )
    page_add_text(page=page, slot="content", html="<p>The platypus estuary rule.</p>")
    assert results(client, "platypus estuary")[1] == []
    with django_capture_on_commit_callbacks(execute=True):
        page_publish(page=page, user=admin_user)
        assert results(client, "platypus estuary")[1] == [], "indexed after the commit"
    assert results(client, "platypus estuary")[1] == ["/platypus/"]
    content = PageContent.objects.get(page=page, language="en")
    with django_capture_on_commit_callbacks(execute=True):
        Version.objects.get_for_content(content).unpublish(admin_user)
    assert results(client, "platypus estuary")[1] == []


def test_ranking_puts_title_matches_first(demo_site, client):
    _, urls = results(client, "frequently asked questions")
    assert urls[0] == "/faq/"


def test_stemming_finds_other_word_forms(demo_site, client):
    # "authorised" in the text; the query says "authorising"
    _, urls = results(client, "authorising")
    assert urls


def test_snippets_escape_page_content(
    demo_site, client, admin_user, django_capture_on_commit_callbacks
):
    page = create_page(
        "Escaping", "pages/content.html", "en", slug="escaping", created_by=admin_user
    )
    page_add_text(page=page, slot="content", html="<p>Numbat &lt;b&gt;bold&lt;/b&gt; claim.</p>")
    with django_capture_on_commit_callbacks(execute=True):
        page_publish(page=page, user=admin_user)
    html, urls = results(client, "numbat")
    assert urls == ["/escaping/"]
    snippet = html.split('class="search-result__snippet">', 1)[1].split("</p>", 1)[0]
    # SQLite shows the text escaped; PostgreSQL's ts_headline drops tag-like tokens. Either way
    # the text never becomes markup.
    assert "bold" in snippet
    assert "<b>" not in snippet


@pytest.mark.parametrize(
    "query",
    [
        "",
        "   ",
        '"',
        '"unbalanced phrase',
        "AND OR NOT",
        "NEAR(a b)",
        "title:annex",
        "*",
        "^annex",
        "annex -",
        "!!!???",
        "'; DROP TABLE sitesearch_searchentry; --",
        "<script>alert(1)</script>",
        "\x00\x01annex",
        "\ue000annex\ue001",
        "a" * 5000,
        "(((annex",
        "annex)))",
        "the",
        "日本語 テスト",
    ],
)
def test_hostile_or_empty_queries_get_a_normal_page(demo_site, client, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Search</h1>" in html
    assert "<script>alert(1)" not in html
    assert SearchEntry.objects.exists()  # nothing was dropped


def test_search_form_is_labelled(demo_site, client):
    html = client.get("/search/").content.decode()
    assert '<label for="search-q">' in html
    assert 'id="search-q" name="q"' in html
    assert 'role="search"' in html


def test_agreements_in_preparation_are_not_found(
    demo_site, client, admin_user, django_capture_on_commit_callbacks
):
    from agreements.services import agreement_create_draft, publish_agreement

    draft = agreement_create_draft(
        slug="atlantis",
        partner_country="Atlantis",
        partner_party="Government of Atlantis",
        status="negotiating",
        summary="The atlantean accord.",
        user=admin_user,
    )
    assert results(client, "atlantean")[1] == []
    with django_capture_on_commit_callbacks(execute=True):
        publish_agreement(agreement=draft.agreement, user=admin_user)
    assert results(client, "atlantean")[1] == ["/implementation-agreements/atlantis/"]


def test_search_query_count_is_constant(demo_site, client):
    client.get("/search/", {"q": "annex"})
    cache.clear()  # menus are kept for a second: measure both renders the same way
    with CaptureQueriesContext(connection) as few:
        client.get("/search/", {"q": "Ghana"})
    cache.clear()
    with CaptureQueriesContext(connection) as many:
        html = client.get("/search/", {"q": "Implementation Agreement"}).content.decode()
    assert html.count('class="search-result"') > 10
    assert len(few) == len(many)


def test_rebuild_command_restores_the_index(demo_site):
    from django.core.management import call_command

    before = set(SearchEntry.objects.values_list("key", flat=True))
    SearchEntry.objects.all().delete()
    call_command("rebuild_search_index", verbosity=0)
    assert set(SearchEntry.objects.values_list("key", flat=True)) == before


def test_register_rows_are_found_once_published_and_gone_once_deleted(demo_site, client):
    from registry.models import AuthorisedProject

    draft = draft_of("peru")
    project = AuthorisedProject.objects.create(agreement=draft, name="Wombat peatland rewetting")
    assert "Wombat peatland rewetting" not in results(client, "Wombat peatland")[0]
    publish(draft)
    html, _urls = results(client, "Wombat peatland")
    assert "Wombat peatland rewetting" in html
    draft = draft_of("peru")
    draft.authorised_projects.filter(name=project.name).delete()
    publish(draft)
    html, urls = results(client, "Wombat peatland")
    assert "Wombat peatland rewetting" not in html
    assert urls == []
