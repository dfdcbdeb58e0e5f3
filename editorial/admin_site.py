"""The admin site: titled for the site, with the editors' guide, and demanding a one-time token
from staff when the site requires it."""

import functools

from django.conf import settings
from django.contrib.admin import AdminSite
from django.urls import path

from security.middleware import two_factor_required


@functools.cache
def _otp_login_form():
    """django-otp's admin login form, defaulting to the user's device when there is only one.

    django-otp asks the user to pick a device even when there is a single one, which turns the
    login into two screens; editors normally have exactly one authenticator app.
    """
    from django_otp import devices_for_user
    from django_otp.admin import OTPAdminAuthenticationForm

    class SingleDeviceOTPLoginForm(OTPAdminAuthenticationForm):
        def _chosen_device(self, user):
            device = super()._chosen_device(user)
            if device is None:
                devices = list(devices_for_user(user))
                if len(devices) == 1:
                    device = devices[0]
            return device

    return SingleDeviceOTPLoginForm


class CarbonsiteAdminSite(AdminSite):
    """Django's admin site; with ``CARBONSITE_REQUIRE_2FA`` it behaves like django-otp's
    ``OTPAdminSite``: the login form asks for a TOTP token and an unverified session is treated
    as not staff. The switch is read per request, so development keeps the plain login.
    """

    site_header = f"{settings.SITE_NAME} — site administration"
    site_title = f"{settings.SITE_NAME} administration"
    index_title = "Site administration"

    # The admin's sections and lists, named as the site and the editors' guide name them rather
    # than after the packages that provide them: {app_label: (name, {model name: list name})}.
    LABELS = {
        "auth": ("Accounts and groups", {}),
        "cms": ("Pages", {"PageContent": "Pages"}),
        "djangocms_versioning": (
            "Versions",
            {"PageContentVersion": "Page versions", "AliasContentVersion": "Shared block versions"},
        ),
        "djangocms_alias": (
            "Shared blocks",
            {"Alias": "Shared blocks", "Category": "Shared block categories"},
        ),
        "filer": ("Media library", {"Folder": "Files and folders"}),
        "editorial": ("Editorial review", {}),
    }

    def get_app_list(self, request, app_label=None):
        app_list = super().get_app_list(request, app_label)
        for app in app_list:
            name, models = self.LABELS.get(app["app_label"], (None, {}))
            if name:
                app["name"] = name
            for model in app["models"]:
                if model["object_name"] in models:
                    model["name"] = models[model["object_name"]]
            app["models"].sort(key=lambda model: model["name"].lower())
        return sorted(app_list, key=lambda app: app["name"].lower())

    def get_urls(self):
        from .guide import editors_guide, editors_guide_image

        return [
            path("guide/", self.admin_view(editors_guide), name="editors_guide"),
            path(
                "guide/images/<str:name>",
                self.admin_view(editors_guide_image),
                name="editors_guide_image",
            ),
            *super().get_urls(),
        ]

    @property
    def login_form(self):
        return _otp_login_form() if two_factor_required() else None

    login_template = "admin/carbonsite_login.html"

    def login(self, request, extra_context=None):
        base = "otp/admin111/login.html" if two_factor_required() else "admin/login.html"
        return super().login(request, {"base_login_template": base, **(extra_context or {})})

    def has_permission(self, request):
        if not super().has_permission(request):
            return False
        return not two_factor_required() or request.user.is_verified()


AXES_USERNAME_LENGTH = 255  # axes' AccessAttempt.username column


def axes_username(request, credentials=None):
    """The user name django-axes records for a login attempt, cut to fit its column.

    A login posted with a user name longer than the column raised a DataError on PostgreSQL
    (SQLite does not enforce lengths), turning a bad login into a 500. No account has a name
    that long (Django's limit is 150), so the cut never merges two real users' counters.
    """
    from django.conf import settings

    field = getattr(settings, "AXES_USERNAME_FORM_FIELD", "username")
    source = credentials if credentials else request.POST
    name = source.get(field) if hasattr(source, "get") else None
    return name[:AXES_USERNAME_LENGTH] if isinstance(name, str) else name
