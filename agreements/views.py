"""Public views of agreement data that live outside CMS pages."""

import logging

from cms.toolbar.utils import get_object_preview_url
from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import content_disposition_header, urlencode
from django.views.decorators.http import require_safe

from operations.storage import open_for_download
from security.uploads import FORM_CONTENT_TYPES

from .models import AgreementContent, AgreementDocument, ApplicationStage
from .selectors import PREVIEW_PARAMETER, agreement_contents_for, can_see_drafts, sees_drafts
from .services import page_content

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
    content = get_object_or_404(
        agreement_contents_for(request, toolbar_mode=False), agreement__slug=slug
    )
    document = get_object_or_404(
        AgreementDocument.objects.all(), agreement=content, **_document_lookup(name)
    )
    document.agreement = content
    if not document.file:
        raise Http404("This document has not been uploaded yet.")
    return _serve(request, document.file, "application/pdf", document.download_filename)


@require_safe
def form_download(request, slug, name, extension):
    """Serve an application form under a stable address built from its stage and title.

    ``peru/forms/2-registration-form.docx`` keeps working when the file is replaced; the ending
    is the one checked against the content on upload, and the content type follows from it.
    """
    stage_order = name.split("-", 1)[0]
    content = get_object_or_404(
        agreement_contents_for(request, toolbar_mode=False), agreement__slug=slug
    )
    stage = get_object_or_404(
        ApplicationStage.objects.prefetch_related("requirements"),
        agreement=content,
        order=int(stage_order),
    )
    stage.agreement = content
    for requirement in stage.requirements.all():
        requirement.stage = stage
        if requirement.file and requirement.url_name == name:
            break
    else:
        raise Http404("No form has this address.")
    if requirement.extension != extension or extension not in FORM_CONTENT_TYPES:
        raise Http404("No form has this address.")
    return _serve(
        request,
        requirement.file,
        FORM_CONTENT_TYPES[extension],
        requirement.download_filename,
    )


def _serve(request, file, content_type, download_name):
    """Stream ``file`` as a download; a file lost from storage is a 404, never a 500.

    A store that is down or hangs is not a missing file: ``open_for_download`` raises
    ``StorageUnavailable`` within seconds and the visitor gets the 503 page.
    """
    try:
        handle = open_for_download(file, fetch=request.method != "HEAD")
    except FileNotFoundError as exc:
        logger.error("File missing from storage: %s (%s)", file.name, exc)
        raise Http404("The file is missing.") from exc
    disposition = content_disposition_header(False, download_name)
    if request.method == "HEAD":
        # Answer with the headers only; no need to stream the file.
        try:
            size = file.size
        except OSError:
            size = None
        handle.close()
        response = HttpResponse(content_type=content_type)
        if size is not None:
            response["Content-Length"] = str(size)
    else:
        response = FileResponse(handle, content_type=content_type)
    response["Content-Disposition"] = disposition
    if sees_drafts(request, toolbar_mode=False):
        # Staff get the current draft's file: never for a shared cache.
        patch_cache_control(response, private=True, no_cache=True)
        patch_vary_headers(response, ["Cookie"])
    else:
        response["Cache-Control"] = "public, max-age=300"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@staff_member_required
def preview(request, pk):
    """Staff preview of one version of agreement data: its overview page, in the CMS's preview
    mode, showing that version (the ``preview_url`` of the versioning registration)."""
    if not can_see_drafts(request.user):
        raise PermissionDenied
    content = get_object_or_404(AgreementContent.admin_manager.select_related("agreement"), pk=pk)
    page = content.agreement.page
    if page is None:
        raise Http404("This agreement has no pages yet.")
    url = get_object_preview_url(page_content(page))
    separator = "&" if "?" in url else "?"
    return redirect(url + separator + urlencode({PREVIEW_PARAMETER: content.pk}))
