from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class SecurityConfig(AppConfig):
    """Response headers, the editors' content security policy and staff's second factor."""

    name = "security"
    verbose_name = "Security"


class CarbonsiteAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin with the site's admin site, which can demand a second factor.

    Listed in INSTALLED_APPS in place of ``django.contrib.admin``; not this app's own config.
    """

    default = False
    default_site = "editorial.admin_site.CarbonsiteAdminSite"
