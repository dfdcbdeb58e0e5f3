"""Bad uploads are refused with plain words and leave nothing behind, wherever they come in.

Two real entry points are exercised: django-filer's upload view (the media library) and the
agreements admin, where an editor attaches a signed document's PDF.
"""

import os
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from filer.models import File

from agreements.models import Agreement, AgreementDocument

from . import files
from .admin_forms import change_form_data

FILER_UPLOAD = "admin:filer-ajax_upload"


def stored_files():
    """Every file under MEDIA_ROOT, so a test can prove an upload left nothing behind."""
    root = Path(settings.MEDIA_ROOT)
    return {str(path) for path in root.rglob("*") if path.is_file()}


BAD_FILER_UPLOADS = [
    pytest.param(
        "annex-d.pdf", files.FAKE_PDF, "This PDF is damaged and cannot be read", id="fake-pdf"
    ),
    pytest.param(
        "annex-d.pdf",
        files.HTML_PAGE,
        '"annex-d.pdf" is a web page (HTML). The media library accepts only PDF',
        id="html-renamed-pdf",
    ),
    pytest.param("page.html", files.HTML_PAGE, '"page.html" is a web page (HTML).', id="html"),
    pytest.param(
        "logo.svg", files.SVG_WITH_SCRIPT, '"logo.svg" is an SVG drawing', id="svg-with-script"
    ),
    pytest.param("setup.exe", files.WINDOWS_PROGRAM, '"setup.exe" is a Windows program.', id="exe"),
    pytest.param(
        "annex.pdf.exe", files.WINDOWS_PROGRAM, "is a Windows program", id="exe-double-suffix"
    ),
    pytest.param("forms.zip", files.ZIP_ARCHIVE, "is a compressed archive (ZIP)", id="zip"),
    # filer reads an image's size while validating its form, before the upload validators, so
    # these three refusals carry filer's own (plain) wording.
    pytest.param("chart.png", files.good_pdf(), "Image format not recognized", id="pdf-named-png"),
    pytest.param(
        "annex-d.pdf",
        files.oversize_pdf(),
        "PDF documents may be at most 20.0\xa0MB",
        id="oversize-pdf",
    ),
    pytest.param(
        "chart.png", files.oversize_png(), "images may be at most 10.0\xa0MB", id="oversize-image"
    ),
    pytest.param(
        "chart.png",
        files.bomb_png(100_000, 100_000),
        "image size exceeds limit of 40 million pixels",
        id="decompression-bomb",
    ),
    pytest.param(
        "chart.png",
        files.bomb_png(8_000, 6_000),
        "Image size (48 million pixels) exceeds limit of 40 million pixels",
        id="too-many-pixels",
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "content", "message"), BAD_FILER_UPLOADS)
def test_media_library_refuses_bad_uploads(editor_client, name, content, message):
    before_rows, before_files = File.objects.count(), stored_files()
    response = editor_client.post(
        reverse(FILER_UPLOAD), {"file": SimpleUploadedFile(name, content)}
    )
    assert response.status_code == 400
    assert message in response.json()["error"]
    assert File.objects.count() == before_rows
    assert stored_files() == before_files


@pytest.mark.django_db
def test_media_library_refuses_a_document_named_as_an_image(editor_client):
    response = editor_client.post(
        reverse(FILER_UPLOAD), {"file": SimpleUploadedFile("annex-d.jpg", files.good_png())}
    )
    assert response.status_code == 400
    assert (
        'The name "annex-d.jpg" does not match its content, which is a PNG image'
        in (response.json()["error"])
    )


@pytest.mark.django_db
def test_media_library_refuses_a_path_traversal_name(editor_client):
    """The raw (XMLHttpRequest) upload takes its name from the query string, unfiltered."""
    before_rows, before_files = File.objects.count(), stored_files()
    response = editor_client.generic(
        "POST",
        reverse(FILER_UPLOAD) + "?qqfile=../../../carbonsite/settings/annex-d.pdf",
        files.good_pdf(),
        content_type="application/octet-stream",
        headers={"x-requested-with": "XMLHttpRequest"},
    )
    assert response.status_code == 400
    assert "contains folder parts or special characters" in response.json()["error"]
    assert File.objects.count() == before_rows
    assert stored_files() == before_files


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content"),
    [("annex-d.pdf", files.good_pdf()), ("chart.png", files.good_png())],
)
def test_media_library_accepts_good_files(editor_client, name, content):
    response = editor_client.post(
        reverse(FILER_UPLOAD), {"file": SimpleUploadedFile(name, content)}
    )
    assert response.status_code == 200, response.content
    stored = File.objects.get(pk=response.json()["file_id"])
    assert stored.original_filename == name
    assert os.path.exists(stored.file.path)


@pytest.mark.django_db
def test_media_library_change_form_refuses_a_bad_replacement(editor_client):
    """Replacing a library file's content goes through the same checks."""
    response = editor_client.post(
        reverse(FILER_UPLOAD), {"file": SimpleUploadedFile("annex-d.pdf", files.good_pdf())}
    )
    stored = File.objects.get(pk=response.json()["file_id"])
    original = stored.file.read()
    response = editor_client.post(
        reverse("admin:filer_file_change", args=[stored.pk]),
        {
            "name": "Annex D",
            "original_filename": "annex-d.pdf",
            "owner": "",
            "description": "",
            "is_public": "on",
            "file": SimpleUploadedFile("annex-d.pdf", files.HTML_PAGE),
        },
    )
    assert response.status_code == 200
    assert "is a web page (HTML)" in response.content.decode()
    stored.refresh_from_db()
    assert stored.file.read() == original


