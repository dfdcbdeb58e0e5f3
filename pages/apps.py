from django.apps import AppConfig


class PagesConfig(AppConfig):
    """The public page chrome: the site name in templates and the footer's last-updated date."""

    name = "pages"
    verbose_name = "Page chrome"
