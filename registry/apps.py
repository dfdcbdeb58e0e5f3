from django.apps import AppConfig


class RegistryConfig(AppConfig):
    """Eligibility lists and the authorised project register, per agreement."""

    name = "registry"
    verbose_name = "Eligibility lists and project register"
