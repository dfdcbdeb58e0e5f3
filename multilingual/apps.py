from django.apps import AppConfig


class MultilingualConfig(AppConfig):
    """Spanish beside English: which languages a page has, the switcher, alternates and dates."""

    name = "multilingual"
    verbose_name = "Languages"
