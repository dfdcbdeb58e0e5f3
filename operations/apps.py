from django.apps import AppConfig


class OperationsConfig(AppConfig):
    """Running the site: health checks, JSON logs, backups and answers to outages."""

    name = "operations"
    verbose_name = "Operations"
