"""Signed documents and application forms keep their addresses: stored, editable, redirected.

An editor changes a document's or a form's address in the admin; once published, the old address
answers a permanent redirect to the new one. Reordering stages or forms, renaming a form or
starting a new draft never moves an address, and two forms with one title get two addresses.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from agreements.models import AgreementDocument, ApplicationStage, FormerAddress, StageRequirement

from ..agreements.factories import draft_of, publish, published
from ..agreements.test_forms import good_docx
from .admin_forms import change_form_data
from .files import good_pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def visitor():
    """An anonymous browser (``client`` is the editor's once ``editor_client`` logs it in)."""
    return Client()


PERU = "/implementation-agreements/peru/"


def content_admin_url(content):
    return reverse("admin:agreements_agreementcontent_change", args=[content.pk])


def stage_admin_url(stage):
    return reverse("admin:agreements_applicationstage_change", args=[stage.pk])


def document_prefix(data, letter):
    """The inline prefix (``documents-N``) of Peru's annex ``letter`` in a change form."""
    for key, value in data.items():
        if key.startswith("documents-") and key.endswith("-letter") and value == letter:
            return key.removesuffix("-letter")
    raise AssertionError(f"no annex {letter} in the form")


def test_a_renamed_document_address_redirects_permanently(editor_client, visitor, publisher):
    draft = draft_of("peru")
    url = content_admin_url(draft)
    data = change_form_data(editor_client, url)
    data[f"{document_prefix(data, 'A')}-slug"] = "annex-a-authorisation"
    response = editor_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    old, new = PERU + "documents/annex-a.pdf", PERU + "documents/annex-a-authorisation.pdf"
    assert visitor.get(old).status_code == 200, "the published version still has the old one"
    assert visitor.get(new).status_code == 404, "a draft's address is not public"

    publish(draft, publisher)
    response = visitor.get(old)
    assert response.status_code == 301
    assert response["Location"] == new
    assert visitor.get(new).status_code == 200
    # A later draft copies the new address and the redirect stays.
    assert AgreementDocument.objects.get(agreement=draft_of("peru"), letter="A").slug == (
        "annex-a-authorisation"
    )
    assert visitor.get(old).status_code == 301


def test_renaming_twice_and_back_leaves_no_chain_or_loop(editor_client, visitor, publisher):
    def rename(slug):
        draft = draft_of("peru")
        url = content_admin_url(draft)
        data = change_form_data(editor_client, url)
        data[f"{document_prefix(data, 'B')}-slug"] = slug
        assert editor_client.post(url, data).status_code == 302
        publish(draft, publisher)

    rename("annex-b-second")
    rename("annex-b-third")
    first = visitor.get(PERU + "documents/annex-b.pdf")
    assert first.status_code == 301 and first["Location"] == PERU + "documents/annex-b-third.pdf"
    rename("annex-b")
    assert visitor.get(PERU + "documents/annex-b.pdf").status_code == 200
    for old in ("annex-b-second", "annex-b-third"):
        response = visitor.get(PERU + f"documents/{old}.pdf")
        assert response["Location"] == PERU + "documents/annex-b.pdf"


def test_a_duplicate_address_is_refused_with_a_plain_message(editor_client):
    draft = draft_of("peru")
    url = content_admin_url(draft)
    data = change_form_data(editor_client, url)
    data[f"{document_prefix(data, 'B')}-slug"] = "annex-a"
    response = editor_client.post(url, data)
    assert response.status_code == 200
    assert "Another row here already has the address “annex-a”." in response.content.decode()
    assert AgreementDocument.objects.get(agreement=draft, letter="B").slug == "annex-b"


def test_an_address_with_capitals_or_spaces_is_refused(editor_client):
    draft = draft_of("peru")
    url = content_admin_url(draft)
    data = change_form_data(editor_client, url)
    data[f"{document_prefix(data, 'B')}-slug"] = "Annex_B"
    response = editor_client.post(url, data)
    assert response.status_code == 200
    assert "Use lowercase letters, digits and single hyphens" in response.content.decode()


def stage_two_post(client, stage, edit):
    url = stage_admin_url(stage)
    data = change_form_data(client, url)
    edit(data)
    return client.post(url, data)


def add_form(data, title, upload, slug=""):
    index = int(data["requirements-TOTAL_FORMS"])
    data["requirements-TOTAL_FORMS"] = str(index + 1)
    data[f"requirements-{index}-title"] = title
    data[f"requirements-{index}-order"] = str(10 + index)
    data[f"requirements-{index}-availability"] = "available"
    data[f"requirements-{index}-slug"] = slug
    data[f"requirements-{index}-file"] = upload


def test_two_new_forms_with_one_title_get_two_addresses(editor_client, visitor, publisher):
    stage = ApplicationStage.objects.get(agreement=draft_of("peru"), order=2)

    def edit(data):
        add_form(data, "Budget", SimpleUploadedFile("one.docx", good_docx()))
        add_form(data, "Budget", SimpleUploadedFile("two.pdf", good_pdf()))

    response = stage_two_post(editor_client, stage, edit)
    assert response.status_code == 302, response.content.decode()[:3000]
    forms = StageRequirement.objects.filter(stage=stage, title="Budget").order_by("pk")
    assert [form.slug for form in forms] == ["2-budget", "2-budget-2"]
    publish(stage.agreement, publisher)
    first = visitor.get(PERU + "forms/2-budget.docx")
    second = visitor.get(PERU + "forms/2-budget-2.pdf")
    assert first.status_code == second.status_code == 200
    assert first["Content-Type"] != second["Content-Type"], "two files behind two addresses"


def test_reordering_and_renaming_forms_and_stages_keeps_addresses(
    editor_client, visitor, publisher
):
    stage = ApplicationStage.objects.get(agreement=draft_of("peru"), order=2)

    def edit(data):
        add_form(data, "Budget", SimpleUploadedFile("one.docx", good_docx()))
        add_form(data, "Registration", SimpleUploadedFile("two.docx", good_docx()))

    assert stage_two_post(editor_client, stage, edit).status_code == 302
    publish(stage.agreement, publisher)
    urls = {PERU + "forms/2-budget.docx", PERU + "forms/2-registration.docx"}

    draft = draft_of("peru")
    stage = ApplicationStage.objects.get(agreement=draft, order=2)

    def reorder_and_rename(data):
        for key, value in list(data.items()):
            if key.endswith("-title") and value == "Budget":
                data[key] = "Budget sheet (revised)"
                data[key.replace("-title", "-order")] = "99"
            if key.endswith("-title") and value == "Registration":
                data[key.replace("-title", "-order")] = "0"

    assert stage_two_post(editor_client, stage, reorder_and_rename).status_code == 302
    # Stage 2 becomes stage 5: the forms' stored addresses do not follow the position.
    ApplicationStage.objects.filter(pk=stage.pk).update(order=5)
    publish(draft, publisher)
    for url in urls:
        assert visitor.get(url).status_code == 200, url
    html = visitor.get(PERU + "application-process/").content.decode()
    assert all(url in html for url in urls)


def test_a_renamed_form_address_redirects_to_the_new_one(editor_client, visitor, publisher):
    stage = ApplicationStage.objects.get(agreement=draft_of("peru"), order=2)
    assert (
        stage_two_post(
            editor_client,
            stage,
            lambda data: add_form(data, "Budget", SimpleUploadedFile("a.docx", good_docx())),
        ).status_code
        == 302
    )
    publish(stage.agreement, publisher)
    stage = ApplicationStage.objects.get(agreement=draft_of("peru"), order=2)

    def rename(data):
        for key, value in list(data.items()):
            if key.endswith("-slug") and value == "2-budget":
                data[key] = "project-budget"

    assert stage_two_post(editor_client, stage, rename).status_code == 302
    publish(stage.agreement, publisher)
    response = visitor.get(PERU + "forms/2-budget.docx")
    assert response.status_code == 301
    assert response["Location"] == PERU + "forms/project-budget.docx"
    assert visitor.get(PERU + "forms/project-budget.docx").status_code == 200
    assert FormerAddress.objects.filter(kind="form", old_slug="2-budget").exists()


def test_a_form_address_taken_in_another_stage_is_refused(editor_client):
    draft = draft_of("peru")
    other = StageRequirement.objects.filter(stage__agreement=draft).exclude(stage__order=2).first()
    stage = ApplicationStage.objects.get(agreement=draft, order=2)

    def edit(data):
        add_form(data, "Budget", SimpleUploadedFile("a.docx", good_docx()), slug=other.slug)

    response = stage_two_post(editor_client, stage, edit)
    assert response.status_code == 200
    assert (
        "A form of another stage of this agreement already has this address."
        in response.content.decode()
    )
    assert not StageRequirement.objects.filter(stage=stage, title="Budget").exists()


def test_published_rows_keep_their_address_in_new_drafts(demo_site):
    before = {
        (d.kind, d.letter): d.slug
        for d in AgreementDocument.objects.filter(agreement=published("peru"))
    }
    after = {
        (d.kind, d.letter): d.slug
        for d in AgreementDocument.objects.filter(agreement=draft_of("peru"))
    }
    assert before == after and "annex-a" in before.values()
