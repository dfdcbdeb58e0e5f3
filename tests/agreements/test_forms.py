"""Application forms: checked by content (PDF, .docx, .xlsx, no macros) and served under stable,
readable addresses on the Application Process tab."""

import io
import re
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from agreements.models import ApplicationStage, StageRequirement
from security import uploads
from security.uploads import inspect_application_form

from ..editors.files import FAKE_PDF, good_pdf, good_png
from .factories import draft_of, make_agreement, publish, published

pytestmark = pytest.mark.django_db

PERU_PROCESS = "/implementation-agreements/peru/application-process/"

DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
XLSX_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
DOCM_MAIN = "application/vnd.ms-word.document.macroEnabled.main+xml"


def ooxml(main_part, main_type, extra=()):
    """A minimal Office package: the package index, relationships and the main part."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/{main_part}" ContentType="{main_type}"/></Types>',
        )
        package.writestr("_rels/.rels", '<?xml version="1.0"?><Relationships/>')
        package.writestr(main_part, '<?xml version="1.0"?><document/>')
        for name, data in extra:
            package.writestr(name, data)
    return buffer.getvalue()


def good_docx():
    return ooxml("word/document.xml", DOCX_MAIN)


def good_xlsx():
    return ooxml("xl/workbook.xml", XLSX_MAIN)


def upload(name, content):
    return SimpleUploadedFile(name, content)


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("form.pdf", good_pdf(), "pdf"),
        ("form.docx", good_docx(), "docx"),
        ("Budget template.xlsx", good_xlsx(), "xlsx"),
    ],
)
def test_pdf_word_and_excel_forms_are_accepted(name, content, kind):
    assert inspect_application_form(upload(name, content)) == kind


def refusal(name, content):
    with pytest.raises(ValidationError) as caught:
        inspect_application_form(upload(name, content))
    return caught.value


@pytest.mark.parametrize(
    ("name", "content", "code", "words"),
    [
        ("form.docm", ooxml("word/document.xml", DOCM_MAIN), "macros", "macros"),
        ("form.xlsm", good_xlsx(), "macros", "macro-enabled"),
        (
            "form.docx",
            ooxml("word/document.xml", DOCM_MAIN, [("word/vbaProject.bin", b"x")]),
            "macros",
            "macros",
        ),
        (
            "form.docx",
            ooxml("word/document.xml", DOCX_MAIN, [("word/vbaProject.bin", b"x")]),
            "macros",
            "macros",
        ),
        ("form.docx", good_xlsx(), "name_mismatch", "an Excel workbook"),
        ("form.pdf", good_docx(), "name_mismatch", "a Word document"),
        ("form.xlsx", good_pdf(), "name_mismatch", "a PDF document"),
        ("archive.docx", ooxml("readme.txt", "text/plain"), "type_not_accepted", "not accepted"),
        ("form.zip", b"PK\x03\x04" + b"\x00" * 40, "unreadable", "damaged"),
        ("picture.pdf", good_png(), "type_not_accepted", "a PNG image"),
        ("page.docx", b"<html><script>alert(1)</script></html>", "type_not_accepted", "web page"),
        ("tool.xlsx", b"MZ\x90\x00" + b"\x00" * 60, "type_not_accepted", "Windows program"),
        ("old.doc", b"\xd0\xcf\x11\xe0" + b"\x00" * 60, "type_not_accepted", "old-style Office"),
        ("fake.pdf", FAKE_PDF, "unreadable", "damaged"),
        (".hidden.pdf", good_pdf(), "bad_name", "special characters"),
    ],
)
def test_other_files_are_refused_in_plain_words(name, content, code, words):
    error = refusal(name, content)
    assert error.code == code
    message = " ".join(error.messages)
    assert words in message
    if code == "type_not_accepted":
        assert "PDF documents, Word documents (.docx) or Excel workbooks (.xlsx)" in message


def test_a_zip_packed_with_no_office_index_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("word/document.xml", "<document/>")
    error = refusal("form.docx", buffer.getvalue())
    assert error.code == "type_not_accepted"
    assert "compressed archive" in error.messages[0]


def test_size_is_bounded():
    with pytest.raises(ValidationError):
        inspect_application_form(upload("form.docx", good_docx()), max_bytes=100)
    error = refusal("form.pdf", good_pdf() + b"\n" * 25_000_000)
    assert error.code == "too_large"
    assert "at most 20.0\xa0MB" in error.messages[0]


def test_the_model_refuses_a_macro_workbook_and_keeps_nothing():
    stage = ApplicationStage.objects.create(
        agreement=make_agreement(), order=1, title="S", purpose="P"
    )
    form = StageRequirement(stage=stage, title="Budget", availability="available")
    form.file = ContentFile(good_xlsx(), name="budget.xlsm")
    with pytest.raises(ValidationError) as caught:
        form.full_clean()
    assert "file" in caught.value.message_dict
    assert not StageRequirement.objects.filter(title="Budget").exists()


# --- Stable addresses ---


def published_form(title, name, content, stage_order=2):
    """A form added to Peru's draft data, then published with it."""
    stage = ApplicationStage.objects.get(agreement=draft_of("peru"), order=stage_order)
    form = StageRequirement(stage=stage, title=title, availability="available", order=9)
    form.file = ContentFile(content, name=name)
    form.full_clean()
    form.save()
    publish(stage.agreement)
    return StageRequirement.objects.get(pk=form.pk)


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("upload.docx", good_docx(), uploads.FORM_CONTENT_TYPES["docx"]),
        ("upload.xlsx", good_xlsx(), uploads.FORM_CONTENT_TYPES["xlsx"]),
        ("upload.pdf", good_pdf(), "application/pdf"),
    ],
)
def test_a_form_is_served_under_its_stable_address(demo_site, client, name, content, content_type):
    form = published_form("Emission Reductions Budget", name, content)
    extension = name.rsplit(".", 1)[1]
    url = f"/implementation-agreements/peru/forms/2-emission-reductions-budget.{extension}"
    assert form.get_absolute_url() == url

    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["X-Content-Type-Options"] == "nosniff"
    assert (
        f'filename="Singapore-Peru-IA-stage-2-emission-reductions-budget.{extension}"'
        in response["Content-Disposition"]
    )
    assert b"".join(response.streaming_content) == content

    head = client.head(url)
    assert head.status_code == 200 and head["Content-Length"] == str(len(content))

    html = client.get(PERU_PROCESS).content.decode()
    assert f'<a href="{url}">Emission Reductions Budget' in html


