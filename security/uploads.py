"""One set of checks for every file an editor uploads: the media library and agreement documents.

The domain's model validators and form fields (``agreements``) and the media library's hook
(``editorial.uploads``) both call these, so every upload path refuses the same files with the
same message.

Only PDF documents and PNG, JPEG or WebP images are accepted, judged by their content rather than
their name; a PDF must parse, and sizes are bounded so a single upload cannot exhaust memory or
disk. Every refusal is a ValidationError written for a government officer: it says what is wrong
and what to do, and it is raised before anything is stored.

Files that could carry active content never go out, and each type is handled the way that keeps
the editor's file intact where it matters:

- PDFs are refused, not rewritten, when they carry JavaScript, a launch or form-submit action,
  embedded files, XFA forms or embedded media, or when other content (an HTML page, say) sits
  before the PDF header or after its end. Signed documents are official texts: the site publishes
  the very bytes the parties signed, so a PDF is never silently altered; the editor is told what
  was found and how to export a clean copy.
- Images are always re-encoded from their pixels with Pillow. Whatever rode along (data appended
  after the image, text chunks, EXIF and GPS data, a ZIP or HTML polyglot tail) is dropped, and
  the image looks the same. Images with too many pixels (decompression bombs) are refused before
  they are decoded.
- Office files (application forms) are refused when they carry macros, ActiveX controls, embedded
  OLE objects, DDE fields or links to remote templates or workbooks.
- File names with folder parts, control characters or hidden text-direction marks are refused:
  such a name is never what an editor meant, and a right-to-left override is the classic way of
  disguising ``annex.exe`` as ``annexe.pdf``. (Django's own upload parser already drops folder
  parts from browser uploads; the media library's raw uploads take the name from the address.)
"""

import io
import re
import unicodedata
import warnings
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.defaultfilters import filesizeformat
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError
from pypdf import PdfReader
from pypdf.errors import PyPdfError
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

MAX_PDF_BYTES = 20 * 1024 * 1024
MAX_IMAGE_BYTES = 10 * 1024 * 1024
MAX_IMAGE_PIXELS = 40_000_000
MAX_NAME_LENGTH = 150

PDF, PNG, JPEG, WEBP = "pdf", "png", "jpeg", "webp"
ALL_KINDS = frozenset({PDF, PNG, JPEG, WEBP})
IMAGE_KINDS = frozenset({PNG, JPEG, WEBP})
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


# Characters that reorder or hide text: a name carrying one displays differently from what it is.
BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)


def visible_name(name):
    """``name`` safe to show on a page: hidden and control characters are written as U+XXXX."""
    return "".join(
        f"[U+{ord(char):04X}]" if unicodedata.category(char)[0] == "C" else char
        for char in (name or "")[:MAX_NAME_LENGTH]
    )


def check_file_name(name):
    """Refuse names that carry folders, parent-folder steps, hidden or control characters.

    Storage back ends build their own paths, but a name such as ``../../settings.py`` is never
    what an editor meant and must not reach a path or a page. A text-direction mark makes a name
    read differently from what it is (``annex[U+202E]fdp.exe`` shows as ``annexexe.pdf``).
    """
    name = name or ""
    if any(char in BIDI_CONTROLS for char in name):
        raise ValidationError(
            'The file name "%(name)s" contains a hidden character that reverses the direction of '
            "the text, so the name shows a different file type from the real one (a trick used "
            "to disguise programs as documents). Rename the file to a plain name such as "
            '"annex-a.pdf" and upload it again.',
            code="bad_name",
            params={"name": visible_name(name)},
        )
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
            params={"name": visible_name(name)},
        )


def _read_head(file, length=2048):
    file.seek(0)
    head = file.read(length)
    file.seek(0)
    return head


def sniff(head):
    """The accepted kind ``head`` starts like, or None.

    A PDF must start with its header: readers accept one up to 1,024 bytes in, which is what
    PDF/HTML polyglots use, so anything before the header makes the file something else.
    """
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return WEBP
    if head.startswith(b"%PDF-"):
        return PDF
    return None


