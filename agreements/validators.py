"""Checks on uploaded files: a PDF must really be a PDF, parse, and stay within size limits."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from pypdf import PdfReader
from pypdf.errors import PyPdfError

MAX_PDF_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class PdfInfo:
    size: int
    page_count: int


def inspect_pdf(uploaded, *, max_bytes=MAX_PDF_BYTES):
    """Return the size and page count of ``uploaded``, or raise ValidationError in plain words."""
    size = uploaded.size
    if size > max_bytes:
        raise ValidationError(
            "This file is %(size)s; PDFs may be at most %(limit)s.",
            code="too_large",
            params={"size": filesizeformat(size), "limit": filesizeformat(max_bytes)},
        )
    uploaded.seek(0)
    header = uploaded.read(1024)
    uploaded.seek(0)
    if b"%PDF-" not in header:
        raise ValidationError(
            "This file is not a PDF (its content does not start like a PDF). "
            "Save or export the document as PDF and upload it again.",
            code="not_pdf",
        )
    try:
        reader = PdfReader(uploaded, strict=False)
        if reader.is_encrypted:
            raise ValidationError(
                "This PDF is password-protected; upload a copy without a password.",
                code="encrypted",
            )
        page_count = len(reader.pages)
    except (PyPdfError, ValueError, KeyError, TypeError, OSError) as exc:
        raise ValidationError(
            "This PDF is damaged and cannot be read (%(reason)s). Export it again and retry.",
            code="unreadable",
            params={"reason": str(exc)[:120] or exc.__class__.__name__},
        ) from exc
    finally:
        uploaded.seek(0)
    if page_count < 1:
        raise ValidationError("This PDF has no pages.", code="empty")
    return PdfInfo(size=size, page_count=page_count)


MAX_IMAGE_BYTES = 5 * 1024 * 1024


def validate_image_size(image):
    """Bound diagram uploads: the page shows them inline, so a huge file slows every visit."""
    if not image or getattr(image, "_committed", False):
        return  # only new uploads are measured; a stored file may live on remote storage
    if image.size > MAX_IMAGE_BYTES:
        raise ValidationError(
            "This image is %(size)s; images may be at most %(limit)s.",
            code="too_large",
            params={"size": filesizeformat(image.size), "limit": filesizeformat(MAX_IMAGE_BYTES)},
        )
