from django.apps import AppConfig


class EditorialConfig(AppConfig):
    """How editors and publishers work together: roles, review requests, the admin's chrome."""

    name = "editorial"
    verbose_name = "Editorial review"

    def ready(self):
        from . import signals  # noqa: F401  (clears review requests on publish and archive)
        from .admin import extend_version_admins
        from .shared_blocks import add_publish_conditions

        # django CMS registers one version admin per versioned model while it starts (the cms
        # app comes first in INSTALLED_APPS), so they all exist by now.
        extend_version_admins()
        # Shared blocks (djangocms-alias) are published by publishers only, like pages.
        add_publish_conditions()
