from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SiteRedirectsConfig(AppConfig):
    """The old site's addresses: seeds django.contrib.redirects rows that editors then manage."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "siteredirects"
    verbose_name = _("Old addresses")
