"""One set of checks for every file an editor uploads: the media library and agreement documents.

Only PDF documents and PNG, JPEG or WebP images are accepted, judged by their content rather than
their name; a PDF must parse, and sizes are bounded so a single upload cannot exhaust memory or
disk. Every refusal is a ValidationError written for a government officer: it says what is wrong
and what to do, and it is raised before anything is stored.
"""

import unicodedata
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from PIL import Image, UnidentifiedImageError
from pypdf import PdfReader
from pypdf.errors import PyPdfError

MAX_PDF_BYTES = 20 * 1024 * 1024
MAX_IMAGE_BYTES = 10 * 1024 * 1024
MAX_IMAGE_PIXELS = 40_000_000
MAX_NAME_LENGTH = 150

PDF, PNG, JPEG, WEBP = "pdf", "png", "jpeg", "webp"
ALL_KINDS = frozenset({PDF, PNG, JPEG, WEBP})
KIND_LABELS = {
    PDF: "a PDF document",
    PNG: "a PNG image",
    JPEG: "a JPEG image",
    WEBP: "a WebP image",
}
EXTENSION_KINDS = {".pdf": PDF, ".png": PNG, ".jpg": JPEG, ".jpeg": JPEG, ".webp": WEBP}
PILLOW_FORMATS = {PNG: "PNG", JPEG: "JPEG", WEBP: "WEBP"}
ACCEPTED = "The media library accepts only PDF documents and PNG, JPEG or WebP images."

# Recognised but refused content, so the message can say what the file really is.
REFUSED_SIGNATURES = [
    (b"MZ", "a Windows program"),
    (b"\x7fELF", "a program"),
    (b"PK\x03\x04", "a compressed archive (ZIP) or an Office document"),
    (b"Rar!", "a compressed archive (RAR)"),
    (b"7z\xbc\xaf", "a compressed archive (7-Zip)"),
    (b"\x1f\x8b", "a compressed archive (gzip)"),
    (b"GIF8", "a GIF image"),
    (b"\xd0\xcf\x11\xe0", "an old-style Office document"),
]


@dataclass(frozen=True)
class PdfInfo:
    size: int
    page_count: int


@dataclass(frozen=True)
class UploadInfo:
    kind: str
    size: int
    page_count: int | None = None
    width: int | None = None
    height: int | None = None


def check_file_name(name):
    """Refuse names that carry folders, parent-folder steps, hidden or control characters.

    Storage back ends build their own paths, but a name such as ``../../settings.py`` is never
    what an editor meant and must not reach a path or a page.
    """
    name = name or ""
    plain = (
        name
        and len(name) <= MAX_NAME_LENGTH
        and "/" not in name
        and "\\" not in name
        and not name.startswith(".")
        and not any(unicodedata.category(char)[0] == "C" for char in name)
    )
    if not plain:
        raise ValidationError(
            'The file name "%(name)s" contains folder parts or special characters. Rename the '
            'file to a plain name such as "annex-a.pdf" and upload it again.',
            code="bad_name",
            params={"name": name[:MAX_NAME_LENGTH]},
        )


def _read_head(file, length=2048):
    file.seek(0)
    head = file.read(length)
    file.seek(0)
    return head


def sniff(head):
    """The accepted kind ``head`` starts like, or None."""
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return WEBP
    # The PDF header may follow a few stray bytes, but never markup (an HTML page is not a PDF).
    position = head[:1024].find(b"%PDF-")
    if position != -1 and b"<" not in head[:position]:
        return PDF
    return None


def describe(head):
    """Plain words for content we refuse."""
    for signature, label in REFUSED_SIGNATURES:
        if head.startswith(signature):
            return label
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if b"<svg" in text or (text.startswith(b"<?xml") and b"svg" in text):
        return "an SVG drawing (it can carry scripts)"
    if text.startswith((b"<!doctype html", b"<html", b"<head", b"<body", b"<script")) or (
        b"<html" in text or b"<script" in text
    ):
        return "a web page (HTML)"
    if text.startswith(b"<"):
        return "a markup (XML) file"
    return "a file of a type that is not accepted"


def _refuse_kind(name, head):
    raise ValidationError(
        '"%(name)s" is %(what)s. %(accepted)s',
        code="type_not_accepted",
        params={"name": name, "what": describe(head), "accepted": ACCEPTED},
    )


def _check_size(size, limit, label):
    if size > limit:
        raise ValidationError(
            "This file is %(size)s; %(label)s may be at most %(limit)s. "
            "Make it smaller and upload it again.",
            code="too_large",
            params={"size": filesizeformat(size), "limit": filesizeformat(limit), "label": label},
        )


