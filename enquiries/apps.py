from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnquiriesConfig(AppConfig):
    """The contact concern: visitors' enquiries and feedback, kept for a limited time."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "enquiries"
    verbose_name = _("Enquiries and feedback")
