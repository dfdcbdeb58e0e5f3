"""What visitors send through the contact page, kept only as long as the retention setting says."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

NAME_MAX_LENGTH = 200
EMAIL_MAX_LENGTH = 254
MESSAGE_MAX_LENGTH = 5000
MESSAGE_MIN_LENGTH = 10


class EnquiryQuerySet(models.QuerySet):
    def older_than_retention(self, *, now=None):
        """Enquiries past ``ENQUIRY_RETENTION_DAYS``: the ones the privacy statement says go."""
        now = now or timezone.now()
        return self.filter(created_at__lt=now - timedelta(days=settings.ENQUIRY_RETENTION_DAYS))

    def recent_from(self, *, email, ip_hash, since):
        """Enquiries since ``since`` from the same address or the same (hashed) network address."""
        return self.filter(created_at__gte=since).filter(
            models.Q(email__iexact=email) | models.Q(ip_hash=ip_hash)
        )


class Topic(models.TextChoices):
    GENERAL = "general", _("General question")
    APPLICATION = "application", _("The application process")
    DOCUMENTS = "documents", _("Signed documents and forms")
    SITE_FEEDBACK = "site_feedback", _("Feedback on this site")
    OTHER = "other", _("Something else")


class Enquiry(models.Model):
    """One enquiry or piece of feedback from a visitor, for the agency's officers to answer.

    The sender's network address is never stored: only a keyed hash of it, which is enough to
    count recent messages from the same place (the rate limit) and says nothing by itself.
    """

    Topic = Topic

    created_at = models.DateTimeField(_("received"), default=timezone.now, db_index=True)
    email = models.EmailField(_("e-mail address"), max_length=EMAIL_MAX_LENGTH)
    name = models.CharField(_("name"), max_length=NAME_MAX_LENGTH, blank=True)
    agreement = models.ForeignKey(
        "agreements.Agreement",
        verbose_name=_("agreement"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    topic = models.CharField(_("topic"), max_length=20, choices=Topic.choices)
    message = models.TextField(_("message"), max_length=MESSAGE_MAX_LENGTH)
    consent_text = models.TextField(
        _("consent given"), help_text=_("The statement the sender agreed to, word for word.")
    )
    ip_hash = models.CharField(_("network address (keyed hash)"), max_length=64, editable=False)
    acknowledgement_sent = models.BooleanField(_("acknowledgement sent"), default=False)
    notification_sent = models.BooleanField(_("agency notified"), default=False)

    objects = EnquiryQuerySet.as_manager()

    class Meta:
        verbose_name = _("enquiry")
        verbose_name_plural = _("enquiries")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["ip_hash", "created_at"], name="enquiry_ip_recent")]
        constraints = [
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("message"), MESSAGE_MAX_LENGTH),
                name="enquiry_message_length",
                violation_error_message=_("The message is too long."),
            ),
            models.CheckConstraint(
                condition=models.Q(topic__in=Topic.values),
                name="enquiry_topic_known",
                violation_error_message=_("Choose a topic from the list."),
            ),
        ]

    def __str__(self):
        return f"{self.get_topic_display()} ({timezone.localtime(self.created_at):%d %b %Y %H:%M})"

    @property
    def reference(self):
        """The number quoted to the sender and to the agency, e.g. ``ENQ-000042``."""
        return f"ENQ-{self.pk:06d}"
