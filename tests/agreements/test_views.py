"""Signed documents under stable, readable URLs: right type and name, 404 instead of errors."""

import pytest
from django.core.files.storage import default_storage

from agreements.models import AgreementDocument
from demo.standin import standin_pdf

from .factories import draft_of, make_agreement, make_document, publish, publish_pages, published

pytestmark = pytest.mark.django_db

PERU_ANNEX_A = "/implementation-agreements/peru/documents/annex-a.pdf"


def body(response):
    return b"".join(response.streaming_content)


def test_document_is_served_as_pdf_with_a_readable_name(demo_site, client):
    response = client.get(PERU_ANNEX_A)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="Singapore-Peru-IA-annex-a.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    content = body(response)
    assert content.startswith(b"%PDF-")
    document = AgreementDocument.objects.get(agreement=published("peru"), letter="A")
    assert int(response["Content-Length"]) == len(content) == document.file_size


def test_main_text_has_its_own_address(demo_site, client):
    response = client.get("/implementation-agreements/peru/documents/main-text.pdf")
    assert response.status_code == 200
    assert 'filename="Singapore-Peru-IA-main-text.pdf"' in response["Content-Disposition"]


def test_head_gives_the_headers_without_the_file(demo_site, client):
    response = client.head(PERU_ANNEX_A)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "Singapore-Peru-IA-annex-a.pdf" in response["Content-Disposition"]
    document = AgreementDocument.objects.get(agreement=published("peru"), letter="A")
    assert int(response["Content-Length"]) == document.file_size
    assert response.content == b""


def test_other_methods_are_refused(demo_site, client):
    assert client.post(PERU_ANNEX_A).status_code == 405


@pytest.mark.parametrize(
    "url",
    [
        "/implementation-agreements/peru/documents/annex-z.pdf",
        "/implementation-agreements/atlantis/documents/annex-a.pdf",
        "/implementation-agreements/peru/documents/annex-a.docx",
        "/implementation-agreements/peru/documents/annex-1.pdf",
    ],
)
def test_unknown_document_is_a_404_page(demo_site, client, url):
    # Addresses that do not match the document pattern get the usual trailing-slash redirect.
    response = client.get(url, follow=True)
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_record_without_a_file_is_a_404(client):
    agreement = publish_pages(make_agreement(slug="nofile"))
    AgreementDocument.objects.create(agreement=agreement, kind="annex", letter="A", title="A")
    make_document(agreement, letter="B")
    assert client.get("/implementation-agreements/nofile/documents/annex-b.pdf").status_code == 200
    response = client.get("/implementation-agreements/nofile/documents/annex-a.pdf")
    assert response.status_code == 404


def test_file_missing_on_disk_is_a_404_not_a_500(client):
    document = make_document(publish_pages(make_agreement(slug="lostfile")), letter="B")
    assert client.get(document.get_absolute_url()).status_code == 200
    default_storage.delete(document.file.name)
    for method in (client.get, client.head):
        response = method("/implementation-agreements/lostfile/documents/annex-b.pdf")
        assert response.status_code == 404


def test_address_stays_the_same_when_an_editor_replaces_the_file(client):
    published_document = make_document(
        publish_pages(make_agreement(slug="replaced")), letter="C", pages=1
    )
    url = published_document.get_absolute_url()
    assert url == "/implementation-agreements/replaced/documents/annex-c.pdf"
    first = body(client.get(url))

    # The editor replaces the file in a draft; visitors get the new file once it is published.
    document = AgreementDocument.objects.get(agreement=draft_of("replaced"), letter="C")
    document.file = standin_pdf(title="Annex C, corrected", agreement_title="x", pages=4)
    document.file.name = "corrected-upload.pdf"
    document.full_clean()
    document.save()
    document.refresh_from_db()

    assert document.get_absolute_url() == url
    assert document.page_count == 4
    assert body(client.get(url)) == first
    publish(document.agreement)
    response = client.get(url)
    second = body(response)
    assert response.status_code == 200
    assert second != first
    assert second == document.file.open("rb").read()
    assert 'filename="Singapore-Replaced-IA-annex-c.pdf"' in response["Content-Disposition"]
