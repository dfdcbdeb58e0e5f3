from django.apps import AppConfig


class RegistryConfig(AppConfig):
    """Eligibility lists and the authorised project register, per agreement."""

    name = "registry"
    verbose_name = "Eligibility lists and project register"

    def ready(self):
        from agreements.signals import agreement_pages_created

        from .services import add_registry_tabs

        agreement_pages_created.connect(add_registry_tabs, dispatch_uid="registry-tabs")