def test_the_address_survives_a_replaced_file(demo_site, client):
    published = published_form("Budget sheet", "first.xlsx", good_xlsx())
    url = published.get_absolute_url()
    # The editor replaces the file in a new draft; the publisher publishes it.
    form = StageRequirement.objects.get(stage__agreement=draft_of("peru"), title="Budget sheet")
    form.file = ContentFile(ooxml("xl/workbook.xml", XLSX_MAIN, [("xl/v2.xml", "2")]), "v2.xlsx")
    form.full_clean()
    form.save()
    assert form.get_absolute_url() == url
    assert b"xl/v2.xml" not in b"".join(client.get(url).streaming_content)
    publish(form.stage.agreement)
    assert b"xl/v2.xml" in b"".join(client.get(url).streaming_content)


def test_two_forms_with_one_title_get_distinct_addresses(demo_site, client):
    first = published_form("Annex", "a.pdf", good_pdf())
    second = published_form("Annex", "b.pdf", good_pdf())
    assert first.get_absolute_url() != second.get_absolute_url()
    for form in (first, second):
        response = client.get(form.get_absolute_url())
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == form.file.open("rb").read()


@pytest.mark.parametrize(
    "path",
    [
        "peru/forms/2-no-such-form.pdf",
        "peru/forms/99-emission-reductions-budget.docx",
        "nowhere/forms/2-emission-reductions-budget.docx",
        "peru/forms/2-emission-reductions-budget.pdf",  # wrong ending for this form
        "peru/forms/2-emission-reductions-budget.exe",
    ],
)
def test_missing_forms_are_404(demo_site, client, path):
    published_form("Emission Reductions Budget", "upload.docx", good_docx())
    response = client.get(f"/implementation-agreements/{path}", follow=True)
    assert response.status_code == 404


def test_a_form_lost_from_storage_is_404(demo_site, client):
    form = published_form("Lost form", "lost.pdf", good_pdf())
    form.file.storage.delete(form.file.name)
    assert client.get(form.get_absolute_url()).status_code == 404


def test_a_form_without_a_file_has_no_address(demo_site):
    form = StageRequirement.objects.filter(stage__agreement=published("peru")).first()
    assert not form.file and form.get_absolute_url() is None
    assert re.fullmatch(r"\d+-[-a-z0-9]+", form.url_name)


def test_form_addresses_cost_no_query_per_form(demo_site, client, settings):
    """The addresses come from the prefetched stages and forms, not one lookup per link."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries():
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            assert client.get(PERU_PROCESS).status_code == 200
        return len(captured)

    published_form("First form", "first.pdf", good_pdf())
    queries()  # warm the per-process caches (site, templates)
    one = queries()
    published_form("Second form", "second.docx", good_docx())
    published_form("Third form", "third.xlsx", good_xlsx(), stage_order=1)
    queries()  # the publishes cleared the CMS menu cache: the first render rebuilds it
    assert queries() == one
