from django.apps import AppConfig


class OpendataConfig(AppConfig):
    """Agreement data for machines and at a glance: downloads, feed, sitemap, JSON-LD, timeline."""

    name = "opendata"
    verbose_name = "Open data"

    def ready(self):
        from . import signals  # noqa: F401