def _parse_pdf(file):
    file.seek(0)
    try:
        reader = PdfReader(file, strict=False)
        if reader.is_encrypted:
            raise ValidationError(
                "This PDF is password-protected; upload a copy without a password.",
                code="encrypted",
            )
        page_count = len(reader.pages)
    except ValidationError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, OSError, AttributeError) as exc:
        raise ValidationError(
            "This PDF is damaged and cannot be read (%(reason)s). Export it again and retry.",
            code="unreadable",
            params={"reason": str(exc)[:120] or exc.__class__.__name__},
        ) from exc
    finally:
        file.seek(0)
    if page_count < 1:
        raise ValidationError(
            "This PDF has no pages. Export it again and retry.", code="unreadable"
        )
    return page_count


def _inspect_image(file, kind):
    """Open the header only, bound the pixel count, then verify the whole file's structure."""
    file.seek(0)
    try:
        with Image.open(file) as image:
            width, height = image.size
            found = image.format
            if width * height > MAX_IMAGE_PIXELS:
                raise ValidationError(
                    "This image is %(width)s × %(height)s pixels (%(mp)s megapixels); images may "
                    "have at most %(limit)s megapixels. Resize it and upload it again.",
                    code="too_many_pixels",
                    params={
                        "width": width,
                        "height": height,
                        "mp": round(width * height / 1_000_000, 1),
                        "limit": MAX_IMAGE_PIXELS // 1_000_000,
                    },
                )
            image.verify()
    except ValidationError:
        raise
    except Image.DecompressionBombError as exc:
        raise ValidationError(
            "This image has far too many pixels to be shown safely; images may have at most "
            "%(limit)s megapixels. Resize it and upload it again.",
            code="too_many_pixels",
            params={"limit": MAX_IMAGE_PIXELS // 1_000_000},
        ) from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise ValidationError(
            "This image is damaged and cannot be read. Save it again and retry.",
            code="unreadable",
        ) from exc
    finally:
        file.seek(0)
    if found != PILLOW_FORMATS[kind]:
        raise ValidationError(
            "This image cannot be read as %(label)s. Save it again and retry.",
            code="unreadable",
            params={"label": KIND_LABELS[kind]},
        )
    return width, height


def inspect_upload(name, file, *, allowed=ALL_KINDS):
    """Check an upload by name and content; return what it is, or raise ValidationError.

    ``file`` is any Django File (an UploadedFile or an uncommitted FieldFile).
    """
    check_file_name(name)
    head = _read_head(file)
    kind = sniff(head)
    if kind is None or kind not in allowed:
        if kind is not None:
            raise ValidationError(
                '"%(name)s" is %(what)s, but only %(allowed)s can be uploaded here.',
                code="type_not_accepted",
                params={
                    "name": name,
                    "what": KIND_LABELS[kind],
                    "allowed": " or ".join(sorted(KIND_LABELS[k] for k in allowed)),
                },
            )
        _refuse_kind(name, head)
    named_kind = EXTENSION_KINDS.get(PurePosixPath(name).suffix.lower())
    if named_kind != kind:
        raise ValidationError(
            'The name "%(name)s" does not match its content, which is %(what)s. Give the file '
            "the right ending (%(suffix)s) and upload it again.",
            code="name_mismatch",
            params={
                "name": name,
                "what": KIND_LABELS[kind],
                "suffix": ".jpg" if kind == JPEG else f".{kind}",
            },
        )
    size = file.size
    if kind == PDF:
        _check_size(size, MAX_PDF_BYTES, "PDF documents")
        return UploadInfo(kind=kind, size=size, page_count=_parse_pdf(file))
    _check_size(size, MAX_IMAGE_BYTES, "images")
    width, height = _inspect_image(file, kind)
    return UploadInfo(kind=kind, size=size, width=width, height=height)


def inspect_pdf(uploaded, *, max_bytes=MAX_PDF_BYTES):
    """Return the size and page count of a PDF upload, or raise ValidationError in plain words."""
    full_name = (uploaded.name or "").replace("\\", "/")
    name = PurePosixPath(full_name).name
    # A stored path has folders; only a step up out of them is refused.
    check_file_name(full_name if ".." in PurePosixPath(full_name).parts else name)
    head = _read_head(uploaded)
    if sniff(head) != PDF:
        raise ValidationError(
            '"%(name)s" is not a PDF: it is %(what)s. Save or export the document as PDF and '
            "upload it again.",
            code="not_pdf",
            params={"name": name, "what": KIND_LABELS.get(sniff(head)) or describe(head)},
        )
    if PurePosixPath(name).suffix.lower() != ".pdf":
        raise ValidationError(
            'The name "%(name)s" does not end in ".pdf", but its content is a PDF document. '
            'Rename it to end in ".pdf" and upload it again.',
            code="name_mismatch",
            params={"name": name},
        )
    _check_size(uploaded.size, max_bytes, "PDF documents")
    return PdfInfo(size=uploaded.size, page_count=_parse_pdf(uploaded))


def validate_filer_upload(file_name, file, owner, mime_type):
    """django-filer's upload validator hook (``FILER_ADD_FILE_VALIDATORS``)."""
    inspect_upload(file_name, file)


def validate_uploaded_file(value):
    """Model field validator: run the media library's checks on a newly chosen file.

    Files already stored are not re-read, so editing other fields of a record stays cheap.
    """
    if not value or getattr(value, "_committed", True):
        return
    name = PurePosixPath((value.name or "").replace("\\", "/")).name
    inspect_upload(name, value)


# --- Application forms: PDF, Word (.docx) or Excel (.xlsx) ---
# Forms an applicant downloads and fills in. Word and Excel files are zip packages (OOXML); they
# are opened as zips and must carry the package index and the right main part. Macro-enabled
# variants (.docm, .xlsm, any vbaProject.bin) are refused: they can run code on the applicant's
# computer.

MAX_FORM_BYTES = 20 * 1024 * 1024
MAX_FORM_UNPACKED_BYTES = 200 * 1024 * 1024  # a zip that inflates beyond this is refused
DOCX, XLSX = "docx", "xlsx"
FORM_KIND_LABELS = {PDF: "a PDF document", DOCX: "a Word document", XLSX: "an Excel workbook"}
FORM_CONTENT_TYPES = {
    PDF: "application/pdf",
    DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
FORMS_ACCEPTED = (
    "Application forms can be PDF documents, Word documents (.docx) or Excel workbooks (.xlsx)."
)
_OOXML_MAIN_PARTS = {
    DOCX: ("word/document.xml", b"wordprocessingml.document.main+xml"),
    XLSX: ("xl/workbook.xml", b"spreadsheetml.sheet.main+xml"),
}
_MACRO_SUFFIXES = {".docm", ".xlsm", ".dotm", ".xltm", ".xlsb", ".xlam"}


def _refuse_form(name, what):
    raise ValidationError(
        '"%(name)s" is %(what)s. %(accepted)s',
        code="type_not_accepted",
        params={"name": name, "what": what, "accepted": FORMS_ACCEPTED},
    )


def _ooxml_kind(name, file):
    """``docx`` or ``xlsx`` for a real, macro-free Office package; ValidationError otherwise."""
    import zipfile

    file.seek(0)
    try:
        with zipfile.ZipFile(file) as package:
            entries = package.infolist()
            names = {entry.filename for entry in entries}
            if sum(entry.file_size for entry in entries) > MAX_FORM_UNPACKED_BYTES:
                _refuse_form(name, "a compressed file that unpacks to far too much data")
            if "[Content_Types].xml" not in names:
                _refuse_form(name, "a compressed archive (ZIP), not a Word or Excel file")
            content_types = package.read("[Content_Types].xml")[:1_000_000]
    except zipfile.BadZipFile as exc:
        raise ValidationError(
            'The Office file "%(name)s" is damaged and cannot be read. Save it again and retry.',
            code="unreadable",
            params={"name": name},
        ) from exc
    finally:
        file.seek(0)
    if b"macroenabled" in content_types.lower() or any(
        entry.lower().endswith("vbaproject.bin") for entry in names
    ):
        raise ValidationError(
            '"%(name)s" contains macros, which could run code on an applicant\'s computer. Save '
            "it as a macro-free Word document (.docx) or Excel workbook (.xlsx) and upload it "
            "again.",
            code="macros",
            params={"name": name},
        )
    for kind, (part, content_type) in _OOXML_MAIN_PARTS.items():
        if part in names and content_type in content_types:
            return kind
    _refuse_form(name, "an Office file of a kind that is not accepted")


def inspect_application_form(uploaded, *, max_bytes=MAX_FORM_BYTES):
    """Check an application form by content; return its kind (``pdf``, ``docx`` or ``xlsx``)."""
    full_name = (uploaded.name or "").replace("\\", "/")
    name = PurePosixPath(full_name).name
    check_file_name(full_name if ".." in PurePosixPath(full_name).parts else name)
    suffix = PurePosixPath(name).suffix.lower()
    if suffix in _MACRO_SUFFIXES:
        raise ValidationError(
            '"%(name)s" is a macro-enabled Office file, and macros could run code on an '
            "applicant's computer. Save it as a Word document (.docx) or Excel workbook (.xlsx) "
            "and upload it again.",
            code="macros",
            params={"name": name},
        )
    _check_size(uploaded.size, max_bytes, "application forms")
    head = _read_head(uploaded)
    if sniff(head) == PDF:
        kind = PDF
    elif head.startswith(b"PK\x03\x04"):
        kind = _ooxml_kind(name, uploaded)
    else:
        what = KIND_LABELS.get(sniff(head)) or describe(head)
        _refuse_form(name, what)
    if suffix != f".{kind}":
        raise ValidationError(
            'The name "%(name)s" does not match its content, which is %(what)s. Give the file '
            "the right ending (.%(kind)s) and upload it again.",
            code="name_mismatch",
            params={"name": name, "what": FORM_KIND_LABELS[kind], "kind": kind},
        )
    if kind == PDF:
        _parse_pdf(uploaded)
    return kind


def validate_application_form(value):
    """Model field validator for application forms; files already stored are not re-read."""
    if not value or getattr(value, "_committed", True):
        return
    inspect_application_form(value)
