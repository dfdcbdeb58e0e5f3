from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo content: ``manage.py load_demo_content`` and the facts and stand-in files it uses."""

    name = "demo"
    verbose_name = "Demo content"
