"""E-mail alerts: who asked to hear about which agreement, and the outbox of changes to send.

Only the address and the choices are stored about a subscriber, plus the dates needed to purge
unconfirmed requests and old delivery records (see ``alerts.privacy``).
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .kinds import ALL_KINDS, AlertKind


class Subscriber(models.Model):
    """One e-mail address. Links in e-mails name it by ``public_id``, never by the address."""

    email = models.EmailField(_("e-mail address"), unique=True)
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("subscriber")
        verbose_name_plural = _("subscribers")
        permissions = [
            ("view_subscriber_address", _("Can see subscribers' e-mail addresses")),
        ]

    def __str__(self):
        return f"Subscriber {self.pk}"  # never the address: str() ends up in logs and admin


class SubscriptionQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(confirmed_at__isnull=False)

    def for_kind(self, kind):
        return self.filter(**{kind: True})

    def matching(self, *, agreement, kinds):
        """Confirmed subscriptions to ``agreement`` or to all agreements, wanting any ``kinds``."""
        wanted = Q()
        for kind in kinds:
            wanted |= Q(**{kind: True})
        return self.confirmed().filter(wanted).filter(Q(agreement=agreement) | Q(agreement=None))


class Subscription(models.Model):
    """A subscriber's choice: one agreement (or every agreement) and the kinds of update."""

    subscriber = models.ForeignKey(
        Subscriber, on_delete=models.CASCADE, related_name="subscriptions"
    )
    agreement = models.ForeignKey(
        "agreements.Agreement",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("agreement"),
        help_text=_("Empty means every agreement."),
    )
    call_opened = models.BooleanField(AlertKind.CALL_OPENED.label, default=False)
    documents_changed = models.BooleanField(AlertKind.DOCUMENTS_CHANGED.label, default=False)
    eligibility_changed = models.BooleanField(AlertKind.ELIGIBILITY_CHANGED.label, default=False)
    agreement_signed = models.BooleanField(AlertKind.AGREEMENT_SIGNED.label, default=False)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    created_at = models.DateTimeField(_("requested"), auto_now_add=True)

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")
        ordering = ["agreement__partner_country", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["subscriber", "agreement"], name="subscription_once_per_agreement"
            ),
            models.UniqueConstraint(
                fields=["subscriber"],
                condition=Q(agreement__isnull=True),
                name="subscription_once_for_all_agreements",
            ),
            models.CheckConstraint(
                condition=Q(call_opened=True)
                | Q(documents_changed=True)
                | Q(eligibility_changed=True)
                | Q(agreement_signed=True),
                name="subscription_wants_something",
                violation_error_message=_("Choose at least one kind of update."),
            ),
        ]

    def __str__(self):
        return f"{self.agreement or 'All agreements'}: {', '.join(self.kinds)}"

    @property
    def kinds(self):
        return [kind for kind in ALL_KINDS if getattr(self, kind)]

    @property
    def kind_labels(self):
        return [AlertKind(kind).label for kind in self.kinds]

    def set_kinds(self, kinds):
        for kind in ALL_KINDS:
            setattr(self, kind, kind in kinds)


class AlertChange(models.Model):
    """One published change to an agreement that subscribers may hear about.

    Written by ``alerts.services.record_changes`` in the publisher's transaction, together with
    one ``Delivery`` per subscriber to notify.
    """

    agreement = models.ForeignKey(
        "agreements.Agreement", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    agreement_title = models.CharField(max_length=300)
    page_path = models.CharField(
        max_length=500, blank=True, help_text=_("The agreement page's address at the time.")
    )
    kinds = models.JSONField(default=list)
    summary_lines = models.JSONField(default=list)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    no_alert = models.BooleanField(
        _("no alert"), default=False, help_text=_("The publisher chose not to notify anyone.")
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("published change")
        verbose_name_plural = _("published changes")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.agreement_title}: {', '.join(self.kinds)}"

    @property
    def kind_labels(self):
        return [AlertKind(kind).label for kind in self.kinds if kind in ALL_KINDS]


class Delivery(models.Model):
    """The outbox: one change to tell one subscriber. Unique per pair, so never sent twice.

    The sender groups a subscriber's pending rows into one digest e-mail and gives them one
    ``message_id``, kept across retries: a digest resent after a crash carries the same
    Message-ID (the idempotency key mail systems de-duplicate on) and the same changes.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to be sent")
        SENDING = "sending", _("Being sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Gave up")

    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="deliveries")
    change = models.ForeignKey(AlertChange, on_delete=models.CASCADE, related_name="deliveries")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField()
    claimed_at = models.DateTimeField(null=True, blank=True)
    message_id = models.CharField(max_length=200, blank=True, db_index=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["subscriber", "change"], name="delivery_once_per_subscriber"
            )
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self):
        return f"Delivery {self.pk} ({self.status})"
