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

from .models import AgreementContent, AgreementDocument, FormerAddress, StageRequirement
from .selectors import PREVIEW_PARAMETER, agreement_contents_for, can_see_drafts, sees_drafts
from .services import page_content

logger = logging.getLogger(__name__)


@require_safe
def document_download(request, slug, name):
    """Serve a signed document under its stable URL, whatever file currently backs it.

    The address names the agreement and the document's stored address (``peru/documents/
    annex-a.pdf``), never the stored file, so replacing the PDF keeps every published link
    working; an address the editors have since changed answers a permanent redirect. The same
    address under ``/es/`` serves the Spanish file, or the English one while there is none. A record
    without a file, or a file lost from storage, is a 404 page rather than a server error.
    """
    content = get_object_or_404(
        agreement_contents_for(request, toolbar_mode=False), agreement__slug=slug
    )
    documents = AgreementDocument.objects.filter(agreement=content)
    document = documents.filter(slug=name).first()
    if document is None:
        document = _renamed(content, FormerAddress.Kind.DOCUMENT, name, documents)
        if document is None:
            raise Http404("No document has this address.")
        document.agreement = content
        return _moved(request, document.get_absolute_url())
    document.agreement = content
    if not document.file:
        raise Http404("This document has not been uploaded yet.")
    # Under /es/ the Spanish file when there is one; the English one otherwise.
    return _serve(request, document.shown_file, "application/pdf", document.download_filename)


@require_safe
def form_download(request, slug, name, extension):
    """Serve an application form under its stored address (``peru/forms/2-registration-form.docx``).

    The address is stored with the form, so renaming or reordering forms and stages never moves
    it, and it keeps working when the file is replaced; the ending is the one checked against the
    content on upload, and the content type follows from it. An address the editors have since
    changed answers a permanent redirect.
    """
    content = get_object_or_404(
        agreement_contents_for(request, toolbar_mode=False), agreement__slug=slug
    )
    forms = StageRequirement.objects.filter(stage__agreement=content).select_related("stage")
    requirement = forms.filter(slug=name).order_by("stage__order").first()
    if requirement is None:
        requirement = _renamed(content, FormerAddress.Kind.FORM, name, forms)
        if requirement is None or not requirement.file:
            raise Http404("No form has this address.")
        requirement.stage.agreement = content
        return _moved(request, requirement.get_absolute_url())
    requirement.stage.agreement = content
    if not requirement.file:
        raise Http404("No form has this address.")
    if requirement.extension != extension or extension not in FORM_CONTENT_TYPES:
        raise Http404("No form has this address.")
    return _serve(
        request,
        requirement.file,
        FORM_CONTENT_TYPES[extension],
        requirement.download_filename,
    )


def _moved(request, url):
    """A permanent redirect for visitors; staff who see a draft get a temporary one, since the
    draft's address may still change or be discarded and browsers keep a 301 for good."""
    return redirect(url, permanent=not sees_drafts(request, toolbar_mode=False))


def _renamed(content, kind, name, rows):
    """The row of ``rows`` now at the address ``name`` had before it was changed, or None."""
    current = (
        FormerAddress.objects.filter(agreement_id=content.agreement_id, kind=kind, old_slug=name)
        .values_list("new_slug", flat=True)
        .first()
    )
    return rows.filter(slug=current).first() if current else None


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