def _describe_start(head):
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
    return None


def describe(head):
    """Plain words for content we refuse."""
    what = _describe_start(head)
    if b"%PDF-" in head[1:1024]:
        # Built to be read as two types at once: say so, it is the finding that matters.
        return f"{what or 'a file of another type'} with a PDF hidden inside it"
    return what or "a file of a type that is not accepted"


def _allowed_words(allowed):
    if allowed == IMAGE_KINDS:
        return "PNG, JPEG or WebP images"
    return " or ".join(sorted(KIND_LABELS[kind] for kind in allowed))


def _refuse_kind(name, head, allowed=ALL_KINDS):
    if allowed == ALL_KINDS:
        accepted = ACCEPTED
    else:
        accepted = f"Only {_allowed_words(allowed)} can be uploaded here."
    raise ValidationError(
        '"%(name)s" is %(what)s. %(accepted)s',
        code="type_not_accepted",
        params={"name": name, "what": describe(head), "accepted": accepted},
    )


def _check_size(size, limit, label):
    if size > limit:
        raise ValidationError(
            "This file is %(size)s; %(label)s may be at most %(limit)s. "
            "Make it smaller and upload it again.",
            code="too_large",
            params={"size": filesizeformat(size), "limit": filesizeformat(limit), "label": label},
        )


# --- Active content in PDFs ---
# What a reader's PDF viewer could run or open by itself, in the words an editor is shown. Plain
# links (/URI to a web address) and "open at page N" destinations are ordinary and accepted.
_PDF_ACTIONS = {
    "/JavaScript": "JavaScript",
    "/Launch": "an action that starts a program or opens a file (/Launch)",
    "/SubmitForm": "a form that sends data to a server",
    "/ImportData": "an action that imports data from another file",
    "/GoToR": "a link that opens another file on the reader's computer",
    "/GoToE": "a link into an embedded file",
    "/Rendition": "a media action (it can carry JavaScript)",
    "/RichMediaExecute": "embedded Flash or media (RichMedia)",
    "/Movie": "an embedded movie",
    "/Sound": "an embedded sound",
}
_PDF_KEYS = {
    "/JS": "JavaScript",
    "/JavaScript": "JavaScript",
    "/EmbeddedFiles": "embedded (attached) files",
    "/EF": "embedded (attached) files",
    "/XFA": "an XFA form (it can carry scripts)",
    "/RichMedia": "embedded Flash or media (RichMedia)",
    "/RichMediaContent": "embedded Flash or media (RichMedia)",
}
_PDF_SUBTYPES = {
    "/FileAttachment": "embedded (attached) files",
    "/RichMedia": "embedded Flash or media (RichMedia)",
    "/Movie": "an embedded movie",
    "/Sound": "an embedded sound",
    "/Screen": "embedded media (a screen annotation)",
    "/3D": "an embedded 3D model (it can carry JavaScript)",
}
_PDF_TYPES = {"/EmbeddedFile": "embedded (attached) files"}
_URI_SCHEME = re.compile(r"^\s*([A-Za-z][A-Za-z0-9+.-]*):")
_SAFE_URI_SCHEMES = {"http", "https", "mailto", "tel"}


def _unsafe_uri(uri):
    """A link a viewer would hand to something other than a browser or mail program."""
    uri = str(uri).strip()
    scheme = _URI_SCHEME.match(uri)
    return uri.startswith("\\\\") or bool(
        scheme and scheme.group(1).lower() not in _SAFE_URI_SCHEMES
    )


MAX_PDF_OBJECTS = 2_000_000  # a reachable-object walk beyond this is refused, not endured

