"""Public views of agreement data that live outside CMS pages."""

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe

from .models import AgreementDocument


@require_safe
def document_download(request, slug, name):
    """Serve a signed document under its stable URL, whatever file currently backs it."""
    if name == "main-text":
        lookup = {"kind": AgreementDocument.Kind.MAIN_TEXT}
    else:
        lookup = {
            "kind": AgreementDocument.Kind.ANNEX,
            "letter": name.removeprefix("annex-").upper(),
        }
    document = get_object_or_404(
        AgreementDocument.objects.select_related("agreement"), agreement__slug=slug, **lookup
    )
    if not document.file:
        raise Http404("This document has not been uploaded yet.")
    try:
        handle = document.file.open("rb")
    except (FileNotFoundError, OSError) as exc:
        raise Http404("The file for this document is missing.") from exc
    response = FileResponse(
        handle,
        content_type="application/pdf",
        as_attachment=False,
        filename=document.download_filename,
    )
    response["Cache-Control"] = "public, max-age=300"
    return response
