"""A signed document may have a Spanish file: served at the /es/ address, English as fallback."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from agreements.models import AgreementDocument
from demo.standin import standin_pdf
from tests.agreements.factories import draft_of, make_agreement, make_document, publish_pages

pytestmark = pytest.mark.django_db

ENGLISH = "/implementation-agreements/bilingual/documents/annex-a.pdf"
SPANISH = "/es" + ENGLISH


def body(response):
    return b"".join(response.streaming_content)


def add_spanish_file(document, name="bilingual-annex-a-es.pdf", pages=4):
    document.file_es = standin_pdf(title="Anexo A", agreement_title="x", pages=pages)
    document.file_es.name = name
    document.full_clean()
    document.save()


def test_each_address_serves_its_language_and_spanish_falls_back_to_english(client):
    content = publish_pages(make_agreement(slug="bilingual"))
    document = make_document(content, letter="A")
    english_bytes = default_storage.open(document.file.name).read()

    # No Spanish file yet: the /es/ address serves the English one.
    assert body(client.get(ENGLISH)) == english_bytes
    assert body(client.get(SPANISH)) == english_bytes

    add_spanish_file(document)
    assert (document.file_es_size, document.file_es_page_count) == (document.file_es.size, 4)
    spanish_bytes = default_storage.open(document.file_es.name).read()
    assert spanish_bytes != english_bytes
    assert body(client.get(ENGLISH)) == english_bytes
    response = client.get(SPANISH)
    assert response["Content-Type"] == "application/pdf"
    assert body(response) == spanish_bytes


def test_the_spanish_page_links_the_spanish_address_with_the_spanish_file_facts(client):
    content = publish_pages(make_agreement(slug="bilingual"))
    add_spanish_file(make_document(content, letter="A", pages=2), pages=4)
    # make_agreement does not create Spanish CMS content; the overview falls back to English
    # there, so the link is checked on the rendered table directly.
    from django.template.loader import render_to_string
    from django.utils import translation

    with translation.override("es"):
        html = render_to_string("agreements/includes/documents_table.html", {"agreement": content})
    assert f'href="{SPANISH}"' in html
    assert "4 páginas" in html
    with translation.override("en"):
        html = render_to_string("agreements/includes/documents_table.html", {"agreement": content})
    assert f'href="{ENGLISH}"' in html
    assert "2 pages" in html


def test_a_spanish_upload_passes_the_same_checks(client):
    content = publish_pages(make_agreement(slug="bilingual"))
    document = make_document(content, letter="A")
    document.file_es = ContentFile(b"MZ\x90\x00 not a pdf", name="anexo.pdf")
    with pytest.raises(ValidationError):
        document.full_clean()
    document.refresh_from_db()
    assert not document.file_es
    assert body(client.get(SPANISH)) == default_storage.open(document.file.name).read()


def test_a_new_draft_keeps_the_spanish_file_and_replacing_it_cleans_up(
    django_capture_on_commit_callbacks,
):
    content = publish_pages(make_agreement(slug="bilingual"))
    add_spanish_file(make_document(content, letter="A"), name="bilingual-es-first.pdf")
    published_name = AgreementDocument.objects.get(agreement=content).file_es.name

    draft_document = AgreementDocument.objects.get(agreement=draft_of("bilingual"), letter="A")
    assert draft_document.file_es.name == published_name, "the version copy keeps it"

    # Replacing it in the draft keeps the published version's file (still named by a row) ...
    with django_capture_on_commit_callbacks(execute=True):
        add_spanish_file(draft_document, name="bilingual-es-second.pdf")
    assert default_storage.exists(published_name)
    second = draft_document.file_es.name
    # ... and a file no row names any more leaves storage.
    with django_capture_on_commit_callbacks(execute=True):
        add_spanish_file(draft_document, name="bilingual-es-third.pdf")
    assert not default_storage.exists(second)
    assert default_storage.exists(draft_document.file_es.name)
