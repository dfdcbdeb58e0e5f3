"""Public views of agreement data that live outside CMS pages."""

import logging

from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_safe

from .models import AgreementDocument

logger = logging.getLogger(__name__)


def _document_lookup(name):
    if name == "main-text":
        return {"kind": AgreementDocument.Kind.MAIN_TEXT}
    return {"kind": AgreementDocument.Kind.ANNEX, "letter": name.removeprefix("annex-").upper()}


@require_safe
def document_download(request, slug, name):
    """Serve a signed document under its stable URL, whatever file currently backs it.

    The address names the agreement and the document (``peru/documents/annex-a.pdf``), never the
    stored file, so replacing the PDF in the admin keeps every published link working. A record
    without a file, or a file lost from storage, is a 404 page rather than a server error.
    """
    document = get_object_or_404(
        AgreementDocument.objects.select_related("agreement"),
        agreement__slug=slug,
        **_document_lookup(name),
    )
    if not document.file:
        raise Http404("This document has not been uploaded yet.")
    try:
        handle = document.file.open("rb")
    except OSError as exc:
        logger.error("Document file missing from storage: %s (%s)", document.file.name, exc)
        raise Http404("The file for this document is missing.") from exc
    disposition = content_disposition_header(False, document.download_filename)
    if request.method == "HEAD":
        # Answer with the headers only; no need to stream the file.
        try:
            size = document.file.size
        except OSError:
            size = None
        handle.close()
        response = HttpResponse(content_type="application/pdf")
        if size is not None:
            response["Content-Length"] = str(size)
    else:
        response = FileResponse(handle, content_type="application/pdf")
    response["Content-Disposition"] = disposition
    response["Cache-Control"] = "public, max-age=300"
    response["X-Content-Type-Options"] = "nosniff"
    return response
