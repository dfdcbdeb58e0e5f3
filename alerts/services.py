"""Writes: recording published changes in the outbox, subscribing, confirming, unsubscribing."""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from . import tokens
from .kinds import ALL_KINDS
from .models import AlertChange, Delivery, Subscriber, Subscription

logger = logging.getLogger("alerts")


def _clean_kinds(kinds):
    unknown = set(kinds) - set(ALL_KINDS)
    if unknown:
        raise ValueError(f"Unknown alert kinds: {', '.join(sorted(unknown))}.")
    return [kind for kind in ALL_KINDS if kind in kinds]


def record_changes(*, agreement, kinds, summary_lines, published_by=None, no_alert=False):
    """Put a published change of ``agreement`` in the outbox, one row per subscriber to notify.

    Call it inside the publish's transaction: the rows commit or roll back with the publish, and
    nothing is sent before the sender finds them committed. A subscriber following both this
    agreement and all agreements gets one row (the pair is unique). ``no_alert`` records the
    change for the record and notifies no one, for a trivial fix. Returns the ``AlertChange``,
    or None when ``kinds`` is empty.
    """
    kinds = _clean_kinds(kinds)
    if not kinds:
        return None
    with transaction.atomic():
        change = AlertChange.objects.create(
            agreement=agreement,
            agreement_title=agreement.title,
            page_path=(agreement.get_absolute_url() or "") if agreement.page_id else "",
            kinds=kinds,
            summary_lines=list(summary_lines),
            published_by=published_by,
            no_alert=no_alert,
        )
        if no_alert:
            logger.info("Change %s recorded without alerts (publisher chose no alert)", change.pk)
            return change
        subscriber_ids = set(
            Subscription.objects.matching(agreement=agreement, kinds=kinds).values_list(
                "subscriber_id", flat=True
            )
        )
        # A short delay lets a burst of publishes (open the call, then fix an annex) share one
        # digest: the sender takes every pending row of a subscriber once the first is due.
        due = timezone.now() + timedelta(seconds=settings.ALERTS_DIGEST_DELAY)
        Delivery.objects.bulk_create(
            [
                Delivery(subscriber_id=subscriber_id, change=change, next_attempt_at=due)
                for subscriber_id in sorted(subscriber_ids)
            ],
            batch_size=500,
        )
    logger.info("Change %s queued for %d subscribers", change.pk, len(subscriber_ids))
    return change


def normalise_email(email):
    return email.strip().lower()


@transaction.atomic
def request_subscription(*, email, agreement, kinds):
    """Record a subscription request and return ``(subscription, confirmation token)``.

    A new or still unconfirmed request stores the choices; a confirmed subscription is left as
    it is until the link is followed (the token carries the new choices), so nobody can change
    another person's alerts by typing their address.
    """
    kinds = _clean_kinds(kinds)
    if not kinds:
        raise ValueError("Choose at least one kind of update.")
    subscriber, _ = Subscriber.objects.get_or_create(email=normalise_email(email))
    subscription = Subscription.objects.filter(subscriber=subscriber, agreement=agreement).first()
    if subscription is None:
        subscription = Subscription(subscriber=subscriber, agreement=agreement)
    if subscription.confirmed_at is None:
        subscription.set_kinds(kinds)
        subscription.created_at = timezone.now()  # a new request restarts the purge clock
        subscription.save()
    return subscription, tokens.confirm_token(subscription, kinds)


@transaction.atomic
def confirm_subscription(payload):
    """Apply a verified confirmation token's payload; None if the subscription is gone."""
    subscription = (
        Subscription.objects.select_for_update(of=("self",))
        .select_related("subscriber", "agreement")
        .filter(pk=payload["s"], subscriber__public_id=payload["u"])
        .first()
    )
    if subscription is None:
        return None
    subscription.set_kinds(_clean_kinds(payload["k"]))
    if subscription.confirmed_at is None:
        subscription.confirmed_at = timezone.now()
    subscription.save()
    return subscription


def subscriber_for_token(token):
    """The subscriber a signed subscriber token names, or None; raises on a bad signature."""
    public_id = tokens.read_subscriber_token(token)
    return Subscriber.objects.filter(public_id=public_id).first()


@transaction.atomic
def delete_subscription(*, subscriber, subscription_id):
    """Remove one subscription; the address goes too when it was the last one."""
    deleted, _ = Subscription.objects.filter(subscriber=subscriber, pk=subscription_id).delete()
    if not subscriber.subscriptions.exists():
        subscriber.delete()
        return deleted
    # Pending alerts no remaining subscription asks for are dropped.
    remaining = list(subscriber.subscriptions.confirmed())
    for delivery in subscriber.deliveries.filter(status=Delivery.Status.PENDING).select_related(
        "change"
    ):
        wanted = any(
            (s.agreement_id in (None, delivery.change.agreement_id))
            and set(s.kinds) & set(delivery.change.kinds)
            for s in remaining
        )
        if not wanted:
            delivery.delete()
    return deleted


def delete_subscriber(subscriber):
    """Forget the address, every subscription and every delivery record."""
    subscriber.delete()


def purge(*, now=None):
    """Delete unconfirmed requests, addresses left without subscriptions, old delivery records.

    Returns a dict of counts. Run by ``send_alerts`` on every sweep and by ``purge_alerts``.
    """
    now = now or timezone.now()
    unconfirmed_before = now - timedelta(days=settings.ALERTS_UNCONFIRMED_DAYS)
    records_before = now - timedelta(days=settings.ALERTS_DELIVERY_RECORD_DAYS)
    counts = {}
    counts["unconfirmed"], _ = Subscription.objects.filter(
        confirmed_at__isnull=True, created_at__lt=unconfirmed_before
    ).delete()
    counts["addresses"], _ = Subscriber.objects.filter(subscriptions__isnull=True).delete()
    counts["deliveries"], _ = Delivery.objects.filter(
        Q(status=Delivery.Status.SENT, sent_at__lt=records_before)
        | Q(status=Delivery.Status.FAILED, next_attempt_at__lt=records_before)
    ).delete()
    return counts
