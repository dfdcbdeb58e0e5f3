"""The admin site, which demands a one-time token from staff when the site requires it."""

from django.contrib.admin import AdminSite

from carbonsite.security import two_factor_required


class CarbonsiteAdminSite(AdminSite):
    """Django's admin site; with ``CARBONSITE_REQUIRE_2FA`` it behaves like django-otp's
    ``OTPAdminSite``: the login form asks for a TOTP token and an unverified session is treated
    as not staff. The switch is read per request, so development keeps the plain login.
    """

    @property
    def login_form(self):
        if two_factor_required():
            from django_otp.admin import OTPAdminAuthenticationForm

            return OTPAdminAuthenticationForm
        return None

    @property
    def login_template(self):
        return "otp/admin111/login.html" if two_factor_required() else None

    def has_permission(self, request):
        if not super().has_permission(request):
            return False
        return not two_factor_required() or request.user.is_verified()