# The same names found in the file's bytes outside its streams: a second look that does not
# depend on how one parser resolves a damaged cross-reference table. Names may hide letters as
# #xx escapes (/J#61vaScript), so escapes are decoded first.
_RAW_PDF_NAMES = {
    b"/js": "JavaScript",
    b"/javascript": "JavaScript",
    b"/launch": _PDF_ACTIONS["/Launch"],
    b"/submitform": _PDF_ACTIONS["/SubmitForm"],
    b"/importdata": _PDF_ACTIONS["/ImportData"],
    b"/embeddedfile": _PDF_KEYS["/EmbeddedFiles"],
    b"/embeddedfiles": _PDF_KEYS["/EmbeddedFiles"],
    b"/xfa": _PDF_KEYS["/XFA"],
    b"/richmedia": _PDF_KEYS["/RichMedia"],
}
_RAW_MARKUP = re.compile(rb"<(script|html|body|iframe|svg|object|embed|form)[\s>/]", re.IGNORECASE)
_STREAM = re.compile(rb"stream\r?\n.*?endstream", re.DOTALL)
_NAME = re.compile(rb"/[^\s/<>\[\]()%{}]*")
_NAME_ESCAPE = re.compile(rb"#([0-9a-fA-F]{2})")
_TAIL_ALLOWED = b" \t\r\n\x00\x0c"


def _raw_pdf_findings(data):
    """Findings in the bytes outside streams, and whether data follows the final %%EOF."""
    findings = []
    outside = _STREAM.sub(b" ", data)
    for match in _NAME.finditer(outside):
        token = _NAME_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), match.group()).lower()
        if token in _RAW_PDF_NAMES:
            findings.append(_RAW_PDF_NAMES[token])
    if _RAW_MARKUP.search(outside):
        findings.append("web page code (HTML) mixed into the PDF")
    end = data.rfind(b"%%EOF")
    if end != -1 and data[end + 5 :].strip(_TAIL_ALLOWED):
        findings.append("other data after the end of the PDF")
    return findings


def _object_findings(reader):
    """Walk every object reachable from the trailer and name the active content found."""
    findings = []
    seen = set()
    stack = [reader.trailer]
    visited = 0
    while stack:
        node = stack.pop()
        visited += 1
        if visited > MAX_PDF_OBJECTS:
            findings.append("more objects than can be checked")
            break
        if isinstance(node, IndirectObject):
            key = (node.idnum, node.generation)
            if key in seen:
                continue
            seen.add(key)
            node = node.get_object()
        if isinstance(node, DictionaryObject):
            for key, value in node.items():
                if key in _PDF_KEYS:
                    findings.append(_PDF_KEYS[key])
                if key == "/S" and value in _PDF_ACTIONS:
                    findings.append(_PDF_ACTIONS[value])
                if key == "/Subtype" and value in _PDF_SUBTYPES:
                    findings.append(_PDF_SUBTYPES[value])
                if key == "/Type" and value in _PDF_TYPES:
                    findings.append(_PDF_TYPES[value])
                if key == "/URI" and _unsafe_uri(value.get_object()):
                    findings.append("a link to something other than a web or e-mail address")
                if key != "/Parent":
                    stack.append(value)
        elif isinstance(node, ArrayObject):
            stack.extend(node)
    return findings


def _refuse_active_pdf(name, findings):
    unique = list(dict.fromkeys(findings))
    found = unique[0] if len(unique) == 1 else ", ".join(unique[:-1]) + " and " + unique[-1]
    raise ValidationError(
        '"%(name)s" contains %(found)s. Content like this can run on a reader\'s computer or '
        "disguise the file, so it is not published. Make a clean copy (in your PDF reader choose "
        'Print, then "Save as PDF", or export the document again with interactive features and '
        "attachments turned off) and upload that file.",
        code="active_content",
        params={"name": name, "found": found},
    )


