from django.apps import AppConfig, apps
from django.db.models.signals import pre_save


class CarbonsiteConfig(AppConfig):
    """The project package as an app: site-wide template tags, commands and rich-text rules."""

    name = "carbonsite"
    verbose_name = "Site"

    def ready(self):
        from .richtext import sanitise_text_plugin

        # Every write of a text plugin, from any view or script, passes the stricter sanitiser.
        pre_save.connect(
            sanitise_text_plugin,
            sender=apps.get_model("djangocms_text", "Text"),
            dispatch_uid="carbonsite.sanitise_text_plugin",
        )
