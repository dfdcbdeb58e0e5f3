from django.apps import AppConfig


class CarbonsiteConfig(AppConfig):
    """The project package as an app, for its site-wide template tags and commands."""

    name = "carbonsite"
    verbose_name = "Site"
