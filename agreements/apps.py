from django.apps import AppConfig


class AgreementsConfig(AppConfig):
    name = "agreements"
    verbose_name = "Implementation Agreements"

    def ready(self):
        from . import signals

        signals.connect()
