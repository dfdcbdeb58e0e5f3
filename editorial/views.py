"""The site's own pages for refusals: a permission denied and a failed CSRF check."""

from django.template.response import TemplateResponse
from django.utils.http import url_has_allowed_host_and_scheme


def _back_url(request):
    """Where "back" goes: the page the request came from, if it is on this site."""
    referer = request.META.get("HTTP_REFERER", "")
    if referer and url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return referer
    return ""


def permission_denied(request, exception=None):
    """403 page (``handler403``): the site's page, with the reason and a way back."""
    message = str(exception) if exception is not None else ""
    response = TemplateResponse(
        request,
        "403.html",
        {"exception": message, "back_url": _back_url(request)},
        status=403,
    )
    response.render()
    return response


def csrf_failure(request, reason=""):
    """``CSRF_FAILURE_VIEW``: the same page, explaining an expired form instead of Django's
    technical "CSRF verification failed" text. ``reason`` is for developers and not shown."""
    response = TemplateResponse(
        request, "403.html", {"csrf_failure": True, "back_url": _back_url(request)}, status=403
    )
    response.render()
    return response
