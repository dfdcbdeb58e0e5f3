"""Checks on uploaded agreement documents: a PDF must really be a PDF, parse, and stay small.

The checks are shared with the media library and live in ``carbonsite.uploads``, so a file the
media library refuses is refused here too, with the same plain-words message.
"""

from carbonsite.uploads import MAX_PDF_BYTES, PdfInfo, inspect_pdf

__all__ = ["MAX_PDF_BYTES", "PdfInfo", "inspect_pdf"]
