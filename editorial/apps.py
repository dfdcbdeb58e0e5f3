from django.apps import AppConfig, apps
from django.db.models.signals import pre_save


class EditorialConfig(AppConfig):
    """How editors and publishers work together: roles, review requests, the admin's chrome,
    uploads to the media library, rich-text rules and the text plugin."""

    name = "editorial"
    verbose_name = "Editorial review"

    def ready(self):
        from . import signals  # noqa: F401  (clears review requests on publish and archive)
        from .admin import extend_version_admins
        from .richtext import sanitise_text_plugin
        from .shared_blocks import add_publish_conditions

        # Every write of a text plugin, from any view or script, passes the stricter sanitiser.
        pre_save.connect(
            sanitise_text_plugin,
            sender=apps.get_model("djangocms_text", "Text"),
            dispatch_uid="editorial.sanitise_text_plugin",
        )

        # django CMS registers one version admin per versioned model while it starts (the cms
        # app comes first in INSTALLED_APPS), so they all exist by now.
        extend_version_admins()
        # Shared blocks (djangocms-alias) are published by publishers only, like pages.
        add_publish_conditions()
