"""Reads for editors and officers: counts, never addresses."""

from django.db.models import Count, Q

from .models import Subscription


def subscriber_count_for(agreement, kinds):
    """How many addresses a change of ``kinds`` to ``agreement`` would notify (confirmed only)."""
    if not kinds:
        return 0
    return (
        Subscription.objects.matching(agreement=agreement, kinds=kinds)
        .values("subscriber_id")
        .distinct()
        .count()
    )


def subscription_counts():
    """Confirmed and unconfirmed subscriptions per agreement (None = all agreements)."""
    return list(
        Subscription.objects.values("agreement__partner_country")
        .annotate(
            confirmed=Count("pk", filter=Q(confirmed_at__isnull=False)),
            unconfirmed=Count("pk", filter=Q(confirmed_at__isnull=True)),
        )
        .order_by("agreement__partner_country")
    )