BAD_DOCUMENTS = [
    pytest.param("annex-d.pdf", files.FAKE_PDF, "This PDF is damaged", id="fake-pdf"),
    pytest.param(
        "annex-d.pdf",
        files.HTML_PAGE,
        "&quot;annex-d.pdf&quot; is not a PDF: it is a web page (HTML)",
        id="html-renamed-pdf",
    ),
    pytest.param(
        "annex-d.svg",
        files.SVG_WITH_SCRIPT,
        "&quot;annex-d.svg&quot; is not a PDF: it is an SVG drawing",
        id="svg-with-script",
    ),
    pytest.param(
        "annex-d.pdf",
        files.oversize_pdf(),
        "PDF documents may be at most 20.0\xa0MB",
        id="oversize-pdf",
    ),
    pytest.param(
        "annex-d.pdf",
        files.bomb_png(100_000, 100_000),
        "is not a PDF: it is a PNG image",
        id="decompression-bomb",
    ),
    pytest.param(
        "annex-d.exe",
        files.WINDOWS_PROGRAM,
        "is not a PDF: it is a Windows program",
        id="exe",
    ),
    pytest.param(
        "annex-d.html",
        files.good_pdf(),
        "does not end in &quot;.pdf&quot;",
        id="pdf-named-html",
    ),
]


def _draft_document_form(client):
    """Peru's draft data form (opened with "Edit data") with one new annex row, without its file.

    Signed documents are uploaded on the agreement data's own screen, as rows of its documents;
    returns the form's URL, its POST data and the name of the new row's file field.
    """
    peru = Agreement.objects.get(slug="peru")
    response = client.get(
        reverse("admin:agreements_agreement_edit_data", args=[peru.pk]), follow=True
    )
    url = response.redirect_chain[-1][0]
    data = change_form_data(client, url)
    total = int(data["documents-TOTAL_FORMS"])
    data["documents-TOTAL_FORMS"] = total + 1
    prefix = f"documents-{total}-"
    data.update(
        {
            prefix + "kind": "annex",
            prefix + "letter": "D",
            prefix + "title": "Annex D - Test annex",
            prefix + "order": 9,
        }
    )
    return url, data, prefix + "file"


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "content", "message"), BAD_DOCUMENTS)
def test_agreement_document_upload_refuses_bad_files(editor_client, name, content, message):
    url, data, file_field = _draft_document_form(editor_client)
    before_rows, before_files = AgreementDocument.objects.count(), stored_files()
    data[file_field] = SimpleUploadedFile(name, content)
    response = editor_client.post(url, data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert AgreementDocument.objects.count() == before_rows
    assert stored_files() == before_files


@pytest.mark.django_db
def test_agreement_document_upload_neutralises_a_path_traversal_name(editor_client):
    """Browsers send only a base name; a crafted multipart name must still land in its folder."""
    url, data, file_field = _draft_document_form(editor_client)
    boundary = "carbonsite-boundary"
    body = b""
    for key, value in data.items():
        body += (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'
        ).encode()
    body += (
        f'--{boundary}\r\nContent-Disposition: form-data; name="{file_field}"; '
        f'filename="../../../../tmp/annex-d.pdf"\r\nContent-Type: application/pdf\r\n\r\n'
    ).encode()
    body += files.good_pdf() + f"\r\n--{boundary}--\r\n".encode()
    response = editor_client.generic(
        "POST", url, body, content_type=f"multipart/form-data; boundary={boundary}"
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    document = AgreementDocument.objects.get(agreement__versions__state="draft", letter="D")
    media_root = Path(settings.MEDIA_ROOT).resolve()
    stored = Path(document.file.path).resolve()
    assert stored.parent == media_root / "agreements" / "documents"
    assert ".." not in document.file.name


@pytest.mark.django_db
def test_photos_lose_their_location_data(editor_client):
    import io

    from PIL import Image as PillowImage

    photo = PillowImage.new("RGB", (32, 24), "#336699")
    exif = PillowImage.Exif()
    exif[0x010F] = "PhoneMaker"  # camera make
    exif[0x8825] = {2: (1.0, 17.0, 30.0)}  # GPS latitude
    buffer = io.BytesIO()
    photo.save(buffer, format="JPEG", exif=exif.tobytes())
    assert PillowImage.open(io.BytesIO(buffer.getvalue())).getexif()

    response = editor_client.post(
        reverse(FILER_UPLOAD), {"file": SimpleUploadedFile("site-visit.jpg", buffer.getvalue())}
    )
    assert response.status_code == 200, response.content
    stored = File.objects.get(pk=response.json()["file_id"])
    with PillowImage.open(stored.file.path) as saved:
        assert not saved.getexif()


def test_plain_names_with_double_dots_are_fine():
    from security.uploads import check_file_name

    check_file_name("Annex A v1..2.pdf")


@pytest.mark.parametrize(
    ("name", "content", "accepted"),
    [
        ("form-a.pdf", files.good_pdf(), True),
        ("form-a.pdf", files.HTML_PAGE, False),
        ("form-a.exe", files.WINDOWS_PROGRAM, False),
    ],
)
def test_field_validator_checks_only_new_files(name, content, accepted):
    """``validate_uploaded_file`` is ready for any FileField (e.g. a stage's application form)."""
    from django.core.exceptions import ValidationError
    from django.db.models.fields.files import FieldFile, FileField

    from security.uploads import validate_uploaded_file

    field_file = FieldFile(None, FileField(name="file"), name)
    field_file.file = SimpleUploadedFile(name, content)
    field_file._committed = False
    if accepted:
        validate_uploaded_file(field_file)
    else:
        with pytest.raises(ValidationError):
            validate_uploaded_file(field_file)
    field_file._committed = True
    validate_uploaded_file(field_file)  # stored files are not re-read