def _parse_pdf(file, name="This PDF"):
    """The page count of a PDF; refused if damaged, encrypted or carrying active content."""
    file.seek(0)
    try:
        reader = PdfReader(file, strict=False)
        if reader.is_encrypted:
            raise ValidationError(
                "This PDF is password-protected; upload a copy without a password.",
                code="encrypted",
            )
        page_count = len(reader.pages)
        findings = _object_findings(reader)
    except ValidationError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, OSError, AttributeError) as exc:
        raise ValidationError(
            "This PDF is damaged and cannot be read (%(reason)s). Export it again and retry.",
            code="unreadable",
            params={"reason": str(exc)[:120] or exc.__class__.__name__},
        ) from exc
    except RecursionError as exc:
        raise ValidationError(
            "This PDF is built too deeply to be checked. Export it again and retry.",
            code="unreadable",
        ) from exc
    finally:
        file.seek(0)
    if page_count < 1:
        raise ValidationError(
            "This PDF has no pages. Export it again and retry.", code="unreadable"
        )
    file.seek(0)
    data = file.read()
    file.seek(0)
    findings += _raw_pdf_findings(data)
    if findings:
        _refuse_active_pdf(name, findings)
    return page_count


def _inspect_image(file, kind):
    """Open the header only, bound the pixel count, then verify the whole file's structure."""
    file.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(file)
        with image:
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
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
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
                    "allowed": _allowed_words(allowed),
                },
            )
        _refuse_kind(name, head, allowed)
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
        return UploadInfo(kind=kind, size=size, page_count=_parse_pdf(file, name))
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
    return PdfInfo(size=uploaded.size, page_count=_parse_pdf(uploaded, name))


def _keepable_icc_profile(image):
    """The image's colour profile if it is a real one (it keeps colours right), else None."""
    profile = image.info.get("icc_profile")
    if not profile or len(profile) > 1_000_000:
        return None
    try:
        ImageCms.ImageCmsProfile(io.BytesIO(profile))
    except (ImageCms.PyCMSError, OSError, TypeError, ValueError):
        return None
    return profile


def reencode_image(file, kind):
    """A fresh encoding of the image's pixels, as bytes, in its own format.

    Only the pixels (and a valid colour profile) are kept: data appended after the image, text
    chunks, EXIF/GPS data and any polyglot payload are left behind. A photo's EXIF orientation is
    applied to the pixels so it still shows the right way up. Animated images keep their first
    frame. Call only after ``inspect_upload`` has bounded the pixel count.
    """
    file.seek(0)
    try:
        with Image.open(file) as image:
            orientation = image.getexif().get(0x0112, 1)
            options = {"format": PILLOW_FORMATS[kind]}
            icc_profile = _keepable_icc_profile(image)
            if icc_profile:
                options["icc_profile"] = icc_profile
            if kind == JPEG:
                if orientation == 1:
                    options.update(quality="keep", subsampling="keep")
                else:
                    options.update(quality=90)
            elif kind == WEBP:
                options.update(quality=90)
            if kind == PNG and "transparency" in image.info:
                options["transparency"] = image.info["transparency"]
            image.load()
            pixels = ImageOps.exif_transpose(image) if orientation != 1 else image
            output = io.BytesIO()
            pixels.save(output, **options)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise ValidationError(
            "This image is damaged and cannot be read. Save it again and retry.",
            code="unreadable",
        ) from exc
    finally:
        file.seek(0)
    return output.getvalue()


class CheckedImageField(forms.ImageField):
    """An image form field whose own checks and plain messages come first, then a clean copy.

    Django's ImageField opens the upload with Pillow and answers anything it cannot take
    (a decompression bomb, an SVG) with a generic "Upload a valid image". This field first runs
    the upload checks every other path runs, so the editor reads the same plain message there,
    then hands Django a re-encoded copy, so what is stored is the pixels and nothing else.
    Use it for any ImageField an editor fills in, e.g. through ``formfield_overrides``.
    """

    def __init__(self, *args, allowed=IMAGE_KINDS, max_bytes=MAX_IMAGE_BYTES, **kwargs):
        self.allowed = frozenset(allowed)
        self.max_bytes = max_bytes
        super().__init__(*args, **kwargs)

    def to_python(self, data):
        # FileField's own checks (empty file, over-long name) do not open the image.
        upload = forms.FileField.to_python(self, data)
        if upload is None:
            return None
        name = PurePosixPath((upload.name or "").replace("\\", "/")).name
        check_file_name(name)
        _check_size(upload.size, self.max_bytes, "images")
        info = inspect_upload(name, upload, allowed=self.allowed)
        clean = SimpleUploadedFile(
            name,
            reencode_image(upload, info.kind),
            content_type=Image.MIME[PILLOW_FORMATS[info.kind]],
        )
        return super().to_python(clean)


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


