"""Checks on uploaded agreement files: documents real PDFs, diagrams real images, forms PDF/Office.

The checks are shared with the media library and live in ``security.uploads``, so a file the
media library refuses is refused here too, with the same plain-words message.
"""

from pathlib import PurePosixPath

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat

from security.uploads import (
    IMAGE_KINDS,
    MAX_PDF_BYTES,
    PdfInfo,
    inspect_pdf,
    inspect_upload,
    validate_application_form,
)

__all__ = [
    "MAX_PDF_BYTES",
    "PdfInfo",
    "inspect_pdf",
    "validate_application_form",
    "validate_image_size",
]

MAX_IMAGE_BYTES = 5 * 1024 * 1024


def validate_image_size(image):
    """Check a diagram upload by content and bound it: pages show it inline on every visit."""
    if not image or getattr(image, "_committed", False):
        return  # only new uploads are checked; a stored file may live on remote storage
    if image.size > MAX_IMAGE_BYTES:
        raise ValidationError(
            "This image is %(size)s; images may be at most %(limit)s.",
            code="too_large",
            params={"size": filesizeformat(image.size), "limit": filesizeformat(MAX_IMAGE_BYTES)},
        )
    name = PurePosixPath((image.name or "").replace("\\", "/")).name
    inspect_upload(name, image, allowed=IMAGE_KINDS)
