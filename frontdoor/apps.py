from django.apps import AppConfig


class FrontdoorConfig(AppConfig):
    """The HTTP side of caching: what the shared cache in front of the app may keep, and for how
    long; the nginx configuration it pairs with is rendered by ``frontdoor.nginx``."""

    name = "frontdoor"
    verbose_name = "Front door"