# Parts and links through which an Office file can run code or fetch content when opened.
_OFFICE_ACTIVE_PARTS = [
    (re.compile(r"(^|/)vbaproject\.bin$|(^|/)vbadata\.xml$"), "macros"),
    (re.compile(r"(^|/)activex/"), "ActiveX controls"),
    (
        re.compile(r"(^|/)embeddings/.*\.(bin|docm|xlsm|pptm|dotm|xltm|exe|dll|js|vbs|hta)$"),
        "embedded objects (OLE) that can start programs",
    ),
]
_OFFICE_REMOTE_RELATIONSHIPS = {
    "attachedtemplate": "a link to a template on another computer",
    "oleobject": "a linked object (OLE) on another computer",
    "frame": "a frame that loads content from another computer",
    "subdocument": "a linked sub-document on another computer",
    "externallink": "links to workbooks on other computers",
    "externallinkpath": "links to workbooks on other computers",
}
_RELATIONSHIP = re.compile(rb"<Relationship\b[^>]*>", re.IGNORECASE)
_DDE_FIELD = re.compile(rb'(instrText[^>]*>|w:instr=")\s*DDE(AUTO)?\b', re.IGNORECASE)
MAX_OFFICE_XML_READ = 20 * 1024 * 1024  # each XML part is scanned up to this much


def _office_findings(package, names):
    """What in an Office package could run code or reach out when the file is opened."""
    findings = []
    for entry in names:
        for pattern, label in _OFFICE_ACTIVE_PARTS:
            if pattern.search(entry.lower()):
                findings.append(label)
    for entry in names:
        lower = entry.lower()
        if lower.endswith(".rels"):
            for relationship in _RELATIONSHIP.findall(package.read(entry)[:MAX_OFFICE_XML_READ]):
                if b'targetmode="external"' not in relationship.lower():
                    continue
                kind = re.search(rb'Type="[^"]*/([A-Za-z]+)"', relationship)
                label = kind and _OFFICE_REMOTE_RELATIONSHIPS.get(kind.group(1).decode().lower())
                if label:
                    findings.append(label)
        elif lower.startswith(("word/", "xl/externallinks/")) and lower.endswith(".xml"):
            with package.open(entry) as part:
                text = part.read(MAX_OFFICE_XML_READ)
            if _DDE_FIELD.search(text) or b"<ddelink" in text.lower():
                findings.append("a DDE field (it can start programs)")
    return list(dict.fromkeys(findings))


def _ooxml_kind(name, file):
    """``docx`` or ``xlsx`` for a real Office package free of active content; refused otherwise."""
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
            findings = _office_findings(package, names)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError) as exc:
        raise ValidationError(
            'The Office file "%(name)s" is damaged and cannot be read. Save it again and retry.',
            code="unreadable",
            params={"name": name},
        ) from exc
    finally:
        file.seek(0)
    if b"macroenabled" in content_types.lower() or "macros" in findings:
        raise ValidationError(
            '"%(name)s" contains macros, which could run code on an applicant\'s computer. Save '
            "it as a macro-free Word document (.docx) or Excel workbook (.xlsx) and upload it "
            "again.",
            code="macros",
            params={"name": name},
        )
    if findings:
        raise ValidationError(
            '"%(name)s" contains %(found)s, which could run code or fetch content on an '
            "applicant's computer. Remove them (or copy the content into a new, blank document), "
            "save it as a Word document (.docx) or Excel workbook (.xlsx) and upload it again.",
            code="active_content",
            params={"name": name, "found": " and ".join(findings)},
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
        _parse_pdf(uploaded, name)
    return kind


def validate_application_form(value):
    """Model field validator for application forms; files already stored are not re-read."""
    if not value or getattr(value, "_committed", True):
        return
    inspect_application_form(value)
