from django.apps import AppConfig


class SitesearchConfig(AppConfig):
    """Site search over published pages, agreement data and the text of signed documents."""

    name = "sitesearch"
    verbose_name = "Site search"

    def ready(self):
        from . import signals  # noqa: F401
