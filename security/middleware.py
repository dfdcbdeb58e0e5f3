"""Response headers, the editors' content security policy and the admin's second factor.

The public site runs under a strict policy: no inline script or style, nothing from other
origins, no framing. Editors need the CMS toolbar and the admin, whose scripts add inline event
handlers and styles at run time and open admin pages in frames of the site; they get a wider
policy, and only once they are logged in as staff. Anonymous visitors never see it.

django CMS tags its toolbar scripts with a CSP nonce only from Django 6.1 on; on Django 5.2 the
editors' policy therefore allows inline script rather than a nonce (a nonce would disable
'unsafe-inline' and break the toolbar). Move to a nonce when the site runs Django 6.1.
"""

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject, CSPMiddleware, PolicyParts
from csp.utils import build_policy, default_config
from django.conf import settings
from django.core.exceptions import BadRequest
from django.core.signals import setting_changed
from django.dispatch import receiver
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

    @staticmethod
    def policy_setting(request, response):
        """The name of the setting holding the policy for this response."""
        if response.get("Content-Type", "").startswith("application/pdf"):
            return "CARBONSITE_DOCUMENT_CSP"
        if is_editor_request(request):
            return "CARBONSITE_EDITOR_CSP"
        return "CONTENT_SECURITY_POLICY"

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if report_only or parts.config is not None:
            return parts
        name = self.policy_setting(request, response)
        if name == "CONTENT_SECURITY_POLICY":
            return parts
        return PolicyParts(
            config=default_config(getattr(settings, name)["DIRECTIVES"]),
            update=parts.update,
            replace=parts.replace,
            nonce=parts.nonce,
        )

    def process_response(self, request, response):
        if not self.set_built_policy(request, response):
            response = super().process_response(request, response)
        if "Permissions-Policy" not in response:
            response["Permissions-Policy"] = settings.CARBONSITE_PERMISSIONS_POLICY
        return response

    # Attributes through which a view or decorator asks for a policy of its own.
    PER_RESPONSE = frozenset(
        {
            "_csp_config",
            "_csp_update",
            "_csp_replace",
            "_csp_exempt",
            "_csp_config_ro",
            "_csp_update_ro",
            "_csp_replace_ro",
            "_csp_exempt_ro",
        }
    )
    # Header strings built from the settings, by setting name; emptied when a policy setting
    # changes (tests). django-csp rebuilds the string from the settings dicts on every response,
    # a fifth of the CPU time of a cached page; the policies only change with the settings.
    built = {}

    def set_built_policy(self, request, response):
        """Set the headers from strings built once per process; False where they may differ.

        Falls back to django-csp's own per-response building whenever something about this
        request can change the policy: a nonce was used, the view set its own policy or
        exemption, a debug error page, or URL prefixes are excluded.
        """
        if settings.DEBUG or getattr(request, "_csp_nonce", None) is not None:
            return False
        if not self.PER_RESPONSE.isdisjoint(vars(response)):  # set on the instance by decorators
            return False
        name = self.policy_setting(request, response)
        headers = self.built.get(name)
        if headers is None:
            headers = self.built[name] = self.build_headers(name)
        if headers is False:
            return False
        for header, value in headers:
            if header not in response:
                response[header] = value
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return True

    @staticmethod
    def build_headers(name):
        report_only = getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", None) or {}
        for policy in (getattr(settings, "CONTENT_SECURITY_POLICY", None) or {}, report_only):
            if policy.get("EXCLUDE_URL_PREFIXES"):
                return False
        config = None
        if name != "CONTENT_SECURITY_POLICY":
            config = default_config(getattr(settings, name)["DIRECTIVES"])
        headers = (
            (HEADER, build_policy(config=config)),
            (HEADER_REPORT_ONLY, build_policy(report_only=True)),
        )
        return tuple((header, value) for header, value in headers if value)

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


@receiver(setting_changed)
def _forget_built_policies(setting, **kwargs):
    if setting in (
        "CONTENT_SECURITY_POLICY",
        "CONTENT_SECURITY_POLICY_REPORT_ONLY",
        "CARBONSITE_EDITOR_CSP",
        "CARBONSITE_DOCUMENT_CSP",
    ):
        SecurityHeadersMiddleware.built.clear()
