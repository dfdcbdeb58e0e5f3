"""Text from uploaded PDFs, so a phrase inside a signed document can be found by search."""

import logging
import re

from pypdf import PdfReader
from pypdf.errors import PyPdfError

logger = logging.getLogger(__name__)

MAX_PAGES = 400
MAX_CHARS = 1_000_000
# Private-use characters mark highlights in snippets; they must never come from a document.
_UNWANTED = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ue000-\uf8ff]")
_SPACES = re.compile(r"[ \t\r\f\v]+")


def clean_text(text):
    text = _UNWANTED.sub(" ", text)
    text = _SPACES.sub(" ", text)
    return re.sub(r"\n\s*\n+", "\n", text).strip()


def extract_pdf_text(fileobj):
    """Return ``(text, problem)``: the PDF's text layer, or "" and why it could not be read.

    A scanned PDF without a text layer yields "" and no problem: there is nothing to index.
    """
    try:
        fileobj.seek(0)
        reader = PdfReader(fileobj, strict=False)
        if reader.is_encrypted:
            return "", "The PDF is password-protected."
        parts, size = [], 0
        for page in reader.pages[:MAX_PAGES]:
            chunk = page.extract_text() or ""
            parts.append(chunk)
            size += len(chunk)
            if size >= MAX_CHARS:
                break
        return clean_text("\n".join(parts))[:MAX_CHARS], ""
    except (PyPdfError, ValueError, KeyError, TypeError, OSError, RecursionError) as exc:
        logger.warning("Could not extract text from a PDF: %s", exc)
        return "", (str(exc) or exc.__class__.__name__)[:300]
