"""Response headers, the editors' content security policy and the admin's second factor.

The public site runs under a strict policy: no inline script or style, nothing from other
origins, no framing. Editors need the CMS toolbar and the admin, whose scripts add inline event
handlers and styles at run time and open admin pages in frames of the site; they get a wider
policy, and only once they are logged in as staff. Anonymous visitors never see it.

django CMS tags its toolbar scripts with a CSP nonce only from Django 6.1 on; on Django 5.2 the
editors' policy therefore allows inline script rather than a nonce (a nonce would disable
'unsafe-inline' and break the toolbar). Move to a nonce when the site runs Django 6.1.
"""

from csp.middleware import CSPMiddleware, PolicyParts
from csp.utils import default_config
from django.conf import settings
from django.contrib.admin.apps import AdminConfig
from django.core.exceptions import BadRequest
from django.http import HttpResponseRedirect, QueryDict
from django.urls import reverse
from django.utils.http import urlencode
from django.views.defaults import bad_request


def two_factor_required():
    """Whether staff must prove a second factor; read per request so tests can switch it."""
    return bool(getattr(settings, "CARBONSITE_REQUIRE_2FA", False))


def is_editor_request(request):
    """Requests by a logged-in staff member get the editors' policy; everyone else, even on
    the admin login page, gets the public one."""
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated and user.is_staff)


class SecurityHeadersMiddleware(CSPMiddleware):
    """Content-Security-Policy (public or editors') and Permissions-Policy on every response.

    Sits right after Django's SecurityMiddleware and before WhiteNoise, so static files get the
    same headers as pages; documents and error pages pass through it like any view.
    """

    def process_request(self, request):
        """Keep NUL characters away from the database, which cannot compare text holding them.

        A NUL in the path is never a real address: it gets a 400 here, so a CMS page or
        document lookup cannot fail with a database error. NULs in the query string are
        dropped from the parsed parameters, so a hostile search or filter still gets the normal
        page for what remains.
        """
        super().process_request(request)
        if "\x00" in request.path_info:
            # Answered here rather than raised, so this response gets the headers too.
            return bad_request(request, BadRequest("The address contains a NUL character."))
        if "\x00" in request.META.get("QUERY_STRING", "") or any(
            "\x00" in key or any("\x00" in value for value in values)
            for key, values in request.GET.lists()
        ):
            cleaned = QueryDict(mutable=True)
            for key, values in request.GET.lists():
                cleaned.setlist(key.replace("\x00", ""), [v.replace("\x00", "") for v in values])
            cleaned._mutable = False
            request.GET = cleaned
        return None

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if report_only or parts.config is not None:
            return parts
        if response.get("Content-Type", "").startswith("application/pdf"):
            policy = settings.CARBONSITE_DOCUMENT_CSP
        elif is_editor_request(request):
            policy = settings.CARBONSITE_EDITOR_CSP
        else:
            return parts
        return PolicyParts(
            config=default_config(policy["DIRECTIVES"]),
            update=parts.update,
            replace=parts.replace,
            nonce=parts.nonce,
        )

    def process_response(self, request, response):
        response = super().process_response(request, response)
        if "Permissions-Policy" not in response:
            response["Permissions-Policy"] = settings.CARBONSITE_PERMISSIONS_POLICY
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        """With a second factor required, the CMS toolbar's password-only login is closed.

        Editors are sent to the admin login, which asks for the one-time token as well.
        """
        is_toolbar_login = (
            getattr(view_func, "__module__", "") == "cms.views" and view_func.__name__ == "login"
        )
        if two_factor_required() and is_toolbar_login:
            query = urlencode({"next": request.GET.get("next", "/")})
            return HttpResponseRedirect(f"{reverse('admin:login')}?{query}", status=303)
        return None


class CarbonsiteAdminConfig(AdminConfig):
    """django.contrib.admin with the site's admin site, which can demand a second factor."""

    default_site = "carbonsite.admin_site.CarbonsiteAdminSite"
