"""A replaced or deleted agreement file leaves storage once the database no longer names it."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from agreements.models import AgreementDocument, StageRequirement
from agreements.signals import delete_unreferenced_file
from demo.standin import standin_pdf

from .factories import draft_of, make_agreement, make_document, publish, publish_pages

pytestmark = pytest.mark.django_db


def body(response):
    return b"".join(response.streaming_content)


def replace_file(document, name="corrected-upload.pdf", pages=3):
    document.file = standin_pdf(title="Corrected", agreement_title="x", pages=pages)
    document.file.name = name
    document.full_clean()
    document.save()


def test_the_replaced_pdf_is_deleted_after_the_commit(client, django_capture_on_commit_callbacks):
    publish_pages(make_agreement(slug="cleanup"))
    draft = draft_of("cleanup")
    document = make_document(draft, letter="A")  # a new upload in the draft
    old_name = document.file.name
    assert default_storage.exists(old_name)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        replace_file(document)
    new_name = document.file.name
    assert new_name != old_name
    assert default_storage.exists(old_name), "nothing is deleted before the commit"
    for callback in callbacks:
        callback()

    assert not default_storage.exists(old_name)
    assert default_storage.exists(new_name)
    publish(draft)
    response = client.get("/implementation-agreements/cleanup/documents/annex-a.pdf")
    assert response.status_code == 200
    assert body(response) == default_storage.open(new_name).read()


def test_a_published_file_replaced_in_a_draft_stays_for_visitors_and_revert(
    client, django_capture_on_commit_callbacks
):
    published_document = make_document(publish_pages(make_agreement(slug="kept")), letter="A")
    published_name = published_document.file.name
    draft_document = AgreementDocument.objects.get(agreement=draft_of("kept"), letter="A")
    assert draft_document.file.name == published_name, "versions share the stored file"
    with django_capture_on_commit_callbacks(execute=True):
        replace_file(draft_document)
    assert default_storage.exists(published_name)
    response = client.get("/implementation-agreements/kept/documents/annex-a.pdf")
    assert body(response) == default_storage.open(published_name).read()
    with django_capture_on_commit_callbacks(execute=True):
        publish(draft_document.agreement)
    # The old version (now "unpublished", ready for a revert) still names the file.
    assert default_storage.exists(published_name)
    response = client.get("/implementation-agreements/kept/documents/annex-a.pdf")
    assert body(response) == default_storage.open(draft_document.file.name).read()


def test_a_rolled_back_replacement_keeps_the_old_file(django_capture_on_commit_callbacks):
    document = make_document(make_agreement(), letter="B")
    old_name = document.file.name
    with django_capture_on_commit_callbacks(execute=False):
        replace_file(document)
    # The callbacks are dropped, as on a rollback: the row in use keeps its file.
    assert default_storage.exists(old_name)


def test_saving_other_fields_keeps_the_file(django_capture_on_commit_callbacks):
    document = make_document(make_agreement(), letter="C")
    with django_capture_on_commit_callbacks(execute=True):
        document.title = "Annex C - renamed"
        document.save()
    assert default_storage.exists(document.file.name)


def test_deleting_a_document_deletes_its_file(client, django_capture_on_commit_callbacks):
    document = make_document(publish_pages(make_agreement(slug="gone")), letter="A")
    assert client.get("/implementation-agreements/gone/documents/annex-a.pdf").status_code == 200
    name = document.file.name
    with django_capture_on_commit_callbacks(execute=True):
        document.delete()
    assert not default_storage.exists(name)
    assert client.get("/implementation-agreements/gone/documents/annex-a.pdf").status_code == 404


def test_a_file_another_row_names_is_kept(django_capture_on_commit_callbacks):
    first = make_document(make_agreement(), letter="A")
    second = make_document(make_agreement(), letter="A")
    shared = first.file.name
    AgreementDocument.objects.filter(pk=second.pk).update(file=shared)
    second.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        first.delete()
    assert default_storage.exists(shared), "the second document still serves this file"
    assert AgreementDocument.objects.get(pk=second.pk).file.name == shared


def test_a_replaced_application_form_is_deleted(django_capture_on_commit_callbacks):
    from agreements.models import ApplicationStage

    stage = ApplicationStage.objects.create(
        agreement=make_agreement(), order=1, title="S", purpose="P"
    )
    form = StageRequirement(stage=stage, title="Form", availability="available")
    form.file.save("form-one.pdf", ContentFile(b"%PDF-1.4 one"), save=False)
    form.save()
    old_name = form.file.name
    with django_capture_on_commit_callbacks(execute=True):
        form.file.save("form-two.pdf", ContentFile(b"%PDF-1.4 two"), save=True)
    assert not default_storage.exists(old_name)
    assert default_storage.exists(form.file.name)
    with django_capture_on_commit_callbacks(execute=True):
        form.delete()
    assert not default_storage.exists(form.file.name)


def test_a_storage_failure_is_logged_not_raised(caplog):
    class BrokenStorage:
        def delete(self, name):
            raise OSError("bucket unreachable")

    assert delete_unreferenced_file(BrokenStorage(), "agreements/documents/nowhere.pdf") is False
    assert "nowhere.pdf" in caplog.text


def test_restoring_a_version_whose_file_is_gone_keeps_the_current_file(
    django_capture_on_commit_callbacks,
):
    """A history revert points the row at a removed file: the file it had must survive."""
    document = make_document(make_agreement(), letter="D")
    first_name = document.file.name
    with django_capture_on_commit_callbacks(execute=True):
        replace_file(document)
    current_name = document.file.name
    assert not default_storage.exists(first_name)

    with django_capture_on_commit_callbacks(execute=True):
        document.file.name = first_name  # what reverting to the first version writes
        document.save()
    assert default_storage.exists(current_name)
